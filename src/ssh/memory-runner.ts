// Pieces shared by the runners that answer from memory instead of a wire (SavedOutputRunner for
// `--from`, the tests' FakeRunner): connection states no real connection sets, batches run
// command by command, streams that never produce data.
import type { Cmd } from './cmd.js';
import type { NodeConnState, RunResult, StreamHandle } from './runner.js';

/** A node's state when nothing can go wrong with its connection. */
export const upState = (node: string, since: number): NodeConnState => ({ node, status: 'up', since, attempts: 0, openChannels: 0, queued: 0 });

/** Connection states the runner (or its test) sets, told to every Runner.onConnState listener. */
export class ConnStates {
  private readonly states = new Map<string, NodeConnState>();
  private readonly listeners = new Set<(s: NodeConnState) => void>();

  set(s: NodeConnState): void {
    this.states.set(s.node, s);
    for (const l of this.listeners) l(s);
  }

  get(node: string): NodeConnState | undefined {
    return this.states.get(node);
  }

  /** Runner.onConnState: the known states at once, then every change, until unsubscribed. */
  subscribe(listener: (s: NodeConnState) => void): () => void {
    this.listeners.add(listener);
    for (const s of this.states.values()) listener(s);
    return () => this.listeners.delete(listener);
  }

  /** On close: nobody is told anything any more. */
  unsubscribeAll(): void {
    this.listeners.clear();
  }
}

/** Runner.runBatch without a wire: each command through `run`, in order; the first rejection rejects the batch. */
export async function runEach(run: (node: string, cmd: Cmd) => Promise<RunResult>, node: string, cmds: readonly Cmd[]): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const c of cmds) out.push(await run(node, c));
  return out;
}

/** Runner.stream for outputs that never move: no data, no end. */
export const silentStream = (): StreamHandle => ({ close() {} });
