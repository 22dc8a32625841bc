// One ssh2 connection per node; every command is an exec channel on it. Bounded channels per
// connection (OpenSSH MaxSessions is 10), FIFO queue above that, reconnect forever with backoff.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Cmd } from './cmd.js';
import { patchChannelDestroy, ssh2ChannelPrototype } from './channel-destroy.js';
import { batchWritesPerTurn } from './write-batching.js';
import type { ResolvedHost } from './host.js';
import {
  appendKnownHost,
  changedKeyMessage,
  changedKeySummary,
  fingerprintSha256,
  keyTypeLabel,
  keyTypeOfBlob,
  knownHostsName,
  loadKnownHosts,
  lookupHostKey,
  revokedKeyMessage,
  unknownKeyMessage,
  unknownKeySummary,
} from './known-hosts.js';
import { type ConnStatus, type NodeConnState, RunError, type RunErrorKind, type SshNotice } from './runner.js';
import { stallTolerantTimeout, type StallTimer } from './stall-timer.js';

type Client = ssh2.Client;
type ClientChannel = ssh2.ClientChannel;

export const DEFAULT_MAX_CHANNELS = 8;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * A node that comes back must be seen within ~5 s (full jitter under a 4 s cap); a refused host
 * key or login is retried at the slow end (15–30 s) instead, so it never hammers sshd/fail2ban.
 */
export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 4_000, slowMs: 30_000 };
/** stderr is diagnostics: keep the first MiB, drop the rest. */
const MAX_STDERR_BYTES = 1024 * 1024;

try {
  patchChannelDestroy(ssh2ChannelPrototype());
} catch {
  // another ssh2 layout: its own destroy() stays (same behaviour, one discarded error per channel end)
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Retry delay ceiling after a host key or authentication refusal (half to all of it). */
  slowMs?: number;
}

/** Full jitter: uniform in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt: number, b: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

interface ConnError {
  kind: RunErrorKind;
  /** Full text (a changed host key's is OpenSSH's multi-line banner): for the detail view. */
  message: string;
  /** One line, cause first, where the message has several (alerts, lists, command errors). */
  summary?: string;
}

/** The one-line form of a connection error. */
const oneLine = (e: ConnError): string => e.summary ?? e.message.split('\n').find((l) => l.trim() && !l.startsWith('@')) ?? e.message;

/** Commands refused while down carry the reason's kind when it is specific (host key, login, DNS). */
function downKind(err: ConnError | undefined): RunErrorKind {
  return err && (err.kind === 'hostkey' || err.kind === 'auth' || err.kind === 'dns') ? err.kind : 'unreachable';
}

const where = (h: ResolvedHost): string => `${h.user}@${h.hostname}:${h.port}`;

function classify(err: Error & { level?: string; code?: string }, h: ResolvedHost): ConnError {
  const code = err.code;
  if (err.level === 'client-authentication') {
    const offered = [...h.identities.map((i) => i.path ?? 'key'), ...(h.agent ? ['ssh-agent'] : [])];
    return { kind: 'auth', message: `authentication failed for ${where(h)} (offered: ${offered.length > 0 ? offered.join(', ') : 'nothing'})` };
  }
  if (err.level === 'client-dns' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'dns', message: `cannot resolve ${h.hostname}: ${err.message}` };
  }
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', message: `connection refused by ${h.hostname}:${h.port}` };
  if (err.level === 'client-timeout') return { kind: 'unreachable', message: `${err.message} (${h.hostname}:${h.port})` };
  return { kind: 'unreachable', message: `${h.hostname}:${h.port}: ${err.message}` };
}

export interface ConnectOptions {
  log?: (msg: string) => void;
  /** Aborts the handshake (pool closed meanwhile). */
  signal?: AbortSignal;
  /** For the operator (status line, timeline), beside the log: a host key recorded (accept-new). */
  notice?: (severity: SshNotice['severity'], message: string) => void;
}

