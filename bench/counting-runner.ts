// A Runner wrapper that counts what the console sends per node (exec channels, commands, bytes,
// peak concurrent channels) and can record the schedule of poll commands, so the baseline can
// replay exactly the same commands at the same times the reference architecture's way.
import type { Cmd } from '../src/ssh/cmd.js';
import type { NodeConnState, RunResult, Runner, StreamHandle, StreamHandlers } from '../src/ssh/runner.js';
import { wallMs } from './ipc.js';

export interface NodeCounters {
  /** exec channels opened (run, runBatch, stream starts) */
  execs: number;
  /** individual commands (a batch of 5 counts 5) */
  commands: number;
  /** stdout + stderr bytes received */
  bytes: number;
  /** highest number of concurrently open channels (polls in flight + open streams) */
  peakChannels: number;
  /** highest openChannels the pool itself reported */
  peakPoolChannels: number;
}

export interface ScheduledExec {
  /** ms since recording started */
  t: number;
  node: string;
  cmds: Cmd[];
}

const zero = (): NodeCounters => ({ execs: 0, commands: 0, bytes: 0, peakChannels: 0, peakPoolChannels: 0 });

/** Traffic per kind of command (all nodes), for naming where the bytes go. */
export interface KindCounters {
  commands: number;
  bytes: number;
}

/** "virsh domstats", "cat /proc/stat", "crm_mon": the program and its first non-option word. */
export function commandKind(c: Cmd): string {
  const a = c.argv;
  let i = a[0] === 'virsh' && a[1] === '-c' ? 3 : 1;
  while (i < a.length && (a[i]!.startsWith('-') || a[i] === '')) i++;
  return i < a.length && a[0] !== 'crm_mon' ? `${a[0]} ${a[i]}` : (a[0] ?? '?');
}

export class CountingRunner implements Runner {
  readonly counters = new Map<string, NodeCounters>();
  readonly kinds = new Map<string, KindCounters>();
  private readonly inFlight = new Map<string, number>();
  private recording: { start: number; list: ScheduledExec[] } | undefined;

  constructor(private readonly inner: Runner) {
    for (const n of inner.nodes()) this.counters.set(n, zero());
    inner.onConnState((s) => {
      const c = this.c(s.node);
      c.peakPoolChannels = Math.max(c.peakPoolChannels, s.openChannels);
    });
  }

  private c(node: string): NodeCounters {
    let c = this.counters.get(node);
    if (!c) this.counters.set(node, (c = zero()));
    return c;
  }

  private enter(node: string): void {
    const n = (this.inFlight.get(node) ?? 0) + 1;
    this.inFlight.set(node, n);
    const c = this.c(node);
    c.peakChannels = Math.max(c.peakChannels, n);
  }

  private leave(node: string): void {
    this.inFlight.set(node, (this.inFlight.get(node) ?? 1) - 1);
  }

  private kind(c: Cmd, bytes: number, commands = 1): void {
    const k = commandKind(c);
    const e = this.kinds.get(k) ?? { commands: 0, bytes: 0 };
    e.commands += commands;
    e.bytes += bytes;
    this.kinds.set(k, e);
  }

  /** Resets counters (peaks restart from the channels open right now). */
  resetCounters(): void {
    this.kinds.clear();
    for (const [n, c] of this.counters) {
      const open = this.inFlight.get(n) ?? 0;
      Object.assign(c, zero(), { peakChannels: open });
    }
  }

  startRecording(): void {
    this.recording = { start: wallMs(), list: [] };
  }

  stopRecording(): ScheduledExec[] {
    const r = this.recording?.list ?? [];
    this.recording = undefined;
    return r;
  }

  private record(node: string, cmds: readonly Cmd[]): void {
    if (this.recording) this.recording.list.push({ t: wallMs() - this.recording.start, node, cmds: [...cmds] });
  }

  async run(node: string, cmd: Cmd, opts?: { signal?: AbortSignal }): Promise<RunResult> {
    const c = this.c(node);
    c.execs++;
    c.commands++;
    this.record(node, [cmd]);
    this.enter(node);
    try {
      const r = await this.inner.run(node, cmd, opts);
      const b = Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr);
      c.bytes += b;
      this.kind(cmd, b);
      return r;
    } finally {
      this.leave(node);
    }
  }

  async runBatch(node: string, cmds: readonly Cmd[], opts?: { signal?: AbortSignal }): Promise<RunResult[]> {
    const c = this.c(node);
    c.execs++;
    c.commands += cmds.length;
    this.record(node, cmds);
    this.enter(node);
    try {
      const rs = await this.inner.runBatch(node, cmds, opts);
      rs.forEach((r, i) => {
        const b = Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr);
        c.bytes += b;
        if (cmds[i]) this.kind(cmds[i]!, b);
      });
      return rs;
    } finally {
      this.leave(node);
    }
  }

  stream(node: string, cmd: Cmd, handlers: StreamHandlers): StreamHandle {
    const c = this.c(node);
    let open = false;
    const close = () => {
      if (open) this.leave(node);
      open = false;
    };
    const h = this.inner.stream(node, cmd, {
      onStart: () => {
        c.execs++;
        c.commands++;
        if (!open) this.enter(node);
        open = true;
        handlers.onStart?.();
      },
      onData: (chunk) => {
        const b = Buffer.byteLength(chunk);
        c.bytes += b;
        this.kind(cmd, b, 0);
        handlers.onData(chunk);
      },
      onEnd: (info) => {
        close();
        handlers.onEnd?.(info);
      },
    });
    return {
      close: () => {
        close();
        h.close();
      },
    };
  }

  nodes(): string[] {
    return this.inner.nodes();
  }
  onConnState(listener: (s: NodeConnState) => void): () => void {
    return this.inner.onConnState(listener);
  }
  connState(node: string): NodeConnState | undefined {
    return this.inner.connState(node);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
