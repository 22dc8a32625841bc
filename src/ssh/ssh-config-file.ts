// ssh_config(5) evaluated the way OpenSSH 9 does it (readconf.c), with the file and line every
// value came from: first value wins, Include (globs; relative to ~/.ssh or /etc/ssh), Host on
// the name as given, Match host/originalhost/user/localuser/all/final, ProxyJump vs ProxyCommand
// sharing one slot. `Match exec` never runs anything (it does not match, with a warning).
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Where a value came from: `file:line`, or a word such as `default`. */
export type From = string;

export interface Valued<T> {
  value: T;
  from: From;
}

/** The options virtdeck uses, as written in the config (tokens not yet expanded). */
export interface RawHostOptions {
  hostname?: Valued<string>;
  /** HostName is final (tokens expanded, lowercased): set before a `Match final` pass, as ssh.c does. */
  hostnameFinal?: boolean;
  user?: Valued<string>;
  port?: Valued<string>;
  identityFiles: Valued<string>[];
  identitiesOnly?: Valued<string>;
  identityAgent?: Valued<string>;
  userKnownHostsFiles?: Valued<string[]>;
  globalKnownHostsFiles?: Valued<string[]>;
  /** `none` is kept: it occupies the slot (a later ProxyJump is then ignored, as in OpenSSH). */
  proxyCommand?: Valued<string>;
  proxyJump?: Valued<string>;
  strictHostKeyChecking?: Valued<string>;
  connectTimeout?: Valued<string>;
  serverAliveInterval?: Valued<string>;
  serverAliveCountMax?: Valued<string>;
}

export interface EvalContext {
  /** The name being resolved (ssh's host argument). */
  host: string;
  localUser: string;
  /** Home for `~` and relative Includes of user files (OpenSSH uses the passwd entry). */
  home: string;
  /** Files read in order: the user file first, then the system file (ssh without -F). */
  files: { path: string; system: boolean; required: boolean }[];
  /** Problems that do not stop resolution (Match exec, unreadable include). */
  warnings: string[];
  /** Set before the files are read (`ssh -l user`, a ProxyJump hop's `user@`): wins, and Match user sees it. */
  preset?: { user?: string };
  /** Test hook: file reader (default: fs). */
  read?: (path: string) => string;
}

export class SshConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshConfigError';
  }
}

const MAX_INCLUDE_DEPTH = 16;
const WS = /[ \t\r\f\v]/;

/**
 * One config line → keyword and arguments (argv_split: whitespace separates, "…" and '…' quote,
 * backslash escapes a quote, backslash or space, an unquoted `#` starting a word ends the line).
 * `rest` is the raw remainder after the keyword (ProxyCommand takes it verbatim).
 */
export function splitConfigLine(line: string, where: string): { keyword: string; args: string[]; rest: string } | undefined {
  let i = 0;
  const n = line.length;
  while (i < n && WS.test(line[i]!)) i++;
  if (i >= n || line[i] === '#') return undefined;
  const k0 = i;
  while (i < n && !WS.test(line[i]!) && line[i] !== '=') i++;
  const keyword = line.slice(k0, i).toLowerCase();
  while (i < n && WS.test(line[i]!)) i++;
  if (line[i] === '=') {
    i++;
    while (i < n && WS.test(line[i]!)) i++;
  }
  const rest = line.slice(i).replace(/[ \t\r\f\v]+$/, '');
  if (keyword === '') return undefined;
  if (rest === '') throw new SshConfigError(`${where}: no argument after keyword "${keyword}"`);
  const args: string[] = [];
  let j = 0;
  const m = rest.length;
  while (j < m) {
    while (j < m && WS.test(rest[j]!)) j++;
    if (j >= m) break;
    if (rest[j] === '#') break;
    let word = '';
    let quote: string | undefined;
    for (; j < m; j++) {
      const c = rest[j]!;
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && (rest[j + 1] === quote || rest[j + 1] === '\\')) word += rest[++j];
        else word += c;
        continue;
      }
      if (WS.test(c)) break;
      if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && j + 1 < m && /["'\\ ]/.test(rest[j + 1]!)) word += rest[++j];
      else word += c;
    }
    if (quote) throw new SshConfigError(`${where}: invalid quotes`);
    args.push(word);
  }
  return { keyword, args, rest };
}

