// The one fake Runner for unit tests (lazygit's FakeCmdObjRunner): expectations on exact argv, a
// descriptive failure for anything unexpected, standing answers for polls, streams driven by the
// test. Collector tests match expectations per (node, argv) and answer the rest with respond();
// action tests script the whole command sequence (`ordered`) and allow() their polls.
import type { Cmd } from '../../../src/ssh/cmd.js';
import { ConnStates, upState } from '../../../src/ssh/memory-runner.js';
import { toExecString } from '../../../src/ssh/quote.js';
import { type NodeConnState, RunError, type RunResult, type Runner, type StreamHandle, type StreamHandlers } from '../../../src/ssh/runner.js';

/** A command's answer: its output (stdout '' and code 0 unless given) or a transport failure. */
export type FakeResult = { stdout?: string; stderr?: string; code?: number | null } | RunError;
export type FakeReply = FakeResult | ((cmd: Cmd) => FakeResult | Promise<FakeResult>);
export type FakeResponder = (node: string, cmd: Cmd) => FakeResult | undefined | Promise<FakeResult | undefined>;

export interface FakeCall {
  node: string;
  argv: string[];
  /** The exact string SshRunner would send. */
  exec: string;
  cmd: Cmd;
  via: 'run' | 'batch' | 'stream';
}

interface Expectation {
  node: string | undefined;
  argv: readonly string[];
  result: FakeReply;
  used: boolean;
}

interface FakeStream {
  node: string;
  cmd: Cmd;
  handlers: StreamHandlers;
  closed: boolean;
}

export interface FakeRunnerOptions {
  /** Nodes served; empty/undefined accepts any node name. */
  nodes?: string[];
  useSudo?: boolean;
  readonly?: boolean;
  /** Expectations must run in exactly the order given (an action's script); without it only
   *  expectations with the same (node, argv) are taken in order. A command outside the script
   *  still throws, but assertAllCalled() does not report it again: action scripts leave the
   *  optional reads an action tolerates failing (e.g. the VM-primitives query) unanswered. */
  ordered?: boolean;
}

const show = (argv: readonly string[]): string => JSON.stringify(argv);

export class FakeRunner implements Runner {
  readonly calls: FakeCall[] = [];
  /** Commands that matched nothing (also reported by assertAllCalled, in case the caller swallowed the error). */
  readonly unexpected: string[] = [];
  private readonly expectations: Expectation[] = [];
  private readonly allowed: Expectation[] = [];
  private responder?: FakeResponder;
  private readonly streams: FakeStream[] = [];
  private readonly conn = new ConnStates();
  private readonly nodeList: string[];
  private readonly useSudo: boolean;
  private readonly readonly: boolean;
  private readonly ordered: boolean;
  private closed = false;

  constructor(opts: FakeRunnerOptions = {}) {
    this.nodeList = [...(opts.nodes ?? [])];
    this.useSudo = opts.useSudo ?? false;
    this.readonly = opts.readonly ?? false;
    this.ordered = opts.ordered ?? false;
    for (const n of this.nodeList) this.conn.set(upState(n, 0));
  }

  /** Expect `argv` on `node` (undefined: any node), answered once. Matched in order among equal
   *  keys, or strictly next in line when `ordered`. */
  expect(node: string | undefined, argv: readonly string[], result: FakeReply = {}): this {
    this.expectations.push({ node, argv: [...argv], result, used: false });
    return this;
  }

  /** A command that may run any number of times, in any order (polls); tried after expectations. */
  allow(node: string | undefined, argv: readonly string[], result: FakeReply = {}): this {
    this.allowed.push({ node, argv: [...argv], result, used: false });
    return this;
  }

  /** Fallback for commands without an expectation (collector tests); return undefined to refuse. */
  respond(fn: FakeResponder): this {
    this.responder = fn;
    return this;
  }

  assertAllCalled(): void {
    const missing = this.expectations.filter((e) => !e.used);
    const problems: string[] = [];
    if (missing.length > 0) problems.push(`expected commands never ran:\n${missing.map((e) => `  ${e.node ?? '(any node)'}: ${show(e.argv)}`).join('\n')}`);
    if (this.unexpected.length > 0 && !this.ordered) problems.push(`unexpected commands ran:\n${this.unexpected.map((u) => `  ${u}`).join('\n')}`);
    if (problems.length > 0) throw new Error(`FakeRunner: ${problems.join('\n')}`);
  }

  nodes(): string[] {
    return [...this.nodeList];
  }

  private checkNode(node: string, cmd: Cmd): void {
    if (this.closed) throw new RunError('closed', node, 'runner is closed', cmd);
    if (this.nodeList.length > 0 && !this.nodeList.includes(node)) {
      throw new RunError('unknown-node', node, `not one of this runner's nodes (${this.nodeList.join(', ')})`, cmd);
    }
    if (this.readonly && cmd.mutates) throw new RunError('readonly', node, `read-only mode refuses a mutating command: ${cmd.argv.join(' ')}`, cmd);
  }

  private record(node: string, cmd: Cmd, via: FakeCall['via']): void {
    this.calls.push({ node, argv: [...cmd.argv], exec: toExecString(cmd, { useSudo: this.useSudo }), cmd, via });
  }