/** Checks the presented key against the host's known_hosts files; records it under accept-new. */
async function verifyHostKey(h: ResolvedHost, key: Buffer, log?: (m: string) => void, notice?: ConnectOptions['notice']): Promise<ConnError | undefined> {
  let keyType: string;
  try {
    keyType = keyTypeOfBlob(key);
  } catch (e) {
    return { kind: 'hostkey', message: `${knownHostsName(h.hostname, h.port)} sent an unparsable host key: ${(e as Error).message}` };
  }
  // The user files first (accept-new records in the first), then the system-wide ones (read only).
  const checked = [...h.knownHostsFiles, ...(h.globalKnownHostsFiles ?? [])];
  const bad = (f: string, line: number, why: string) => log?.(`known_hosts ${f}:${line}: ${why} (line ignored)`);
  const entries = await loadKnownHosts(h.knownHostsFiles, bad);
  // A system-wide file this user may not read is skipped (as ssh does), not a refusal.
  for (const g of h.globalKnownHostsFiles ?? []) {
    try {
      entries.push(...(await loadKnownHosts([g], bad)));
    } catch (e) {
      log?.(`${(e as Error).message} (skipped)`);
    }
  }
  const r = lookupHostKey(entries, h.hostname, h.port, keyType, key);
  switch (r.status) {
    case 'match':
      return undefined;
    case 'revoked':
      return { kind: 'hostkey', message: revokedKeyMessage(h.hostname, h.port, keyType, key, r.entry!) };
    case 'changed':
      return { kind: 'hostkey', message: changedKeyMessage(h.hostname, h.port, keyType, key, r.entry!), summary: changedKeySummary(h.hostname, h.port, keyType, key, r.entry!) };
    case 'unknown': {
      const file = h.knownHostsFiles[0];
      if (h.strictHostKeyChecking !== 'accept-new' || !file) {
        return { kind: 'hostkey', message: unknownKeyMessage(h.hostname, h.port, keyType, key, checked, r.otherTypes), summary: unknownKeySummary(h.hostname, h.port, keyType, key) };
      }
      await appendKnownHost(file, h.hostname, h.port, keyType, key);
      const added = `Permanently added '${knownHostsName(h.hostname, h.port)}' (${keyTypeLabel(keyType)} ${fingerprintSha256(key)}) to ${file}`;
      log?.(added);
      notice?.('info', added);
      return undefined;
    }
  }
}

interface Connected {
  client: Client;
  /** Ends this client and every jump client under it. */
  dispose(): void;
}

function forwardOut(jump: Client, h: ResolvedHost): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      jump.forwardOut('127.0.0.1', 0, h.hostname, h.port, (err, stream) => (err ? reject(err) : resolve(stream)));
    } catch (e) {
      reject(e as Error);
    }
  });
}

interface ProxyProcess {
  sock: Duplex;
  /** Last lines the command wrote to stderr (for the error message). */
  stderrTail(): string;
  /** Set once the command has exited. */
  exit?: string;
  /** Resolves when the command has exited and its output is read. */
  closed: Promise<void>;
  kill(): void;
}

/**
 * ProxyCommand: `/bin/sh -c 'exec CMD'` (as ssh does), SSH spoken over its stdin/stdout. Its
 * stderr goes to the log and, when the connection fails, into the error.
 */
function spawnProxyCommand(h: ResolvedHost, log?: (m: string) => void): ProxyProcess {
  const command = h.proxyCommand!;
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let tail = '';
  const p: ProxyProcess = {
    sock: new Duplex({
      read() {
        child.stdout.resume();
      },
      write(chunk: Buffer, _enc, cb) {
        if (child.stdin.destroyed) return cb();
        child.stdin.write(chunk, (e) => cb(e ?? null));
      },
      final(cb) {
        child.stdin.end();
        cb();
      },
      destroy(err, cb) {
        p.kill();
        cb(err);
      },
    }),
    stderrTail: () => tail.trim().split('\n').slice(-3).join(' / '),
    closed: new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
  child.stdout.on('data', (b: Buffer) => {
    if (!p.sock.push(b)) child.stdout.pause();
  });
  child.stdout.on('end', () => p.sock.push(null));
  child.stdin.on('error', () => undefined); // EPIPE after the command died: reported through 'exit'
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    tail = (tail + s).slice(-2000);
    for (const l of s.split('\n')) if (l.trim()) log?.(`ProxyCommand: ${l.trim()}`);
  });
  child.on('error', (e) => {
    p.exit = e.message;
    p.sock.destroy(e);
  });
  child.on('exit', (code, sig) => {
    p.exit = sig ? `killed by ${sig}` : `exit code ${code}`;
  });
  return p;
}

