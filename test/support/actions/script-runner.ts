// Ordered-expectation runner for action tests (until src/ssh/fake-runner.ts lands): an unexpected
// command throws, assertAllCalled() fails on expectations that never ran.
import type { Cmd } from '../../../src/ssh/cmd.js';
import type { NodeConnState, Runner, RunResult, StreamHandle } from '../../../src/ssh/runner.js';
import { RunError } from '../../../src/ssh/runner.js';
import { runEach, silentStream } from '../../../src/ssh/memory-runner.js';

type Reply = { stdout?: string; stderr?: string; code?: number } | RunError | ((cmd: Cmd) => Promise<{ stdout?: string; stderr?: string; code?: number }>);

interface Expectation {
  node: string | undefined;
  argv: readonly string[];
  reply: Reply;
  repeat: boolean;
}

export class ScriptRunner implements Runner {
  private queue: Expectation[] = [];
  private standing: Expectation[] = [];
  readonly calls: { node: string; cmd: Cmd }[] = [];
  constructor(private readonly nodeNames: string[] = []) {}

  /** Next expected command (in order). */
  expect(node: string | undefined, argv: readonly string[], reply: Reply = {}): this {
    this.queue.push({ node, argv, reply, repeat: false });
    return this;
  }
  /** A command that may run any number of times, in any order (polls). */
  allow(node: string | undefined, argv: readonly string[], reply: Reply = {}): this {
    this.standing.push({ node, argv, reply, repeat: true });
    return this;
  }

  async run(node: string, cmd: Cmd): Promise<RunResult> {
    this.calls.push({ node, cmd });
    const match = (e: Expectation) => (e.node === undefined || e.node === node) && JSON.stringify(e.argv) === JSON.stringify(cmd.argv);
    let e: Expectation | undefined;
    if (this.queue[0] && match(this.queue[0])) e = this.queue.shift();
    else e = this.standing.find(match);
    if (!e) throw new Error(`unexpected command on ${node}: ${JSON.stringify(cmd.argv)}; next expected: ${this.queue[0] ? `${this.queue[0].node ?? '*'} ${JSON.stringify(this.queue[0].argv)}` : 'nothing'}`);
    const t0 = Date.now();
    if (e.reply instanceof RunError) throw e.reply;
    const r = typeof e.reply === 'function' ? await e.reply(cmd) : e.reply;
    return { node, stdout: r.stdout ?? '', stderr: r.stderr ?? '', code: r.code ?? 0, durationMs: Date.now() - t0 };
  }
  runBatch(node: string, cmds: readonly Cmd[]): Promise<RunResult[]> {
    return runEach((n, c) => this.run(n, c), node, cmds);
  }
  stream(): StreamHandle {
    return silentStream();
  }
  nodes(): string[] {
    return this.nodeNames;
  }
  onConnState(): () => void {
    return () => undefined;
  }
  connState(): NodeConnState | undefined {
    return undefined;
  }
  async close(): Promise<void> {}
  assertAllCalled(): void {
    if (this.queue.length > 0) throw new Error(`expected commands never ran: ${this.queue.map((e) => `${e.node ?? '*'} ${JSON.stringify(e.argv)}`).join(', ')}`);
  }
  /** argv of every command that changed state, in order. */
  mutations(): string[][] {
    return this.calls.filter((c) => c.cmd.mutates).map((c) => [c.node, ...c.cmd.argv]);
  }
}
