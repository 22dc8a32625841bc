// The site's alert hook (config `alertHook`, an argv list): run locally once per raised or cleared
// alert, never through a shell, with the alert as JSON on stdin and VIRTDECK_ALERT_* in the
// environment. A hook that hangs is killed after a timeout; failures go to the timeline as info
// (the console must not depend on a site script working).
import { spawn } from 'node:child_process';
import { onAlertChange, type VdStore } from '../store/store.js';
import type { Alert } from '../store/types.js';

export interface AlertHookOptions {
  /** Kill the hook after this long (default 10 s). */
  timeoutMs?: number;
  /** Hooks running at once (default 2); the rest wait in order. */
  concurrency?: number;
  /** Queued runs beyond this are dropped (with one timeline note per burst). Default 200. */
  maxQueue?: number;
  log?: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface AlertHookEvent {
  event: 'raised' | 'cleared';
  cluster: string;
  /** ms epoch of the change */
  time: number;
  alert: Alert;
}

export interface AlertHook {
  /** Resolves when every queued and running hook has finished (tests, orderly close). */
  idle(): Promise<void>;
  /** Stops listening; running hooks are left to finish (or time out). */
  close(): void;
}

/** Environment for one run: the alert's fields as VIRTDECK_ALERT_* (plus VIRTDECK_CLUSTER). */
export function alertHookEnv(e: AlertHookEvent, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const a = e.alert;
  const env: NodeJS.ProcessEnv = {
    ...base,
    VIRTDECK_CLUSTER: e.cluster,
    VIRTDECK_ALERT_EVENT: e.event,
    VIRTDECK_ALERT_ID: a.id,
    VIRTDECK_ALERT_RULE: a.rule,
    VIRTDECK_ALERT_SEVERITY: a.severity,
    VIRTDECK_ALERT_SUBJECT: a.subject,
    VIRTDECK_ALERT_MESSAGE: a.message,
    VIRTDECK_ALERT_SINCE: new Date(a.since).toISOString(),
    VIRTDECK_ALERT_TIME: new Date(e.time).toISOString(),
  };
  if (a.node !== undefined) env.VIRTDECK_ALERT_NODE = a.node;
  else delete env.VIRTDECK_ALERT_NODE;
  if (a.value !== undefined) env.VIRTDECK_ALERT_VALUE = String(a.value);
  else delete env.VIRTDECK_ALERT_VALUE;
  return env;
}

/** Runs `argv` once with `input` on stdin. Resolves with a problem description, or undefined when it exited 0. */
function runOnce(argv: readonly string[], input: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | undefined> {
  const [prog, ...args] = argv;
  if (!prog) return Promise.resolve('alertHook is empty');
  return new Promise((resolve) => {
    let stderr = '';
    let done = false;
    const finish = (why: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(why);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(prog, args, { stdio: ['pipe', 'ignore', 'pipe'], env, shell: false });
    } catch (e) {
      resolve(e instanceof Error ? e.message : String(e));
      return;
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(`timed out after ${Math.round(timeoutMs / 100) / 10} s (killed)`);
    }, timeoutMs);
    child.on('error', (e) => finish(e.message));
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 400) stderr += d.toString('utf8');
    });
    child.on('close', (code, signal) => {
      if (code === 0) finish(undefined);
      else {
        const last = stderr.trim().split('\n').pop();
        finish(`${code !== null ? `exit ${code}` : `killed by ${signal}`}${last ? `: ${last.slice(0, 200)}` : ''}`);
      }
    });
    child.stdin?.on('error', () => undefined); // a hook that does not read stdin is fine
    child.stdin?.end(input);
  });
}

export function attachAlertHook(store: VdStore, argv: readonly string[], opts: AlertHookOptions = {}): AlertHook {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const maxQueue = opts.maxQueue ?? 200;
  const log = opts.log ?? (() => undefined);
  const queue: AlertHookEvent[] = [];
  let running = 0;
  let dropped = 0;
  let idleWaiters: (() => void)[] = [];

  const note = (subject: string, message: string) => {
    log(message);
    try {
      store.getState().pushTimeline({ time: Date.now(), source: 'alert', kind: 'alert-hook', severity: 'info', subject, message });
    } catch {
      // the store is gone (closing): nothing to report to
    }
  };
  const checkIdle = () => {
    if (running === 0 && queue.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  };
  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const e = queue.shift()!;
      running++;
      void runOnce(argv, JSON.stringify(e) + '\n', alertHookEnv(e, opts.env), timeoutMs).then((why) => {
        running--;
        if (why) note(e.alert.id, `alert hook ${argv[0]} (${e.event} ${e.alert.id}) failed: ${why}`);
        pump();
        checkIdle();
      });
    }
  };
  const off = onAlertChange(store, (c) => {
    const cluster = store.getState().cluster.name;
    const events: AlertHookEvent[] = [
      ...c.raised.map((alert) => ({ event: 'raised' as const, cluster, time: c.time, alert })),
      ...c.cleared.map((alert) => ({ event: 'cleared' as const, cluster, time: c.time, alert })),
    ];
    for (const e of events) {
      if (queue.length >= maxQueue) {
        if (dropped++ === 0) note('alert-hook', `alert hook ${argv[0]}: more than ${maxQueue} runs queued; dropping alerts until it catches up`);
        continue;
      }
      queue.push(e);
    }
    if (queue.length < maxQueue) dropped = 0;
    // Defer: the listener runs inside the store's set(); the timeline note must not re-enter it.
    queueMicrotask(pump);
  });
  return {
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        queueMicrotask(checkIdle);
      }),
    close: off,
  };
}