/** Opens an authenticated ssh2 Client (through the ProxyJump chain or ProxyCommand when there is one). */
export async function connectHost(h: ResolvedHost, opts: ConnectOptions = {}): Promise<Connected> {
  let jump: Connected | undefined;
  let sock: NodeJS.ReadableStream | undefined;
  let proxy: ProxyProcess | undefined;
  const aborted = () => Object.assign(new Error('connection attempt aborted'), { connKind: 'closed' as RunErrorKind });
  if (opts.signal?.aborted) throw aborted();
  if (h.proxyCommand !== undefined) {
    proxy = spawnProxyCommand(h, opts.log);
    sock = proxy.sock;
  } else if (h.proxyJump) {
    try {
      jump = await connectHost(h.proxyJump, opts);
    } catch (e) {
      const ce = toConnError(e, h.proxyJump);
      throw Object.assign(new Error(`via ProxyJump ${h.proxyJump.name}: ${ce.message}`), { connKind: ce.kind, connSummary: `via ProxyJump ${h.proxyJump.name}: ${oneLine(ce)}` });
    }
    try {
      if (opts.signal?.aborted) throw aborted();
      sock = await forwardOut(jump.client, h);
    } catch (e) {
      if (opts.signal?.aborted) {
        jump.dispose();
        throw aborted();
      }
      jump.dispose();
      throw Object.assign(new Error(`ProxyJump ${h.proxyJump.name} cannot reach ${h.hostname}:${h.port}: ${(e as Error).message}`), {
        connKind: 'unreachable' as RunErrorKind,
      });
    }
  }
  const j = jump;
  const px = proxy;
  // A dead ProxyCommand explains the failure better than "connection closed".
  const viaProxy = (ce: ConnError): ConnError => {
    if (!px) return ce;
    const why = [px.exit, px.stderrTail()].filter(Boolean).join(': ');
    return { kind: ce.kind, message: `via ProxyCommand (${h.proxyCommand}): ${ce.message}${why ? ` (command ${why})` : ''}` };
  };
  return new Promise<Connected>((resolve, reject) => {
    const client = new ssh2.Client();
    let hostKeyFailure: ConnError | undefined;
    let done = false;
    let handshakeTimer: StallTimer | undefined;
    const dispose = () => {
      // A peer that never answers the disconnect must not keep the socket open.
      const t = setTimeout(() => client.destroy(), 1000);
      client.once('close', () => {
        clearTimeout(t);
        px?.kill();
      });
      client.end();
      j?.dispose();
    };
    const onAbort = () => fail({ kind: 'closed', message: 'connection attempt aborted' });
    const fail = (ce: ConnError) => {
      handshakeTimer?.clear();
      if (done) return;
      done = true;
      opts.signal?.removeEventListener('abort', onAbort);
      client.destroy();
      j?.dispose();
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        px?.kill();
        const e = ce.kind === 'hostkey' || ce.kind === 'closed' ? ce : viaProxy(ce);
        reject(Object.assign(new Error(e.message), { connKind: e.kind, ...(e.summary ? { connSummary: e.summary } : {}) }));
      };
      // A ProxyCommand that is ending says why (exit status, stderr): give it a moment to finish.
      if (px && px.exit === undefined && ce.kind !== 'hostkey' && ce.kind !== 'closed') {
        const t = setTimeout(finish, 300);
        void px.closed.then(() => {
          clearTimeout(t);
          finish();
        });
      } else finish();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // Stays attached for the client's life: an 'error' with no listener would throw.
    client.on('error', (err: Error) => fail(hostKeyFailure ?? classify(err, h)));
    client.once('close', () => fail(hostKeyFailure ?? { kind: 'unreachable', message: `${h.hostname}:${h.port}: connection closed during handshake` }));
    client.once('ready', () => {
      handshakeTimer?.clear();
      if (done) return;
      done = true;
      opts.signal?.removeEventListener('abort', onAbort);
      // ssh2's own socket (a private field): the packets it writes in one task go out in one write.
      batchWritesPerTurn((client as unknown as { _sock?: unknown })._sock);
      resolve({ client, dispose });
    });
    const auth: ssh2.AnyAuthMethod[] = h.identities.map((id) => ({
      type: 'publickey' as const,
      username: h.user,
      key: id.privateKey,
      ...(id.passphrase !== undefined ? { passphrase: id.passphrase } : {}),
    }));
    if (h.agent) auth.push({ type: 'agent', username: h.user, agent: h.agent });
    if (auth.length === 0) auth.push({ type: 'none', username: h.user });
    try {
      // ssh2's readyTimeout is a plain timer: it would count the time this process was too busy
      // to read the handshake's packets (stall-timer.ts).
      const timeoutMs = h.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
      handshakeTimer = stallTolerantTimeout(timeoutMs, () => fail(classify(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), h)));
      client.connect({
        host: h.hostname,
        port: h.port,
        username: h.user,
        ...(sock ? { sock: sock as unknown as NonNullable<ssh2.ConnectConfig['sock']> } : {}),
        readyTimeout: 0,
        keepaliveInterval: h.keepaliveIntervalMs ?? 5000,
        // ssh2 disconnects when one MORE keepalive than countMax goes unanswered (measured:
        // 1000 ms × 2 → down after ~3 s). OpenSSH's ServerAliveCountMax means "down after
        // interval × count", which is what we promise (5 s × 3 = 15 s), so pass count − 1; at
        // least 1, since with 0 ssh2 drops an idle connection without ever sending a probe.
        keepaliveCountMax: Math.max(1, (h.keepaliveCountMax ?? 3) - 1),
        authHandler: auth,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          // ssh2 crashes when verify() runs after the handshake was torn down (closed, timed out).
          const answer = (ok: boolean) => {
            if (done) return;
            try {
              verify(ok);
            } catch (e) {
              fail({ kind: 'unreachable', message: `${h.hostname}:${h.port}: ${(e as Error).message}` });
            }
          };
          verifyHostKey(h, key, opts.log, opts.notice).then(
            (bad) => {
              hostKeyFailure = bad;
              answer(bad === undefined);
            },
            (e: Error) => {
              hostKeyFailure = { kind: 'hostkey', message: `cannot check the host key of ${h.hostname}:${h.port}: ${e.message}` };
              answer(false);
            },
          );
        },
      });
    } catch (e) {
      fail({ kind: 'unreachable', message: `${h.hostname}:${h.port}: ${(e as Error).message}` });
    }
  });
}

