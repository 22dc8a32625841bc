// Request/response over a forked child's IPC channel: the parent calls ops by name, the child
// answers each with the same id. Child processes keep the console and the demo apart so each
// side's CPU (process.cpuUsage) is its own.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Request {
  id: number;
  op: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export type Handlers = Record<string, (args: never) => unknown>;

/** Child side: answer the parent's requests with `handlers[op](args)`. */
export function serve(handlers: Handlers): void {
  if (!process.send) throw new Error('bench child: no IPC channel (run it through bench/run.ts)');
  // The parent may be gone by the time an answer is ready (it timed out and moved on).
  process.on('error', () => undefined);
  const reply = (r: Reply) => {
    if (process.connected) process.send!(r, (e: Error | null) => void e);
  };
  process.on('message', (m: Request) => {
    const h = handlers[m.op] as ((a: unknown) => unknown) | undefined;
    void (async () => {
      try {
        if (!h) throw new Error(`unknown op ${m.op}`);
        const result = await h(m.args);
        reply({ id: m.id, ok: true, result });
      } catch (e) {
        reply({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    })();
  });
  // The parent going away must take the child with it.
  process.on('disconnect', () => process.exit(0));
}

export interface ChildRpc {
  proc: ChildProcess;
  call<T>(op: string, args?: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Parent side: fork a bench child (a .ts module runs through tsx; a compiled .js one runs as is). */
export function spawnChild(moduleUrl: string, opts: { name: string; execArgv?: string[]; env?: NodeJS.ProcessEnv }): ChildRpc {
  const file = fileURLToPath(moduleUrl);
  const proc = fork(file, [], {
    execArgv: [...(file.endsWith('.ts') || file.endsWith('.tsx') ? ['--import', 'tsx'] : []), ...(opts.execArgv ?? [])],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Measure the product as shipped: the entry point runs React's production build (the
    // development build keeps a timing entry per render and roughly doubles render CPU).
    env: { NODE_ENV: 'production', ...(opts.env ?? process.env) },
  });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  proc.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${opts.name}: ${m.error}`));
  });
  proc.on('error', () => undefined); // send failures are reported per call
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.once('exit', (code, sig) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`${opts.name} exited (${code ?? sig}) with a request pending`));
    }
    pending.clear();
  });
  return {
    proc,
    call<T>(op: string, args?: unknown, timeoutMs = 300_000): Promise<T> {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${opts.name}: ${op} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        if (!proc.connected) {
          clearTimeout(timer);
          pending.delete(id);
          return reject(new Error(`${opts.name}: ${op}: process has exited`));
        }
        proc.send({ id, op, args } satisfies Request, (e) => {
          if (!e) return;
          clearTimeout(timer);
          pending.delete(id);
          reject(new Error(`${opts.name}: ${op}: ${e.message}`));
        });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (proc.connected) proc.disconnect();
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

/** Runs a bench entry point: exit 0 when it finishes; on failure log it, stop the children, exit 1. */
export function runMain(main: () => Promise<void>, children: readonly ChildRpc[], log: (m: string) => void): void {
  main().then(
    () => process.exit(0),
    async (e: unknown) => {
      log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
      process.exit(1);
    },
  );
}
