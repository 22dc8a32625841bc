// Node discovery needs a runner that can take new hosts at run time. SshRunner's host list is
// fixed, so this wrapper routes the configured nodes to the base runner and each discovered
// node to a runner of its own (still one connection per node). Implements the collectors'
// optional `addHost` (src/collectors/runtime.ts HostAddingRunner).
import type { Cmd } from '../ssh/cmd.js';
import type { ResolvedHost } from '../ssh/host.js';
import type { NodeConnState, RunResult, Runner, StreamHandle, StreamHandlers } from '../ssh/runner.js';
import type { HostAddingRunner } from '../collectors/runtime.js';

export class ExpandableRunner implements HostAddingRunner {
  private readonly extra = new Map<string, Runner>();
  private readonly listeners = new Set<(s: NodeConnState) => void>();
  private readonly unsubs: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly base: Runner,
    private readonly make: (h: ResolvedHost) => Runner,
  ) {
    this.unsubs.push(base.onConnState((s) => this.emit(s)));
  }

  private emit(s: NodeConnState): void {
    for (const l of this.listeners) l(s);
  }

  addHost(h: ResolvedHost): void {
    if (this.closed || this.base.nodes().includes(h.name) || this.extra.has(h.name)) return;
    const r = this.make(h);
    this.extra.set(h.name, r);
    this.unsubs.push(r.onConnState((s) => this.emit(s)));
  }

  private route(node: string): Runner {
    return this.extra.get(node) ?? this.base;
  }

  nodes(): string[] {
    return [...this.base.nodes(), ...this.extra.keys()];
  }

  run(node: string, cmd: Cmd, opts?: { signal?: AbortSignal }): Promise<RunResult> {
    return this.route(node).run(node, cmd, opts);
  }

  runBatch(node: string, cmds: readonly Cmd[], opts?: { signal?: AbortSignal }): Promise<RunResult[]> {
    return this.route(node).runBatch(node, cmds, opts);
  }

  stream(node: string, cmd: Cmd, handlers: StreamHandlers): StreamHandle {
    return this.route(node).stream(node, cmd, handlers);
  }

  onConnState(listener: (s: NodeConnState) => void): () => void {
    this.listeners.add(listener);
    for (const n of this.nodes()) {
      const s = this.connState(n);
      if (s) listener(s);
    }
    return () => this.listeners.delete(listener);
  }

  connState(node: string): NodeConnState | undefined {
    return this.route(node).connState(node);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const u of this.unsubs) u();
    this.listeners.clear();
    await Promise.all([this.base.close(), ...[...this.extra.values()].map((r) => r.close())]);
  }
}