function toConnError(e: unknown, h: ResolvedHost): ConnError {
  const err = e as Error & { connKind?: RunErrorKind; connSummary?: string };
  if (err.connKind) return err.connSummary ? { kind: err.connKind, message: err.message, summary: err.connSummary } : { kind: err.connKind, message: err.message };
  return classify(err, h);
}

// ---------------------------------------------------------------------------------------------

export interface ExecOptions {
  /**
   * 0 or undefined: no timeout. Counts from the channel open: waiting for the connection is
   * bounded by the connect timeout, and waiting for a free channel by this same length again.
   */
  timeoutMs?: number;
  /** Bound on collected stdout; ignored when streaming through onStdout. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Streaming: stdout chunks are handed over instead of collected. */
  onStdout?: (chunk: Buffer) => void;
  /** Called once the channel is open (the command has been sent). */
  onOpen?: () => void;
  /** For RunError context. */
  cmd?: Cmd;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  signal?: string;
  durationMs: number;
}

interface Job {
  command: string;
  opts: ExecOptions;
  resolve(r: ExecResult): void;
  reject(e: RunError): void;
  settled: boolean;
  submittedAt: number;
  /** The command's own timeout, armed when its channel is requested. */
  timer?: NodeJS.Timeout;
  connectWait?: StallTimer;
  /** Queued on an up connection with every channel busy. */
  slotWait?: NodeJS.Timeout;
  onAbort?: () => void;
  channel?: ClientChannel;
  /** Holds one of openChannels until the channel closes (or the connection dies). */
  holdsSlot: boolean;
  stdout: Buffer[];
  stdoutBytes: number;
  stderr: Buffer[];
  stderrBytes: number;
  code: number | null;
  signal?: string;
}

