// The ONE place where argv becomes a shell string (ssh exec takes a string).
// POSIX single quotes; a single quote inside becomes '\'' . Words made only of safe characters
// are left bare so logs stay readable.
import type { Cmd } from './cmd.js';

const SAFE = /^[A-Za-z0-9_\-+=/.,:@%]+$/;

export function quoteArg(s: string): string {
  if (s.length > 0 && SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface ExecOptions {
  /** Cluster configured to run root commands via `sudo -n`. */
  useSudo?: boolean;
}

/** argv (+ env, + sudo) → the exact string sent to the remote shell. */
export function toExecString(c: Cmd, opts: ExecOptions = {}): string {
  const words: string[] = [];
  if (c.sudo && opts.useSudo) words.push('sudo', '-n');
  const env = c.env ? Object.entries(c.env) : [];
  if (env.length > 0) {
    words.push('env');
    for (const [k, v] of env) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
      if (String(v).includes('\0')) {
        throw new Error(`environment variable ${k} of ${JSON.stringify(c.argv[0] ?? '')} contains a NUL byte, which a shell command line cannot carry`);
      }
      words.push(`${k}=${v}`);
    }
  }
  // sshd hands the command line to the shell as a C string: a NUL would silently cut it.
  c.argv.forEach((a, i) => {
    if (String(a).includes('\0')) {
      throw new Error(`argument ${i} of ${JSON.stringify(c.argv[0] ?? '')} contains a NUL byte, which a shell command line cannot carry: ${JSON.stringify(String(a).slice(0, 80))}`);
    }
  });
  words.push(...c.argv);
  if (words.length === 0) throw new Error('empty command');
  return words.map(quoteArg).join(' ');
}

/** Marker line printed after each command of a batch: `@@virtdeck-rc=<exit code>`. */
export const BATCH_MARKER = '@@virtdeck-rc=';

/**
 * Several cheap reads in one exec (one round trip). Each command's stderr is discarded so the
 * sections stay clean; its exit code is reported on the marker line.
 * Rendered as: CMD1 2>/dev/null; echo @@virtdeck-rc=$?; CMD2 2>/dev/null; echo @@virtdeck-rc=$?
 */
export function toBatchExecString(cmds: readonly Cmd[], opts: ExecOptions = {}): string {
  if (cmds.length === 0) throw new Error('empty batch');
  return cmds.map((c) => `${toExecString(c, opts)} 2>/dev/null; echo ${BATCH_MARKER}$?`).join('; ');
}

export interface BatchSection {
  stdout: string;
  code: number | null;
}

/** Splits a batch's stdout back into one section per command (missing tail → code null). */
export function splitBatchOutput(stdout: string, count: number): BatchSection[] {
  const out: BatchSection[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    // The marker need not start a line: output without a trailing newline runs into it.
    const m = findMarker(stdout, from);
    if (!m) {
      out.push({ stdout: stdout.slice(from), code: null });
      from = stdout.length;
      continue;
    }
    out.push({ stdout: stdout.slice(from, m.index), code: m.code });
    from = m.end;
  }
  return out;
}

/** The first `@@virtdeck-rc=<digits>` at or after `from` (with its newline, if any); by index,
 *  as it runs on every batch read of every node. */
function findMarker(s: string, from: number): { index: number; end: number; code: number } | undefined {
  for (let i = s.indexOf(BATCH_MARKER, from); i >= 0; i = s.indexOf(BATCH_MARKER, i + 1)) {
    const d = i + BATCH_MARKER.length;
    let j = d;
    for (let c = s.charCodeAt(j); c >= 48 && c <= 57; c = s.charCodeAt(++j));
    if (j === d) continue;
    const code = Number(s.slice(d, j));
    return { index: i, end: s.charCodeAt(j) === 10 ? j + 1 : j, code };
  }
  return undefined;
}

/**
 * Inverse of toExecString for the demo server and property tests: splits a POSIX shell string
 * into commands of words. Understands single quotes, double quotes (no expansion but `$?`),
 * backslash escapes, `;` separators and `2>/dev/null` redirections (dropped, reported).
 */
export interface ParsedShellCommand {
  argv: string[];
  stderrToNull: boolean;
}

export function parseShell(s: string): ParsedShellCommand[] {
  const cmds: ParsedShellCommand[] = [];
  let words: string[] = [];
  let cur = '';
  let inWord = false;
  // A quoted '2>/dev/null' is an argument, not a redirection.
  let quoted = false;
  let stderrToNull = false;
  const endWord = () => {
    if (inWord) {
      if (cur === '2>/dev/null' && !quoted) stderrToNull = true;
      else words.push(cur);
    }
    cur = '';
    inWord = false;
    quoted = false;
  };
  const endCmd = () => {
    endWord();
    if (words.length > 0) cmds.push({ argv: words, stderrToNull });
    words = [];
    stderrToNull = false;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) throw new Error('unterminated single quote');
      cur += s.slice(i + 1, j);
      inWord = true;
      quoted = true;
      i = j;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '"\\$`'.includes(s[j + 1]!)) {
          j++;
        }
        cur += s[j];
      }
      if (j >= s.length) throw new Error('unterminated double quote');
      inWord = true;
      quoted = true;
      i = j;
    } else if (ch === '\\') {
      if (i + 1 < s.length) {
        cur += s[i + 1];
        i++;
      }
      inWord = true;
      quoted = true;
    } else if (ch === ';' || ch === '\n') {
      endCmd();
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else {
      cur += ch;
      inWord = true;
    }
  }
  endCmd();
  return cmds;
}

/** Human-readable form for plans and logs: identical to what is sent (minus sudo). */
export function displayCmd(c: Cmd): string {
  return toExecString(c, { useSudo: false });
}
