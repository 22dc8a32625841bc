// Runner over real SSH: one NodeConnection per node; argv → exec string only via quote.ts.
import { StringDecoder } from 'node:string_decoder';
import { type Cmd, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from './cmd.js';
import type { ResolvedHost } from './host.js';
import { type BackoffOptions, NodeConnection } from './pool.js';
import { splitBatchOutput, toBatchExecString, toExecString } from './quote.js';
import { type NodeConnState, RunError, type RunResult, type Runner, type SshNotice, type StreamHandle, type StreamHandlers } from './runner.js';

export interface StreamBackoffOptions {
  /** First restart delay (1 s). */
  initialMs: number;
  /** Longest restart delay (30 s). */
  maxMs: number;
  /** A stream that ran this long counts as healthy: the next delay starts over (60 s). */
  healthyMs: number;
}

export const DEFAULT_STREAM_BACKOFF: StreamBackoffOptions = { initialMs: 1000, maxMs: 30_000, healthyMs: 60_000 };

export interface SshRunnerOptions {
  hosts: ResolvedHost[];
  useSudo?: boolean;
  readonly?: boolean;
  maxChannels?: number;
  log?: (msg: string) => void;
  /** Reconnect backoff (full jitter, 500 ms → 30 s). */
  reconnectBackoff?: Partial<BackoffOptions>;
  streamBackoff?: Partial<StreamBackoffOptions>;
  /** Notices for the operator (host config warnings, keys recorded under accept-new), beside the log. */
  onNotice?: (n: SshNotice) => void;
}

export class SshRunner implements Runner {
  private readonly pools = new Map<string, NodeConnection>();
  private readonly order: string[] = [];
  private readonly useSudo: boolean;
  private readonly readonly: boolean;
  private readonly log: (msg: string) => void;
  private readonly streamBackoff: StreamBackoffOptions;
  private readonly streams = new Set<StreamTask>();
  private closed = false;

  constructor(opts: SshRunnerOptions) {
    this.useSudo = opts.useSudo ?? false;
    this.readonly = opts.readonly ?? false;
    this.log = opts.log ?? (() => {});
    this.streamBackoff = { ...DEFAULT_STREAM_BACKOFF, ...opts.streamBackoff };
    for (const h of opts.hosts) {
      if (this.pools.has(h.name)) throw new Error(`duplicate node ${h.name} in SSH hosts`);
      for (const w of h.warnings ?? []) {
        this.log(`${h.name}: ${w}`);
        opts.onNotice?.({ node: h.name, severity: 'warning', message: w });
      }
      const pool = new NodeConnection({ host: h, maxChannels: opts.maxChannels, log: this.log, backoff: opts.reconnectBackoff, ...(opts.onNotice ? { onNotice: opts.onNotice } : {}) });
      this.pools.set(h.name, pool);
      this.order.push(h.name);
    }
    for (const p of this.pools.values()) p.start();
  }

  nodes(): string[] {
    return [...this.order];
  }

  private pool(node: string, cmd?: Cmd): NodeConnection {
    if (this.closed) throw new RunError('closed', node, 'runner is closed', cmd);
    const p = this.pools.get(node);
    if (!p) throw new RunError('unknown-node', node, `not one of this runner's nodes (${this.order.join(', ') || 'none'})`, cmd);
    return p;
  }

  private checkReadonly(node: string, cmd: Cmd): void {
    if (this.readonly && cmd.mutates) {
      throw new RunError('readonly', node, `read-only mode refuses a mutating command: ${cmd.argv.join(' ')}`, cmd);
    }
  }

  async run(node: string, cmd: Cmd, opts: { signal?: AbortSignal } = {}): Promise<RunResult> {
    const pool = this.pool(node, cmd);
    this.checkReadonly(node, cmd);
    const command = toExecString(cmd, { useSudo: this.useSudo });
    const r = await pool.exec(command, {
      timeoutMs: cmd.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: cmd.maxBytes ?? DEFAULT_MAX_BYTES,
      signal: opts.signal,
      cmd,
    });
    const out: RunResult = { node, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), code: r.code, durationMs: r.durationMs };
    if (r.signal) out.signal = r.signal;
    return out;
  }

  async runBatch(node: string, cmds: readonly Cmd[], opts: { signal?: AbortSignal } = {}): Promise<RunResult[]> {
    const pool = this.pool(node, cmds[0]);
    if (cmds.length === 0) return [];
    for (const c of cmds) this.checkReadonly(node, c);
    const command = toBatchExecString(cmds, { useSudo: this.useSudo });
    // The batch is cheap reads: bounded like its slowest / largest member, not their sum.
    const timeoutMs = Math.max(...cmds.map((c) => c.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    const maxBytes = Math.max(...cmds.map((c) => c.maxBytes ?? DEFAULT_MAX_BYTES));
    const r = await pool.exec(command, { timeoutMs, maxBytes, signal: opts.signal, cmd: cmds[0] });
    const stderr = r.stderr.toString('utf8');
    return splitBatchOutput(r.stdout.toString('utf8'), cmds.length).map((s) => ({
      node,
      stdout: s.stdout,
      // Each member's stderr went to /dev/null; what is left is the shell's, for the unfinished ones.
      stderr: s.code === null ? stderr : '',
      code: s.code,
      durationMs: r.durationMs,
    }));
  }

  stream(node: string, cmd: Cmd, handlers: StreamHandlers): StreamHandle {
    let pool: NodeConnection;
    try {
      pool = this.pool(node, cmd);
      this.checkReadonly(node, cmd);
    } catch (e) {
      // Refused for good: report once, never restart.
      queueMicrotask(() => handlers.onEnd?.({ code: null, error: e as RunError }));
      return { close: () => {} };
    }
    const task = new StreamTask(node, pool, toExecString(cmd, { useSudo: this.useSudo }), cmd, handlers, this.streamBackoff, this.log, () =>
      this.streams.delete(task),
    );
    this.streams.add(task);
    task.start();
    return { close: () => task.close() };
  }

  onConnState(listener: (s: NodeConnState) => void): () => void {
    const offs = [...this.pools.values()].map((p) => p.onState(listener));
    for (const p of this.pools.values()) listener(p.state());
    return () => offs.forEach((off) => off());
  }

  connState(node: string): NodeConnState | undefined {
    return this.pools.get(node)?.state();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams]) s.close();
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}

/** A long-running command that is restarted with backoff whenever it ends. */
class StreamTask {
  private closed = false;
  private abort?: AbortController;
  private timer?: NodeJS.Timeout;
  private delay: number;
  private readonly offUp: () => void;

  constructor(
    private readonly node: string,
    private readonly pool: NodeConnection,
    private readonly command: string,
    private readonly cmd: Cmd,
    private readonly handlers: StreamHandlers,
    private readonly backoff: StreamBackoffOptions,
    private readonly log: (msg: string) => void,
    private readonly onClosed: () => void,
  ) {
    this.delay = backoff.initialMs;
    // Waiting out a long backoff after the node came back would leave a gap for nothing.
    this.offUp = pool.onUp(() => {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.start();
      }
    });
  }

  start(): void {
    if (this.closed) return;
    const abort = new AbortController();
    this.abort = abort;
    const decoder = new StringDecoder('utf8');
    let startedAt = 0;
    this.pool
      .exec(this.command, {
        signal: abort.signal,
        cmd: this.cmd,
        onOpen: () => {
          startedAt = Date.now();
          this.safe(() => this.handlers.onStart?.());
        },
        onStdout: (b) => {
          const s = decoder.write(b);
          if (s) this.safe(() => this.handlers.onData(s));
        },
      })
      .then(
        (r) => {
          const tail = decoder.end();
          if (tail) this.safe(() => this.handlers.onData(tail));
          this.ended(startedAt, r.code, undefined);
        },
        (e: RunError) => this.ended(startedAt, null, e),
      );
  }

  private safe(f: () => void): void {
    try {
      f();
    } catch (e) {
      this.log(`${this.node}: stream handler for ${this.cmd.argv[0] ?? '?'} failed: ${(e as Error).message}`);
    }
  }

  private ended(startedAt: number, code: number | null, error: RunError | undefined): void {
    if (this.closed) return;
    this.abort = undefined;
    this.safe(() => this.handlers.onEnd?.(error ? { code, error } : { code }));
    if (this.closed) return;
    if (startedAt > 0 && Date.now() - startedAt >= this.backoff.healthyMs) this.delay = this.backoff.initialMs;
    const d = this.delay;
    this.delay = Math.min(this.backoff.maxMs, this.delay * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, d);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.offUp();
    this.abort?.abort();
    this.onClosed();
  }
}