export interface NodeConnectionOptions {
  host: ResolvedHost;
  maxChannels?: number;
  log?: (msg: string) => void;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  onNotice?: (n: SshNotice) => void;
}

/** One node's connection, its channel slots and its queue. */
export class NodeConnection {
  readonly name: string;
  private readonly host: ResolvedHost;
  private readonly maxChannels: number;
  private readonly log: (msg: string) => void;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly onNotice: ((n: SshNotice) => void) | undefined;

  private status: ConnStatus = 'connecting';
  private since = Date.now();
  private error?: ConnError;
  private attempts = 0;
  private openChannels = 0;
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private conn?: Connected;
  private reconnectTimer?: NodeJS.Timeout;
  private attempt?: { abort: AbortController; done: Promise<void> };
  private started = false;
  private closed = false;
  private readonly stateListeners = new Set<(s: NodeConnState) => void>();
  private readonly upListeners = new Set<() => void>();

  constructor(opts: NodeConnectionOptions) {
    this.host = opts.host;
    this.name = opts.host.name;
    this.maxChannels = Math.max(1, opts.maxChannels ?? DEFAULT_MAX_CHANNELS);
    this.log = opts.log ?? (() => {});
    this.backoff = { ...DEFAULT_RECONNECT_BACKOFF, ...opts.backoff };
    this.random = opts.random ?? Math.random;
    this.onNotice = opts.onNotice;
  }