  private async answer(node: string, cmd: Cmd): Promise<FakeResult> {
    const matches = (x: Expectation) =>
      !x.used && (x.node === undefined || x.node === node) && x.argv.length === cmd.argv.length && x.argv.every((a, i) => a === cmd.argv[i]);
    const next = this.ordered ? this.expectations.find((x) => !x.used) : undefined;
    const e = this.ordered ? (next && matches(next) ? next : undefined) : this.expectations.find(matches);
    if (e) e.used = true;
    const reply = (e ?? this.allowed.find(matches))?.result;
    if (reply !== undefined) return typeof reply === 'function' ? reply(cmd) : reply;
    const r = this.responder ? await this.responder(node, cmd) : undefined;
    if (r) return r;
    const pending = this.expectations.filter((x) => !x.used).map((x) => `  ${x.node ?? '(any node)'}: ${show(x.argv)}`);
    const msg =
      `FakeRunner: unexpected command on ${node}: ${show(cmd.argv)}` +
      (pending.length > 0 ? `\nstill expected:\n${pending.join('\n')}` : '\n(no expectations left)');
    this.unexpected.push(`${node}: ${show(cmd.argv)}`);
    throw new Error(msg);
  }

  async run(node: string, cmd: Cmd): Promise<RunResult> {
    this.checkNode(node, cmd);
    this.record(node, cmd, 'run');
    const r = await this.answer(node, cmd);
    if (r instanceof RunError) throw r;
    return { node, stdout: r.stdout ?? '', stderr: r.stderr ?? '', code: r.code === undefined ? 0 : r.code, durationMs: 0 };
  }

  async runBatch(node: string, cmds: readonly Cmd[]): Promise<RunResult[]> {
    for (const c of cmds) this.checkNode(node, c);
    const out: RunResult[] = [];
    for (const c of cmds) {
      this.record(node, c, 'batch');
      const r = await this.answer(node, c);
      // A transport failure fails the whole batch, as one exec would.
      if (r instanceof RunError) throw r;
      out.push({ node, stdout: r.stdout ?? '', stderr: '', code: r.code === undefined ? 0 : r.code, durationMs: 0 });
    }
    return out;
  }

  /** onStart is called synchronously so a test can push data right after stream(). */
  stream(node: string, cmd: Cmd, handlers: StreamHandlers): StreamHandle {
    try {
      this.checkNode(node, cmd);
    } catch (e) {
      queueMicrotask(() => handlers.onEnd?.({ code: null, error: e as RunError }));
      return { close: () => {} };
    }
    this.record(node, cmd, 'stream');
    const s: FakeStream = { node, cmd, handlers, closed: false };
    this.streams.push(s);
    handlers.onStart?.();
    return {
      close: () => {
        s.closed = true;
      },
    };
  }

  private findStreams(node: string, argv0: string): FakeStream[] {
    const found = this.streams.filter((s) => !s.closed && s.node === node && s.cmd.argv[0] === argv0);
    if (found.length === 0) {
      const open = this.streams.filter((s) => !s.closed).map((s) => `${s.node}: ${show(s.cmd.argv)}`);
      throw new Error(`FakeRunner: no open stream ${argv0} on ${node} (open: ${open.length > 0 ? open.join('; ') : 'none'})`);
    }
    return found;
  }

  /** Delivers a chunk to the open streams on `node` whose argv[0] is `argv0`. */
  pushStream(node: string, argv0: string, chunk: string): void {
    for (const s of this.findStreams(node, argv0)) s.handlers.onData(chunk);
  }

  /** Ends those streams; like SshRunner they restart (onStart again) unless `restart` is false. */
  endStream(node: string, argv0: string, info: { code?: number | null; error?: RunError; restart?: boolean } = {}): void {
    for (const s of this.findStreams(node, argv0)) {
      s.handlers.onEnd?.(info.error ? { code: info.code ?? null, error: info.error } : { code: info.code ?? 0 });
      if (info.restart === false) s.closed = true;
      else if (!s.closed) s.handlers.onStart?.();
    }
  }

  /** argv of every command that changed state, in order, each led by its node. */
  mutations(): string[][] {
    return this.calls.filter((c) => c.cmd.mutates).map((c) => [c.node, ...c.cmd.argv]);
  }

  /** Open (not closed) streams, for assertions. */
  openStreams(): { node: string; argv: string[] }[] {
    return this.streams.filter((s) => !s.closed).map((s) => ({ node: s.node, argv: [...s.cmd.argv] }));
  }

  /** Drives connection state for UI/store tests. */
  setConnState(node: string, patch: Partial<Omit<NodeConnState, 'node'>>): void {
    const prev = this.conn.get(node) ?? upState(node, 0);
    this.conn.set({ ...prev, ...patch, node });
  }

  onConnState(listener: (s: NodeConnState) => void): () => void {
    return this.conn.subscribe(listener);
  }

  connState(node: string): NodeConnState | undefined {
    return this.conn.get(node);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.streams) s.closed = true;
    this.conn.unsubscribeAll();
  }
}
