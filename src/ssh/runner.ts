// The one interface between the engine and the nodes. SshRunner (src/ssh/ssh-runner.ts) is the
// production and demo implementation; FakeRunner (test/support/ssh/fake-runner.ts) serves unit tests.
import type { Cmd } from './cmd.js';

export interface RunResult {
  node: string;
  stdout: string;
  stderr: string;
  /** Exit code; null when the remote side reported a signal instead. */
  code: number | null;
  signal?: string;
  durationMs: number;
}

export type RunErrorKind =
  | 'unreachable' // no connection to the node (down, refused, reset, keepalive lost)
  | 'dns' // node name does not resolve
  | 'auth' // authentication failed
  | 'hostkey' // host key unknown (and accept-new not set) or CHANGED
  | 'timeout' // command exceeded its timeout; its channel was closed
  | 'channel' // channel open refused (e.g. MaxSessions)
  | 'output-too-large' // stdout exceeded Cmd.maxBytes; channel closed
  | 'readonly' // a mutating command in read-only mode
  | 'unknown-node' // node is not part of this runner's targets
  | 'closed'; // runner shut down

export class RunError extends Error {
  constructor(
    readonly kind: RunErrorKind,
    readonly node: string,
    message: string,
    readonly cmd?: Cmd,
  ) {
    super(`${node}: ${message}`);
    this.name = 'RunError';
  }
}

export type ConnStatus = 'connecting' | 'up' | 'down';

export interface NodeConnState {
  node: string;
  status: ConnStatus;
  /** ms epoch of the last status change */
  since: number;
  /** Last connection error, with the kind (e.g. hostkey) for a clear message. `message` may be
   *  several lines (OpenSSH's host key banner); `summary` is then its one-line form, cause first. */
  error?: { kind: RunErrorKind; message: string; summary?: string };
  /** Reconnect attempt counter since the last successful connection. */
  attempts: number;
  /** Channels currently open / queued on this node's connection. */
  openChannels: number;
  queued: number;
  /** A node read from Prometheus (no SSH connection): its exporter targets, whose `up` sets `status`. */
  targets?: readonly ScrapeTarget[];
}

/** One exporter target of a node as Prometheus sees it; `since`: when its `up` last changed (or was first seen). */
export interface ScrapeTarget {
  job: string;
  instance: string;
  up: boolean;
  since: number;
}

/** Something about a node's SSH setup the operator must see (not only VIRTDECK_LOG): a
 *  StrictHostKeyChecking no that is not honoured, a host key recorded under accept-new. */
export interface SshNotice {
  node: string;
  severity: 'warning' | 'info';
  message: string;
}

export interface StreamHandlers {
  /** Called each time the stream (re)starts, so incremental parsers can reset. */
  onStart?(): void;
  /** Raw stdout chunk (utf8). */
  onData(chunk: string): void;
  /** Stream ended (will restart with backoff unless closed). */
  onEnd?(info: { code: number | null; error?: RunError }): void;
}

export interface StreamHandle {
  close(): void;
}

export interface Runner {
  /** Run one command. Non-zero exit resolves (see code); transport failures reject with RunError. */
  run(node: string, cmd: Cmd, opts?: { signal?: AbortSignal }): Promise<RunResult>;
  /** Several reads in one exec; one RunResult per command (stdout split by batch markers). */
  runBatch(node: string, cmds: readonly Cmd[], opts?: { signal?: AbortSignal }): Promise<RunResult[]>;
  /** Long-running command on its own channel, restarted with backoff when it ends. */
  stream(node: string, cmd: Cmd, handlers: StreamHandlers): StreamHandle;
  /** Node names this runner serves, in configured order. */
  nodes(): string[];
  /** Connection state changes (and the current state of every node on subscribe). */
  onConnState(listener: (s: NodeConnState) => void): () => void;
  connState(node: string): NodeConnState | undefined;
  close(): Promise<void>;
}
