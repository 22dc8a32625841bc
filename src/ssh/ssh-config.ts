// ssh_config → ResolvedHost, the subset of ssh_config(5) virtdeck honours (ssh2 reads none of
// it itself); the files are evaluated as OpenSSH does in ssh-config-file.ts. Key files are read
// here so the pool only deals with bytes.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { HostOrigin, ResolvedHost, StrictHostKeyChecking } from './host.js';
import { evaluateSshConfig, expandHostname, SshConfigError, tildeExpand, type EvalContext, type RawHostOptions } from './ssh-config-file.js';

export interface ResolveOptions {
  /** Explicit config file (must exist); like `ssh -F`, the system file is then not read. */
  configFile?: string;
  /** Without configFile: the system-wide file read after ~/.ssh/config (default /etc/ssh/ssh_config; null: none). */
  systemConfigFile?: string | null;
  /** Used where the config says nothing (config values win). */
  defaults?: Partial<ResolvedHost>;
  /** Overrides for tests: home directory, environment (SSH_AUTH_SOCK), local user name. */
  homeDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  localUser?: string;
}

export const DEFAULT_KEEPALIVE_INTERVAL_MS = 5_000;
export const DEFAULT_KEEPALIVE_COUNT_MAX = 3;
/** Keys virtdeck offers when IdentityFile is not set (the ones ssh2 can use, newest first). */
const DEFAULT_IDENTITY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];
const DEFAULT_USER_KNOWN_HOSTS = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
export const SYSTEM_SSH_CONFIG = '/etc/ssh/ssh_config';
const MAX_JUMP_DEPTH = 8;

interface Ctx {
  files: EvalContext['files'];
  configFile: string;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  localUser: string;
  defaults: Partial<ResolvedHost>;
}

function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

/** The files ssh would read: `-F file` alone, else ~/.ssh/config then the system file. */
function configFiles(opts: ResolveOptions, home: string): { files: EvalContext['files']; main: string } {
  if (opts.configFile !== undefined) return { files: [{ path: opts.configFile, system: false, required: true }], main: opts.configFile };
  const user = join(home, '.ssh', 'config');
  const files: EvalContext['files'] = [{ path: user, system: false, required: false }];
  const sys = opts.systemConfigFile === undefined ? SYSTEM_SSH_CONFIG : opts.systemConfigFile;
  if (sys !== null) files.push({ path: sys, system: true, required: false });
  return { files, main: user };
}

interface Tokens {
  h: string; // remote host name
  n: string; // original alias
  p: number;
  r: string; // remote user
  u: string; // local user
  d: string; // local home
}

function localHostName(): string {
  try {
    return hostname();
  } catch {
    return 'localhost';
  }
}

/** ~ and the % tokens of IdentityFile/UserKnownHostsFile (%% %C %d %h %i %k %L %l %n %p %r %u). */
export function expandPath(s: string, t: Tokens): string {
  const out = s.startsWith('~/') || s === '~' ? t.d + s.slice(1) : s;
  return out.replace(/%(.)/g, (all, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'h':
      case 'n':
      case 'r':
      case 'u':
      case 'd':
        return t[c];
      case 'p':
        return String(t.p);
      case 'k':
        return t.n;
      case 'i':
        return String(typeof process.getuid === 'function' ? process.getuid() : 0);
      case 'l':
        return localHostName();
      case 'L':
        return localHostName().split('.')[0]!;
      case 'C':
        return createHash('sha1').update(`${localHostName()}${t.h}${t.p}${t.r}`).digest('hex');
      default:
        throw new Error(`unknown token %${c} in ${JSON.stringify(s)}`);
    }
  });
}

/** ProxyCommand tokens (%% %h %n %p %r). The values are checked before they reach a shell. */
export function expandProxyCommand(s: string, t: Tokens): string {
  for (const [k, v] of [['host', t.h], ['name', t.n], ['user', t.r]] as const) {
    if (/[^A-Za-z0-9._:@\[\]-]/.test(v)) throw new Error(`ProxyCommand: ${k} ${JSON.stringify(v)} holds characters a shell would interpret; refusing to run it`);
  }
  return s.replace(/%(.)/g, (all, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'h':
        return t.h;
      case 'n':
        return t.n;
      case 'p':
        return String(t.p);
      case 'r':
        return t.r;
      default:
        throw new Error(`ProxyCommand ${JSON.stringify(s)}: unknown token %${c}`);
    }
  });
}

