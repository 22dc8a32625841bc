// Runs one exec request's shell string: `;`-separated commands, `sudo -n` and `env K=V`
// prefixes, `2>/dev/null`, and `echo …$?` (the batch markers toBatchExecString emits).
import { parseShell } from '../ssh/quote.js';
import type { DemoSim } from './sim/sim.js';
import { findTool } from './tools/registry.js';
import type { ToolIo } from './tools/types.js';

export interface ExecChannel {
  out(s: string): void;
  err(s: string): void;
  stdin(): Promise<string>;
  onClose(fn: () => void): void;
  readonly closed: boolean;
}

const UNSUPPORTED = new Set(['|', '||', '&&', '&', '>', '>>', '<', '<<', '2>&1', '>&2']);

/** Strips `sudo [-n]` and `env K=V…` prefixes (both orders, repeated); returns argv and env. */
export function stripPrefixes(argv: string[]): { argv: string[]; env: Record<string, string> } {
  let a = argv;
  const env: Record<string, string> = {};
  for (;;) {
    if (a[0] === 'sudo') {
      a = a.slice(1);
      while (a[0] === '-n' || a[0] === '--non-interactive' || a[0] === '-E') a = a.slice(1);
      continue;
    }
    if (a[0] === 'env') {
      a = a.slice(1);
      while (a[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a[0])) {
        const i = a[0].indexOf('=');
        env[a[0].slice(0, i)] = a[0].slice(i + 1);
        a = a.slice(1);
      }
      continue;
    }
    return { argv: a, env };
  }
}

/** Returns the exit status of the last command (like `bash -c`). */
export async function runShell(sim: DemoSim, node: string, command: string, ch: ExecChannel): Promise<number> {
  let cmds;
  try {
    cmds = parseShell(command);
  } catch (e) {
    ch.err(`bash: -c: line 1: ${(e as Error).message}\n`);
    return 2;
  }
  let last = 0;
  for (const c of cmds) {
    if (ch.closed) return last;
    const bad = c.argv.find((w) => UNSUPPORTED.has(w));
    if (bad) {
      ch.err(`virtdeck demo shell: unsupported shell syntax near '${bad}'\n`);
      last = 2;
      continue;
    }
    const { argv, env } = stripPrefixes(c.argv);
    const io: ToolIo = {
      out: (s) => ch.out(s),
      err: (s) => {
        if (!c.stderrToNull) ch.err(s);
      },
      stdin: () => ch.stdin(),
      onClose: (fn) => ch.onClose(fn),
      get closed() {
        return ch.closed;
      },
    };
    const name = argv[0];
    if (name === undefined) continue;
    if (name === 'echo') {
      const words = argv.slice(1).map((w) => w.replace(/\$\?/g, String(last)));
      const noNl = words[0] === '-n';
      ch.out(`${(noNl ? words.slice(1) : words).join(' ')}${noNl ? '' : '\n'}`);
      last = 0;
      continue;
    }
    const tool = findTool(name);
    if (!tool) {
      io.err(`bash: ${name}: command not found\n`);
      last = 127;
      continue;
    }
    try {
      last = await tool({ sim, node, io, env, argv0: name }, argv.slice(1));
    } catch (e) {
      io.err(`${name}: ${(e as Error).message}\n`);
      last = 1;
    }
  }
  return last;
}