/** OpenSSH match_pattern: `*` and `?`, whole string. Greedy with one backtrack point: linear-ish, never exponential. */
export function matchPattern(s: string, p: string): boolean {
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** match_pattern_list: comma-separated, `!` negates; -1 negated hit, 1 positive hit, 0 none. */
export function matchPatternList(s: string, list: string, lower: boolean): -1 | 0 | 1 {
  const str = lower ? s.toLowerCase() : s;
  let positive = false;
  for (const raw of list.split(',')) {
    const neg = raw.startsWith('!');
    const pat = lower ? (neg ? raw.slice(1) : raw).toLowerCase() : neg ? raw.slice(1) : raw;
    if (matchPattern(str, pat)) {
      if (neg) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** A path of `*`/`?`/`[` patterns → existing files, sorted like glob(3). No match: none. */
export function globFiles(pattern: string): string[] {
  const parts = pattern.split('/');
  let bases = [parts[0] === '' ? '/' : '.'];
  const start = parts[0] === '' ? 1 : 0;
  for (let i = start; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const next: string[] = [];
    for (const b of bases) {
      if (!/[*?[]/.test(part)) {
        next.push(b === '.' && start === 0 && i === 0 ? part : join(b, part));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(b);
      } catch {
        continue;
      }
      const re = globRegex(part);
      for (const nm of names) if (re.test(nm) && (nm[0] !== '.' || part[0] === '.')) next.push(join(b, nm));
    }
    bases = next;
  }
  return bases.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function globRegex(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = part.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = part.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** `~` and `~/…` → home. (`~user` is left alone: virtdeck does not look up other users.) */
export function tildeExpand(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

interface Pass {
  ctx: EvalContext;
  opts: RawHostOptions;
  final: boolean;
  wantFinal: boolean;
}

/** Host line: matches when a pattern matches the name as given and no negated one does. */
function hostLineMatches(host: string, args: readonly string[]): boolean {
  let hit = false;
  for (const a of args) {
    const neg = a.startsWith('!');
    if (matchPattern(host, neg ? a.slice(1) : a)) {
      if (neg) return false;
      hit = true;
    }
  }
  return hit;
}

function matchLineMatches(p: Pass, args: readonly string[], where: string): boolean {
  const { ctx, opts } = p;
  // As readconf.c: the host so far is HostName (with %h) once set, the name as given before.
  const host = opts.hostname ? (opts.hostnameFinal ? opts.hostname.value : expandHostname(opts.hostname.value, ctx.host)) : ctx.host;
  const ruser = opts.user?.value ?? ctx.localUser;
  let result = true;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!.toLowerCase();
    // `!criterion` negates that criterion (OpenSSH 8.9+).
    const negate = word.startsWith('!');
    const crit = negate ? word.slice(1) : word;
    let hit: boolean;
    if (crit === 'all') hit = true;
    else if (crit === 'canonical' || crit === 'final') {
      // Only `final` asks for the second pass; both match in it (readconf.c post_canon).
      if (crit === 'final') p.wantFinal = true;
      hit = p.final;
    } else {
      const arg = args[++i];
      if (arg === undefined) throw new SshConfigError(`${where}: Match ${crit} needs an argument`);
      switch (crit) {
        case 'host':
          hit = matchPatternList(host, arg, true) === 1;
          break;
        case 'originalhost':
          hit = matchPatternList(ctx.host, arg, true) === 1;
          break;
        case 'user':
          hit = matchPatternList(ruser, arg, false) === 1;
          break;
        case 'localuser':
          hit = matchPatternList(ctx.localUser, arg, false) === 1;
          break;
        case 'exec':
          ctx.warnings.push(`${where}: Match exec is not evaluated (virtdeck runs no commands from ssh_config); the block is skipped`);
          // Not run, so neither true nor false: the block is skipped either way.
          result = false;
          continue;
        default:
          throw new SshConfigError(`${where}: unsupported Match criterion "${args[i - 1]}"`);
      }
    }
    if (hit === negate) result = false;
  }
  return result;
}

/** HostName accepts only %h and %% (OpenSSH). */
export function expandHostname(v: string, host: string): string {
  return v.replace(/%(.)/g, (all, c: string) => {
    if (c === '%') return '%';
    if (c === 'h') return host;
    throw new SshConfigError(`HostName ${JSON.stringify(v)}: unknown token %${c}`);
  });
}

function setFirst<K extends keyof RawHostOptions>(o: RawHostOptions, k: K, v: RawHostOptions[K]): void {
  if (o[k] === undefined) o[k] = v;
}

function one(args: readonly string[], where: string, kw: string): string {
  if (args.length !== 1) throw new SshConfigError(`${where}: ${kw} takes one argument, got ${args.length}`);
  return args[0]!;
}

function applyOption(p: Pass, keyword: string, args: string[], rest: string, from: From): void {
  const o = p.opts;
  const v = (): Valued<string> => ({ value: one(args, from, keyword), from });
  switch (keyword) {
    case 'hostname':
      return setFirst(o, 'hostname', v());
    case 'user':
      return setFirst(o, 'user', v());
    case 'port':
      return setFirst(o, 'port', v());
    case 'identityfile': {
      // Every line adds one; a repeat of the same text is ignored (readconf.c add_identity_file).
      const f = v();
      if (!o.identityFiles.some((x) => x.value === f.value)) o.identityFiles.push(f);
      return;
    }
    case 'identitiesonly':
      return setFirst(o, 'identitiesOnly', v());
    case 'identityagent':
      return setFirst(o, 'identityAgent', v());
    case 'userknownhostsfile':
      return setFirst(o, 'userKnownHostsFiles', { value: args, from });
    case 'globalknownhostsfile':
      return setFirst(o, 'globalKnownHostsFiles', { value: args, from });
    case 'stricthostkeychecking':
      return setFirst(o, 'strictHostKeyChecking', v());
    case 'connecttimeout':
      return setFirst(o, 'connectTimeout', v());
    case 'serveraliveinterval':
      return setFirst(o, 'serverAliveInterval', v());
    case 'serveralivecountmax':
      return setFirst(o, 'serverAliveCountMax', v());
    case 'proxycommand':
      // Verbatim remainder; a ProxyJump already set (other than none) takes the slot.
      if (o.proxyCommand === undefined && (o.proxyJump === undefined || o.proxyJump.value.toLowerCase() === 'none')) o.proxyCommand = { value: rest, from };
      return;
    case 'proxyjump':
      if (o.proxyCommand === undefined && o.proxyJump === undefined) o.proxyJump = v();
      return;
    default:
      return; // every other ssh option is OpenSSH's business, not the connection's
  }
}

function readText(ctx: EvalContext, path: string): string {
  return ctx.read ? ctx.read(path) : readFileSync(path, 'utf8');
}

function evalFile(p: Pass, path: string, system: boolean, active: boolean, neverMatch: boolean, depth: number): boolean {
  if (depth > MAX_INCLUDE_DEPTH) throw new SshConfigError(`${path}: Include nested too deep (more than ${MAX_INCLUDE_DEPTH} levels; a loop?)`);
  const text = readText(p.ctx, path);
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const where = `${path}:${ln + 1}`;
    const parsed = splitConfigLine(lines[ln]!, where);
    if (!parsed) continue;
    const { keyword, args, rest } = parsed;
    if (keyword === 'host') {
      if (args.length === 0) throw new SshConfigError(`${where}: Host needs a pattern`);
      // ssh.c: Host lines see the name as given, and in a final pass the HostName found so far.
      active = !neverMatch && hostLineMatches(p.final && p.opts.hostname ? p.opts.hostname.value : p.ctx.host, args);
      continue;
    }
    if (keyword === 'match') {
      const m = matchLineMatches(p, args, where);
      active = !neverMatch && m;
      continue;
    }
    if (keyword === 'include') {
      for (const a of args) {
        let target = tildeExpand(a, p.ctx.home);
        if (!isAbsolute(target)) target = system ? join('/etc/ssh', target) : join(p.ctx.home, '.ssh', target);
        for (const f of globFiles(target)) {
          try {
            evalFile(p, f, system, active, neverMatch || !active, depth + 1);
          } catch (e) {
            if (e instanceof SshConfigError) throw e;
            const code = (e as NodeJS.ErrnoException).code;
            if (code === 'EISDIR' || code === 'ENOENT') continue;
            throw new SshConfigError(`${where}: Include ${f}: ${(e as Error).message}`);
          }
        }
      }
      // an included file's Host/Match lines do not change this file's block
      continue;
    }
    if (active) applyOption(p, keyword, args, rest, where);
  }
  return active;
}

/**
 * The options for ctx.host from ctx.files, in OpenSSH's order and precedence. A `Match final`
 * or `Match canonical` anywhere asks for a second pass (hostname canonicalisation itself is
 * not done: virtdeck connects to HostName as written).
 */
export function evaluateSshConfig(ctx: EvalContext): RawHostOptions {
  const p: Pass = { ctx, opts: { identityFiles: [] }, final: false, wantFinal: false };
  if (ctx.preset?.user !== undefined) p.opts.user = { value: ctx.preset.user, from: 'command line' };
  const runAll = () => {
    for (const f of ctx.files) {
      try {
        evalFile(p, f.path, f.system, true, false, 0);
      } catch (e) {
        if (e instanceof SshConfigError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && !f.required) continue;
        throw new SshConfigError(`ssh config file ${f.path}: ${code === 'ENOENT' ? 'not found' : (e as Error).message}`);
      }
    }
  };
  runAll();
  if (p.wantFinal) {
    // ssh.c fills HostName (expanded, lowercased) before re-reading: the final pass cannot change it.
    const h = p.opts.hostname;
    p.opts.hostname = h ? { value: expandHostname(h.value, ctx.host).toLowerCase(), from: h.from } : { value: ctx.host.toLowerCase(), from: 'node name' };
    p.opts.hostnameFinal = true;
    p.final = true;
    runAll();
  }
  return p.opts;
}