function parseIntSetting(v: string | undefined, key: string, host: string, file: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`ssh config ${file}: host ${host}: ${key} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

function parseStrict(v: string | undefined, host: string, file: string, warnings: string[]): StrictHostKeyChecking | undefined {
  if (v === undefined) return undefined;
  switch (v.toLowerCase()) {
    case 'yes':
    case 'ask': // nobody to ask: unknown keys are refused
      return 'yes';
    case 'accept-new':
      return 'accept-new';
    case 'no':
    case 'off':
      warnings.push(
        `host ${host}: StrictHostKeyChecking ${v} (${file}) is not honoured: virtdeck always verifies host keys; ` +
          `unknown keys are accepted and recorded (accept-new), changed keys are still refused`,
      );
      return 'accept-new';
    default:
      throw new Error(`ssh config ${file}: host ${host}: StrictHostKeyChecking must be yes, accept-new, no or ask, got ${JSON.stringify(v)}`);
  }
}

async function loadIdentity(path: string, explicit: boolean, host: string, warnings: string[]): Promise<ResolvedHost['identities'][number] | undefined> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (explicit) warnings.push(`host ${host}: IdentityFile ${path}: ${code === 'ENOENT' ? 'not found' : (e as Error).message}; skipped`);
    return undefined;
  }
  // OpenSSH refuses such a key; we use it (the operator asked for it) but say so loudly.
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0)
    warnings.push(`host ${host}: IdentityFile ${path} is accessible by group/others (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
  const parsed = ssh2.utils.parseKey(data) as unknown;
  const key = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  if (key instanceof Error) {
    if (/passphrase/i.test(key.message)) {
      warnings.push(`host ${host}: IdentityFile ${path} is encrypted and no passphrase is available; skipped (ssh-agent may still hold it)`);
    } else {
      warnings.push(`host ${host}: IdentityFile ${path} is not a usable private key (${key.message}); skipped`);
    }
    return undefined;
  }
  if (!key || typeof (key as { isPrivateKey?: unknown }).isPrivateKey !== 'function' || !(key as ssh2.ParsedKey).isPrivateKey()) {
    warnings.push(`host ${host}: IdentityFile ${path} holds no private key; skipped`);
    return undefined;
  }
  return { path, privateKey: data };
}

interface JumpSpec {
  alias: string;
  user?: string;
  port?: number;
}

/** `[user@]host[:port]`, `ssh://[user@]host[:port]`, `[v6addr]:port`. */
function parseJumpSpec(spec: string, file: string): JumpSpec {
  let s = spec.trim().replace(/^ssh:\/\//, '');
  let user: string | undefined;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
  }
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    s = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(s);
    if (m) {
      s = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!s || (port !== undefined && (port < 1 || port > 65535))) throw new Error(`ssh config ${file}: invalid ProxyJump entry ${JSON.stringify(spec)}`);
  return { alias: s, user, port };
}

function evaluate(ctx: Ctx, alias: string, user: string | undefined, warnings: string[]): RawHostOptions {
  const ectx: EvalContext = { host: alias, localUser: ctx.localUser, home: ctx.home, files: ctx.files, warnings };
  // `ssh -l user host` (a ProxyJump hop's user@) counts as set before the files are read.
  return evaluateSshConfig(user === undefined ? ectx : { ...ectx, preset: { user } });
}

/** `file:line` → "host H: …" error context for a value. */
const at = (v: { from: string }, alias: string): string => `ssh config ${v.from}: host ${alias}`;

async function resolveOne(ctx: Ctx, alias: string, override: { user?: string; port?: number; noJump?: boolean }, depth: number, chain: string[]): Promise<ResolvedHost> {
  // ssh would spawn `ssh -W … hop` forever here; say so, with the usual fix.
  if (chain.includes(alias))
    throw new Error(
      `ssh config ${ctx.configFile}: ProxyJump chain too deep or cyclic: ${[...chain, alias].join(' → ')} ` +
        `(a jump host reached through itself: give its Host block "ProxyJump none" before any wildcard ProxyJump)`,
    );
  if (depth > MAX_JUMP_DEPTH) throw new Error(`ssh config ${ctx.configFile}: ProxyJump chain too deep or cyclic: ${[...chain, alias].join(' → ')}`);
  const d = ctx.defaults;
  const warnings: string[] = [];
  let c: RawHostOptions;
  try {
    c = evaluate(ctx, alias, override.user, warnings);
  } catch (e) {
    if (e instanceof SshConfigError) throw new Error(`ssh config ${e.message}`);
    throw e;
  }
  const origin: HostOrigin = {};
  const fromDefault = (k: keyof HostOrigin, hasDefault: boolean) => (origin[k] = hasDefault ? 'virtdeck config' : 'default');

  let user: string;
  if (override.user !== undefined) [user, origin.user] = [override.user, 'ProxyJump'];
  else if (c.user) [user, origin.user] = [c.user.value, c.user.from];
  else {
    user = d.user ?? ctx.localUser;
    origin.user = d.user !== undefined ? 'virtdeck config' : 'local user';
  }
  let port: number;
  if (override.port !== undefined) [port, origin.port] = [override.port, 'ProxyJump'];
  else if (c.port) {
    port = parseIntSetting(c.port.value, 'Port', alias, c.port.from)!;
    origin.port = c.port.from;
  } else {
    port = d.port ?? 22;
    fromDefault('port', d.port !== undefined);
  }
  if (port < 1 || port > 65535) throw new Error(`ssh config ${origin.port}: host ${alias}: Port out of range: ${port}`);
  const tokensBase = { n: alias, p: port, r: user, u: ctx.localUser, d: ctx.home };
  let hostnameV: string;
  if (c.hostname && c.hostname.from !== 'node name') {
    try {
      hostnameV = c.hostnameFinal ? c.hostname.value : expandHostname(c.hostname.value, alias);
    } catch (e) {
      throw new Error(`${at(c.hostname, alias)}: ${(e as Error).message}`);
    }
    origin.hostname = c.hostname.from;
  } else if (depth === 0 && d.hostname !== undefined) {
    hostnameV = d.hostname;
    origin.hostname = 'virtdeck config';
  } else {
    hostnameV = alias;
    origin.hostname = 'node name';
  }
  // OpenSSH lowercases the host it connects to (known_hosts lookups too).
  const hostname = hostnameV.toLowerCase();
  const tokens: Tokens = { ...tokensBase, h: hostname };
  const expand = (v: string, from: string) => {
    try {
      return expandPath(v, tokens);
    } catch (e) {
      throw new Error(`ssh config ${from}: host ${alias}: ${(e as Error).message}`);
    }
  };

  const identitiesOnly = c.identitiesOnly ? c.identitiesOnly.value.toLowerCase() === 'yes' : (d.identitiesOnly ?? false);

  const configured = c.identityFiles.filter((f) => f.value.toLowerCase() !== 'none');
  let identities: ResolvedHost['identities'] = [];
  let identityFiles: string[];
  if (configured.length > 0) {
    identityFiles = configured.map((f) => expand(f.value, f.from));
    origin.identityFiles = configured.map((f) => f.from).join(', ');
    for (const f of identityFiles) {
      const id = await loadIdentity(f, true, alias, warnings);
      if (id) identities.push(id);
    }
  } else if (d.identities) {
    identities = [...d.identities];
    identityFiles = identities.map((i) => i.path ?? '(key)');
    origin.identityFiles = 'virtdeck config';
  } else {
    identityFiles = DEFAULT_IDENTITY_FILES.map((f) => expandPath(f, tokens));
    origin.identityFiles = 'default';
    for (const f of identityFiles) {
      const id = await loadIdentity(f, false, alias, warnings);
      if (id) identities.push(id);
    }
  }

  let agent: string | undefined;
  if (identitiesOnly && identities.length > 0) agent = undefined;
  else if (c.identityAgent !== undefined) {
    const v = c.identityAgent.value;
    if (v.toLowerCase() === 'none') agent = undefined;
    else if (v === 'SSH_AUTH_SOCK') agent = ctx.env['SSH_AUTH_SOCK'];
    else if (v.startsWith('$')) agent = ctx.env[v.slice(1)];
    else agent = expand(v, c.identityAgent.from);
  } else agent = d.agent ?? ctx.env['SSH_AUTH_SOCK'];
  if (agent === '') agent = undefined;

  let knownHostsFiles: string[];
  const ukh = c.userKnownHostsFiles;
  if (ukh) {
    knownHostsFiles = ukh.value.filter((f) => f.toLowerCase() !== 'none').map((f) => expand(f, ukh.from));
    origin.knownHostsFiles = ukh.from;
  } else if (d.knownHostsFiles) {
    knownHostsFiles = d.knownHostsFiles;
    origin.knownHostsFiles = 'virtdeck config';
  } else {
    knownHostsFiles = DEFAULT_USER_KNOWN_HOSTS.map((f) => expandPath(f, tokens));
    origin.knownHostsFiles = 'default';
  }
  const gkh = c.globalKnownHostsFiles;
  let globalKnownHostsFiles: string[];
  if (gkh) {
    // No % tokens here (OpenSSH expands only ~ in GlobalKnownHostsFile).
    globalKnownHostsFiles = gkh.value.filter((f) => f.toLowerCase() !== 'none').map((f) => tildeExpand(f, ctx.home));
    origin.globalKnownHostsFiles = gkh.from;
  } else {
    globalKnownHostsFiles = d.globalKnownHostsFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS;
    fromDefault('globalKnownHostsFiles', d.globalKnownHostsFiles !== undefined);
  }

  const shkc = c.strictHostKeyChecking;
  const strictHostKeyChecking = (shkc && parseStrict(shkc.value, alias, shkc.from, warnings)) || d.strictHostKeyChecking || 'yes';

  const connectTimeoutS = c.connectTimeout && parseIntSetting(c.connectTimeout.value, 'ConnectTimeout', alias, c.connectTimeout.from);
  const aliveS = c.serverAliveInterval && parseIntSetting(c.serverAliveInterval.value, 'ServerAliveInterval', alias, c.serverAliveInterval.from);
  const aliveMax = c.serverAliveCountMax && parseIntSetting(c.serverAliveCountMax.value, 'ServerAliveCountMax', alias, c.serverAliveCountMax.from);

  const host: ResolvedHost = {
    name: alias,
    hostname,
    port,
    user,
    identities,
    identitiesOnly,
    agent,
    knownHostsFiles,
    globalKnownHostsFiles,
    strictHostKeyChecking,
    keepaliveIntervalMs: aliveS !== undefined && aliveS > 0 ? aliveS * 1000 : (d.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS),
    keepaliveCountMax: aliveMax !== undefined && aliveMax > 0 ? aliveMax : (d.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX),
    identityFiles,
    origin,
  };
  const connectTimeoutMs = connectTimeoutS !== undefined && connectTimeoutS > 0 ? connectTimeoutS * 1000 : d.connectTimeoutMs;
  if (connectTimeoutMs !== undefined) host.connectTimeoutMs = connectTimeoutMs;

  // ProxyCommand (first of ProxyCommand/ProxyJump wins, as in OpenSSH): run it, speak SSH over its stdio.
  const pc = override.noJump ? undefined : c.proxyCommand;
  if (pc && pc.value.toLowerCase() !== 'none') {
    try {
      host.proxyCommand = expandProxyCommand(pc.value, tokens);
    } catch (e) {
      throw new Error(`${at(pc, alias)}: ${(e as Error).message}`);
    }
    host.proxyCommandRaw = pc.value;
    origin.proxyCommand = pc.from;
  }
  // ProxyJump a,b: connect to a, from there to b, from there to the target.
  const jump = override.noJump ? undefined : c.proxyJump;
  if (jump !== undefined && jump.value.toLowerCase() !== 'none') {
    const specs = jump.value.split(',').map((s) => parseJumpSpec(s, jump.from));
    let prev: ResolvedHost | undefined;
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      // A later hop is reached through the one before (`ssh -J a,b`): its own ProxyJump is not used.
      const hop = await resolveOne(ctx, s.alias, { user: s.user, port: s.port, noJump: i > 0 }, depth + 1, [...chain, alias]);
      // Only the first hop keeps its own ProxyJump (as `ssh -J a,b` does).
      if (prev) hop.proxyJump = prev;
      prev = hop;
    }
    if (prev) host.proxyJump = prev;
    host.proxyJumpRaw = jump.value;
    origin.proxyJump = jump.from;
  } else if (d.proxyJump && depth === 0 && !host.proxyCommand) {
    host.proxyJump = d.proxyJump;
    origin.proxyJump = 'virtdeck config';
  }

  const allWarnings = [...(d.warnings ?? []), ...warnings];
  if (allWarnings.length > 0) host.warnings = allWarnings;
  return host;
}

/**
 * Resolves node names through ssh_config (~/.ssh/config then /etc/ssh/ssh_config, or only the
 * given file as `ssh -F` does): HostName, User, Port, IdentityFile, IdentitiesOnly,
 * IdentityAgent, UserKnownHostsFile, GlobalKnownHostsFile, ProxyJump, ProxyCommand,
 * StrictHostKeyChecking, ConnectTimeout, ServerAliveInterval/CountMax, with Include and Match.
 */
export async function resolveHosts(names: readonly string[], opts: ResolveOptions = {}): Promise<ResolvedHost[]> {
  const home = opts.homeDir ?? homedir();
  const { files, main } = configFiles(opts, home);
  const ctx: Ctx = {
    files,
    configFile: main,
    home,
    env: opts.env ?? process.env,
    localUser: opts.localUser ?? localUserName(),
    defaults: opts.defaults ?? {},
  };
  const out: ResolvedHost[] = [];
  for (const n of names) {
    const h = await resolveOne(ctx, n, {}, 0, []);
    out.push(h);
  }
  return out;
}
