// A runner that opens a node's SSH connection only when a read needs it and closes it again after
// a while without use. A console reading a cluster from Prometheus uses it for what the exporters
// do not carry (domain XML, multipath paths): one node at a time, and a fleet console that opens
// many details does not end up holding a connection to every node it ever looked at.
import type { Cmd } from './cmd.js';
import { RunError, type NodeConnState, type Runner, type RunResult, type StreamHandle, type StreamHandlers } from './runner.js';

export const ON_DEMAND_IDLE_MS = 60_000;

export interface OnDemandOptions {
  /** The SSH targets (names as configured). Empty: nothing can be read, every read says `why`. */
  nodes: readonly string[];
  /** One node's connection (a runner serving that node only), opened on its first read. */
  open: (node: string) => Runner | Promise<Runner>;
  /** The refusal when there are no SSH targets at all (why, and what to configure). */
  noNodes: string;
  /** Said before the refusal of a node that is not among the targets. */
  unavailable: string;
  /** Close a node's connection after this long without a read (default 60 s). */
  idleMs?: number;
  log?: (m: string) => void;
  /** A node's connection failed (auth, host key, unreachable): called once, until a read of that
   *  node succeeds again (then with undefined). For the status line; the detail shows the error. */
  onFailure?: (node: string, failure: OnDemandFailure | undefined) => void;
}

/** The last connection failure of a node's on-demand reads: when, and the error (kind as the SSH runner gives it). */
export interface OnDemandFailure {
  at: number;
  kind: RunError['kind'];
  message: string;
}

interface Conn {
  runner: Promise<Runner>;
  busy: number;
  timer?: NodeJS.Timeout;
  /** The last read failed for want of a connection: the next one connects afresh. */
  broken: boolean;
}

/** Connection failures: the node's runner is dropped once idle, not kept retrying in the background. */
const CONNECT_FAILURES: ReadonlySet<RunError['kind']> = new Set(['unreachable', 'dns', 'auth', 'hostkey']);

export class OnDemandRunner implements Runner {
  private readonly conns = new Map<string, Conn>();
  /** Per SSH target: its connection failed, and no read has succeeded since. */
  private readonly failures = new Map<string, OnDemandFailure>();
  private readonly idleMs: number;
  private closed = false;

  constructor(private readonly o: OnDemandOptions) {
    this.idleMs = o.idleMs ?? ON_DEMAND_IDLE_MS;
  }

  /**
   * The SSH target for a node name as the data names it: the same name, or the same host with or
   * without its domain (`kvm1` ↔ `kvm1.example.com`) when only one target matches.
   */
  target(node: string): string | undefined {
    if (this.o.nodes.includes(node)) return node;
    const short = (n: string) => n.split('.')[0];
    const hits = this.o.nodes.filter((n) => short(n) === short(node));
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** Why `node` cannot be read over SSH (undefined: it can). */
  whyNot(node: string): string | undefined {
    if (this.target(node) !== undefined) return undefined;
    if (!this.o.nodes.length) return this.o.noNodes;
    return `${this.o.unavailable}: not one of the SSH nodes (${this.o.nodes.join(', ')})`;
  }

  /** The node's connection failed and no read of it has succeeded since (undefined: none failed). */
  failure(node: string): OnDemandFailure | undefined {
    const target = this.target(node);
    return target === undefined ? undefined : this.failures.get(target);
  }

  /** Nodes with a connection open (or opening) now. */
  openNodes(): string[] {
    return [...this.conns.keys()];
  }

  run(node: string, cmd: Cmd, opts?: { signal?: AbortSignal }): Promise<RunResult> {
    return this.use(node, cmd, (r, target) => r.run(target, cmd, opts));
  }

  runBatch(node: string, cmds: readonly Cmd[], opts?: { signal?: AbortSignal }): Promise<RunResult[]> {
    return this.use(node, cmds[0], (r, target) => r.runBatch(target, cmds, opts));
  }

  /** Reads only: a stream would hold the connection open for good. */
  stream(node: string, cmd: Cmd, handlers: StreamHandlers): StreamHandle {
    queueMicrotask(() => handlers.onEnd?.({ code: null, error: new RunError('unknown-node', node, 'SSH on demand runs single reads, not streams', cmd) }));
    return { close: () => undefined };
  }

  nodes(): string[] {
    return [...this.o.nodes];
  }

  onConnState(): () => void {
    return () => undefined;
  }

  /** Detail reads report their own errors; no node's state is shown from here. */
  connState(): NodeConnState | undefined {
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.conns.keys()].map((n) => this.drop(n)));
  }

  private async use<T>(node: string, cmd: Cmd | undefined, f: (r: Runner, target: string) => Promise<T>): Promise<T> {
    if (this.closed) throw new RunError('closed', node, 'runner is closed', cmd);
    const target = this.target(node);
    if (target === undefined) throw new RunError('unknown-node', node, this.whyNot(node)!, cmd);
    let c = this.conns.get(target);
    if (!c) {
      this.o.log?.(`${target}: SSH on demand: connecting`);
      c = { runner: Promise.resolve().then(() => this.o.open(target)), busy: 0, broken: false };
      this.conns.set(target, c);
    }
    clearTimeout(c.timer);
    c.busy++;
    let opened = false;
    try {
      const r = await c.runner;
      opened = true;
      const out = await f(r, target);
      c.broken = false;
      if (this.failures.delete(target)) this.o.onFailure?.(target, undefined);
      return out;
    } catch (e) {
      if (!(e instanceof RunError) || CONNECT_FAILURES.has(e.kind)) c.broken = true;
      // The connection could not be set up (ssh_config) or refused us: not a command's own error.
      if ((e instanceof RunError ? CONNECT_FAILURES.has(e.kind) : !opened) && !this.closed) this.failed(target, e);
      throw e;
    } finally {
      c.busy--;
      if (c.busy === 0 && this.conns.get(target) === c) {
        if (c.broken) void this.drop(target);
        else {
          c.timer = setTimeout(() => {
            this.o.log?.(`${target}: SSH on demand: closing after ${Math.round(this.idleMs / 1000)} s without use`);
            void this.drop(target);
          }, this.idleMs);
          c.timer.unref?.();
        }
      }
    }
  }

  /** Said once per node: a failure after another (each read of a detail fails alike) is not said again. */
  private failed(target: string, e: unknown): void {
    const kind: RunError['kind'] = e instanceof RunError ? e.kind : 'unreachable';
    const message = e instanceof Error ? e.message : String(e);
    const first = !this.failures.has(target);
    this.failures.set(target, { at: Date.now(), kind, message });
    if (first) this.o.onFailure?.(target, this.failures.get(target));
  }

  private async drop(target: string): Promise<void> {
    const c = this.conns.get(target);
    if (!c) return;
    this.conns.delete(target);
    clearTimeout(c.timer);
    await c.runner.then(
      (r) => r.close(),
      () => undefined,
    );
  }
}