  get connectTimeoutMs(): number {
    return this.host.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  state(): NodeConnState {
    const s: NodeConnState = {
      node: this.name,
      status: this.status,
      since: this.since,
      attempts: this.attempts,
      openChannels: this.openChannels,
      queued: this.queue.length,
    };
    if (this.error) s.error = { ...this.error };
    return s;
  }

  onState(l: (s: NodeConnState) => void): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  /** Called on every transition to 'up' (streams restart promptly on reconnect). */
  onUp(l: () => void): () => void {
    this.upListeners.add(l);
    return () => this.upListeners.delete(l);
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.connect();
  }

  private emit(): void {
    const s = this.state();
    for (const l of this.stateListeners) {
      try {
        l(s);
      } catch (e) {
        this.log(`${this.name}: connection state listener failed: ${(e as Error).message}`);
      }
    }
  }

  private setStatus(status: ConnStatus, error?: ConnError): void {
    if (status !== this.status) this.since = Date.now();
    this.status = status;
    if (error) this.error = error;
    else if (status === 'up') this.error = undefined;
    this.emit();
  }

  private connect(): void {
    if (this.closed) return;
    this.attempts++;
    this.setStatus('connecting');
    const abort = new AbortController();
    const onNotice = this.onNotice;
    const notice = onNotice && ((severity: SshNotice['severity'], message: string) => onNotice({ node: this.name, severity, message }));
    const done = connectHost(this.host, { log: (m) => this.log(`${this.name}: ${m}`), signal: abort.signal, ...(notice ? { notice } : {}) }).then(
      (c) => {
        this.attempt = undefined;
        this.onConnected(c);
      },
      (e: unknown) => {
        this.attempt = undefined;
        this.onConnectFailed(toConnError(e, this.host));
      },
    );
    this.attempt = { abort, done };
  }

  private onConnected(c: Connected): void {
    if (this.closed) {
      c.dispose();
      return;
    }
    this.conn = c;
    this.attempts = 0;
    let lastError: ConnError | undefined;
    c.client.on('error', (err: Error) => {
      lastError = classify(err, this.host);
    });
    c.client.once('close', () => this.onConnectionLost(c, lastError));
    for (const j of this.queue) {
      j.connectWait?.clear();
      j.connectWait = undefined;
    }
    this.setStatus('up');
    this.log(`${this.name}: connected to ${where(this.host)}`);
    for (const l of this.upListeners) l();
    this.pump();
    for (const j of this.queue) this.armSlotWait(j);
  }

  private onConnectFailed(err: ConnError): void {
    if (this.closed) return;
    this.log(`${this.name}: connect failed (${err.kind}): ${oneLine(err)}`);
    this.setStatus('down', err);
    this.failQueued(() => new RunError(downKind(err), this.name, `not connected: ${oneLine(err)}`));
    // A refused host key or login will not fix itself in a second: retry at the slow end.
    const slow = err.kind === 'hostkey' || err.kind === 'auth';
    const slowMs = Math.max(this.backoff.capMs, this.backoff.slowMs ?? DEFAULT_RECONNECT_BACKOFF.slowMs ?? 0);
    const delay = slow
      ? Math.floor(slowMs / 2 + (this.random() * slowMs) / 2)
      : backoffDelay(this.attempts - 1, this.backoff, this.random);
    this.scheduleReconnect(delay);
  }

  private onConnectionLost(c: Connected, lastError: ConnError | undefined): void {
    if (this.conn !== c) return;
    this.conn = undefined;
    c.dispose();
    if (this.closed) return;
    const err: ConnError = lastError ?? { kind: 'unreachable', message: `connection to ${this.host.hostname}:${this.host.port} lost` };
    this.log(`${this.name}: connection lost: ${err.message}`);
    this.failRunning(() => new RunError('unreachable', this.name, `connection lost: ${err.message}`));
    this.setStatus('down', err);
    this.failQueued(() => new RunError('unreachable', this.name, `connection lost: ${err.message}`));
    this.scheduleReconnect(backoffDelay(0, this.backoff, this.random));
  }

  private scheduleReconnect(delay: number): void {
    if (this.closed) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  /** Runs `command` on its own exec channel. Transport problems reject with RunError. */
  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      if (this.closed) return reject(new RunError('closed', this.name, 'connection pool is closed', opts.cmd));
      if (this.status === 'down') {
        const why = this.error ? `: ${oneLine(this.error)}` : '';
        return reject(new RunError(downKind(this.error), this.name, `node is down${why}`, opts.cmd));
      }
      if (opts.signal?.aborted) return reject(new RunError('closed', this.name, 'aborted', opts.cmd));
      const job: Job = {
        command,
        opts,
        resolve,
        reject,
        settled: false,
        submittedAt: Date.now(),
        holdsSlot: false,
        stdout: [],
        stdoutBytes: 0,
        stderr: [],
        stderrBytes: 0,
        code: null,
      };
      if (opts.signal) {
        job.onAbort = () => this.fail(job, new RunError('closed', this.name, 'aborted', opts.cmd));
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (this.status === 'connecting') {
        const ms = this.connectTimeoutMs;
        job.connectWait = stallTolerantTimeout(ms, () => {
          this.fail(job, new RunError('unreachable', this.name, `still connecting after ${ms} ms`, opts.cmd));
        });
      }
      this.queue.push(job);
      this.pump();
      if (!job.holdsSlot) this.armSlotWait(job);
      this.emit();
    });
  }

  /** A job queued on an up connection waits for a channel at most its own timeout. */
  private armSlotWait(job: Job): void {
    const ms = job.opts.timeoutMs;
    if (this.status !== 'up' || job.settled || job.holdsSlot || job.slotWait || !ms || ms <= 0) return;
    job.slotWait = setTimeout(() => {
      this.fail(job, new RunError('timeout', this.name, `command timed out after ${ms} ms waiting for a channel (${this.maxChannels} in use)`, job.opts.cmd));
    }, ms);
  }

  private pump(): void {
    while (this.status === 'up' && this.conn && this.openChannels < this.maxChannels && this.queue.length > 0) {
      this.startJob(this.queue.shift()!, this.conn.client);
    }
  }

  private releaseSlot(job: Job): void {
    if (!job.holdsSlot) return;
    job.holdsSlot = false;
    this.running.delete(job);
    this.openChannels--;
    this.pump();
    this.emit();
  }

