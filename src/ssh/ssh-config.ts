// ~/.ssh/config → ResolvedHost, the subset of ssh_config(5) virtdeck honours (ssh2 reads none
// of it itself). Key files are read here so the pool only deals with bytes.
import { readFile, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import ssh2 from 'ssh2';
import type { ResolvedHost, StrictHostKeyChecking } from './host.js';

export interface ResolveOptions {
  /** Explicit config file (must exist). Default ~/.ssh/config (may be missing). */
  configFile?: string;
  /** Used where the config says nothing (config values win). */
  defaults?: Partial<ResolvedHost>;
  /** Overrides for tests: home directory, environment (SSH_AUTH_SOCK), local user name. */
  homeDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  localUser?: string;
}

export const DEFAULT_KEEPALIVE_INTERVAL_MS = 5_000;
export const DEFAULT_KEEPALIVE_COUNT_MAX = 3;
const DEFAULT_IDENTITY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];
const MAX_JUMP_DEPTH = 8;

type Computed = Record<string, string | string[]>;

interface Ctx {
  config: SSHConfig;
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

async function loadConfig(file: string | undefined, home: string): Promise<{ config: SSHConfig; file: string }> {
  const path = file ?? join(home, '.ssh', 'config');
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (file === undefined && code === 'ENOENT') return { config: SSHConfig.parse(''), file: path };
    throw new Error(`ssh config file ${path}: ${code === 'ENOENT' ? 'not found' : (e as Error).message}`);
  }
  try {
    return { config: SSHConfig.parse(text), file: path };
  } catch (e) {
    throw new Error(`ssh config file ${path}: parse error: ${(e as Error).message}`);
  }
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

interface Tokens {
  h: string; // remote host name
  n: string; // original alias
  p: number;
  r: string; // remote user
  u: string; // local user
  d: string; // local home
}

/** ~ and the common % tokens (%h %n %p %r %u %d %%); anything else is left as written. */
function expandPath(s: string, t: Tokens): string {
  let out = s.startsWith('~/') || s === '~' ? t.d + s.slice(1) : s;
  out = out.replace(/%([%hnprud])/g, (_, c: string) => (c === '%' ? '%' : String(t[c as keyof Tokens])));
  return out;
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

async function resolveOne(ctx: Ctx, alias: string, override: { user?: string; port?: number }, depth: number, chain: string[]): Promise<ResolvedHost> {
  if (depth > MAX_JUMP_DEPTH) throw new Error(`ssh config ${ctx.configFile}: ProxyJump chain too deep or cyclic: ${[...chain, alias].join(' → ')}`);
  const c: Computed = ctx.config.compute(
    override.user ? { Host: alias, User: override.user } : { Host: alias },
    { ignoreCase: true, matchExec: false },
  );
  const d = ctx.defaults;
  const warnings: string[] = [];
  const file = ctx.configFile;

  const user = override.user ?? first(c['user']) ?? d.user ?? ctx.localUser;
  const port = override.port ?? parseIntSetting(first(c['port']), 'Port', alias, file) ?? d.port ?? 22;
  if (port < 1 || port > 65535) throw new Error(`ssh config ${file}: host ${alias}: Port out of range: ${port}`);
  const tokensBase = { n: alias, p: port, r: user, u: ctx.localUser, d: ctx.home };
  const hostnameRaw = first(c['hostname']);
  const hostname = hostnameRaw !== undefined ? expandPath(hostnameRaw, { ...tokensBase, h: alias }) : ((depth === 0 ? d.hostname : undefined) ?? alias);
  const tokens: Tokens = { ...tokensBase, h: hostname };

  const identitiesOnly = (first(c['identitiesonly']) ?? '').toLowerCase() === 'yes' || (first(c['identitiesonly']) === undefined && (d.identitiesOnly ?? false));

  const identityFiles = all(c['identityfile']).filter((f) => f.toLowerCase() !== 'none');
  let identities: ResolvedHost['identities'] = [];
  if (identityFiles.length > 0) {
    for (const f of identityFiles) {
      const id = await loadIdentity(expandPath(f, tokens), true, alias, warnings);
      if (id) identities.push(id);
    }
  } else if (d.identities) {
    identities = [...d.identities];
  } else {
    for (const f of DEFAULT_IDENTITY_FILES) {
      const id = await loadIdentity(expandPath(f, tokens), false, alias, warnings);
      if (id) identities.push(id);
    }
  }

  const identityAgent = first(c['identityagent']);
  let agent: string | undefined;
  if (identitiesOnly && identities.length > 0) agent = undefined;
  else if (identityAgent !== undefined) {
    const v = identityAgent;
    if (v.toLowerCase() === 'none') agent = undefined;
    else if (v === 'SSH_AUTH_SOCK') agent = ctx.env['SSH_AUTH_SOCK'];
    else if (v.startsWith('$')) agent = ctx.env[v.slice(1)];
    else agent = expandPath(v, tokens);
  } else agent = d.agent ?? ctx.env['SSH_AUTH_SOCK'];
  if (agent === '') agent = undefined;

  const khRaw = all(c['userknownhostsfile']).filter((f) => f.toLowerCase() !== 'none');
  const knownHostsFiles = khRaw.length > 0 ? khRaw.map((f) => expandPath(f, tokens)) : (d.knownHostsFiles ?? [join(ctx.home, '.ssh', 'known_hosts')]);

  const strictHostKeyChecking = parseStrict(first(c['stricthostkeychecking']), alias, file, warnings) ?? d.strictHostKeyChecking ?? 'yes';

  const connectTimeoutS = parseIntSetting(first(c['connecttimeout']), 'ConnectTimeout', alias, file);
  const aliveS = parseIntSetting(first(c['serveraliveinterval']), 'ServerAliveInterval', alias, file);
  const aliveMax = parseIntSetting(first(c['serveralivecountmax']), 'ServerAliveCountMax', alias, file);

  const host: ResolvedHost = {
    name: alias,
    hostname,
    port,
    user,
    identities,
    identitiesOnly,
    agent,
    knownHostsFiles,
    strictHostKeyChecking,
    keepaliveIntervalMs: aliveS !== undefined && aliveS > 0 ? aliveS * 1000 : (d.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS),
    keepaliveCountMax: aliveMax !== undefined && aliveMax > 0 ? aliveMax : (d.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX),
  };
  const connectTimeoutMs = connectTimeoutS !== undefined && connectTimeoutS > 0 ? connectTimeoutS * 1000 : d.connectTimeoutMs;
  if (connectTimeoutMs !== undefined) host.connectTimeoutMs = connectTimeoutMs;

  // ProxyJump a,b: connect to a, from there to b, from there to the target.
  const jump = first(c['proxyjump']);
  if (jump !== undefined && jump.toLowerCase() !== 'none') {
    const specs = jump.split(',').map((s) => parseJumpSpec(s, file));
    let prev: ResolvedHost | undefined;
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      const hop = await resolveOne(ctx, s.alias, { user: s.user, port: s.port }, depth + 1, [...chain, alias]);
      // Only the first hop keeps its own ProxyJump (as `ssh -J a,b` does).
      if (prev) hop.proxyJump = prev;
      prev = hop;
    }
    if (prev) host.proxyJump = prev;
  } else if (d.proxyJump && depth === 0) {
    host.proxyJump = d.proxyJump;
  }

  const allWarnings = [...(d.warnings ?? []), ...warnings];
  if (allWarnings.length > 0) host.warnings = allWarnings;
  return host;
}

/**
 * Resolves node names through ssh_config: HostName, User, Port, IdentityFile, IdentitiesOnly,
 * IdentityAgent, UserKnownHostsFile, ProxyJump, StrictHostKeyChecking, ConnectTimeout,
 * ServerAliveInterval/CountMax. `Match exec` blocks are not evaluated (no shell from config).
 */
export async function resolveHosts(names: readonly string[], opts: ResolveOptions = {}): Promise<ResolvedHost[]> {
  const home = opts.homeDir ?? homedir();
  const { config, file } = await loadConfig(opts.configFile, home);
  const ctx: Ctx = {
    config,
    configFile: file,
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