  private startJob(job: Job, client: Client): void {
    job.connectWait?.clear();
    clearTimeout(job.slotWait);
    const ms = job.opts.timeoutMs;
    if (ms && ms > 0) {
      job.timer = setTimeout(() => {
        this.fail(job, new RunError('timeout', this.name, `command timed out after ${ms} ms`, job.opts.cmd));
      }, ms);
    }
    job.holdsSlot = true;
    this.openChannels++;
    this.running.add(job);
    const onChannel = (err: Error | undefined, ch: ClientChannel) => {
      if (err) {
        this.fail(job, new RunError('channel', this.name, `cannot open a channel: ${err.message}`, job.opts.cmd));
        this.releaseSlot(job);
        return;
      }
      job.channel = ch;
      ch.on('close', () => {
        this.finish(job);
        this.releaseSlot(job);
      });
      ch.on('exit', (code: number | null, signal?: string) => {
        job.code = typeof code === 'number' ? code : null;
        if (signal) job.signal = signal;
      });
      ch.stderr.on('data', (b: Buffer) => {
        if (job.stderrBytes >= MAX_STDERR_BYTES) return;
        job.stderr.push(b.subarray(0, MAX_STDERR_BYTES - job.stderrBytes));
        job.stderrBytes += b.length;
      });
      ch.on('data', (b: Buffer) => {
        if (job.settled) return;
        if (job.opts.onStdout) {
          job.opts.onStdout(b);
          return;
        }
        const max = job.opts.maxBytes ?? Infinity;
        if (job.stdoutBytes + b.length > max) {
          this.fail(job, new RunError('output-too-large', this.name, `output exceeded ${max} bytes; channel closed`, job.opts.cmd));
          return;
        }
        job.stdout.push(b);
        job.stdoutBytes += b.length;
      });
      if (job.settled) {
        // Timed out or aborted while the channel was being opened.
        this.closeChannel(ch);
        return;
      }
      job.opts.onOpen?.();
    };
    try {
      client.exec(job.command, onChannel);
    } catch (e) {
      this.fail(job, new RunError('channel', this.name, `cannot open a channel: ${(e as Error).message}`, job.opts.cmd));
      this.releaseSlot(job);
    }
  }

  private closeChannel(ch: ClientChannel): void {
    try {
      ch.signal('KILL');
    } catch {
      // the peer may not support signals; closing is what matters
    }
    try {
      ch.close();
    } catch {
      // already closed
    }
  }

  private clearJob(job: Job): void {
    job.settled = true;
    clearTimeout(job.timer);
    job.connectWait?.clear();
    clearTimeout(job.slotWait);
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort);
  }

  private finish(job: Job): void {
    if (job.settled) return;
    this.clearJob(job);
    const r: ExecResult = {
      stdout: Buffer.concat(job.stdout),
      stderr: Buffer.concat(job.stderr),
      code: job.code,
      durationMs: Date.now() - job.submittedAt,
    };
    if (job.signal) r.signal = job.signal;
    job.stdout = [];
    job.stderr = [];
    job.resolve(r);
  }

  private fail(job: Job, err: RunError): void {
    if (job.settled) return;
    this.clearJob(job);
    job.stdout = [];
    job.stderr = [];
    const qi = this.queue.indexOf(job);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.emit();
    }
    if (job.channel) this.closeChannel(job.channel);
    job.reject(err);
  }

  private failQueued(mk: () => RunError): void {
    for (const j of [...this.queue]) this.fail(j, mk());
  }

  private failRunning(mk: () => RunError): void {
    for (const j of [...this.running]) {
      this.fail(j, mk());
      j.holdsSlot = false;
    }
    this.running.clear();
    this.openChannels = 0;
  }

  /** Ends the connection and every timer; pending commands reject with 'closed'. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const attempt = this.attempt;
    if (attempt) {
      attempt.abort.abort();
      await attempt.done;
    }
    this.failQueued(() => new RunError('closed', this.name, 'connection pool closed'));
    this.failRunning(() => new RunError('closed', this.name, 'connection pool closed'));
    const c = this.conn;
    this.conn = undefined;
    if (c) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 1000);
        c.client.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        c.dispose();
      });
    }
    this.setStatus('down', { kind: 'closed', message: 'closed' });
    this.stateListeners.clear();
    this.upListeners.clear();
  }
}
