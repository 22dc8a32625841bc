// Bench child: the console side (SshRunner + store + collectors, optionally the TUI drawing into
// a fake terminal) in its own process, so process.cpuUsage() is the console's cost alone.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import type { ResolvedHost } from '../src/ssh/host.js';
import { SshRunner } from '../src/ssh/ssh-runner.js';
import { createVdStore, LIVE_DERIVE_MS, type VdStore } from '../src/store/store.js';
import { recordStore, type Recorder } from '../src/store/record.js';
import { startCollectors, type CollectorsHandle } from '../src/collectors/runtime.js';
import { allVms } from '../src/store/selectors.js';
import type { SourceId } from '../src/store/types.js';
import { CountingRunner, type NodeCounters } from './counting-runner.js';
import { serve, wallMs } from './ipc.js';
import { cursorLine, mountUi, stripAnsi, tableRange, type UiHarness } from './ui-harness.js';

const NODE_SOURCES: SourceId[] = ['corosync', 'sbd', 'multipath', 'host', 'network', 'capabilities', 'vms', 'iostat', 'vmevents', 'journal'];
const CLUSTER_SOURCES: SourceId[] = ['pacemaker', 'stonith'];

let runner: CountingRunner | undefined;
let store: VdStore | undefined;
let collectors: CollectorsHandle | undefined;
let ui: UiHarness | undefined;
let engineStart = 0;
let firstPicture: Promise<{ engineMs: number; lastSource: string; perSource: Record<string, number>; cpuMs?: number; loopLagMaxMs?: number }> | undefined;

const S = (): VdStore => {
  if (!store) throw new Error('console not started');
  return store;
};
const U = (): UiHarness => {
  if (!ui) throw new Error('console started without the TUI');
  return ui;
};

/** Latest lastOk per source over all nodes, or undefined while any source of any node has none. */
function completeAt(s: ReturnType<VdStore['getState']>): { at: number; last: string; perSource: Record<string, number> } | undefined {
  const perSource: Record<string, number> = {};
  let at = 0;
  let last = '';
  const see = (src: string, t: number | undefined): boolean => {
    if (t === undefined) return false;
    perSource[src] = Math.max(perSource[src] ?? 0, t);
    if (t > at) {
      at = t;
      last = src;
    }
    return true;
  };
  for (const src of CLUSTER_SOURCES) if (!see(src, s.cluster.fresh[src]?.lastOk)) return undefined;
  for (const n of s.nodeOrder) for (const src of NODE_SOURCES) if (!see(src, s.nodes[n]?.fresh[src]?.lastOk)) return undefined;
  return { at, last, perSource };
}

/** completeAt for a store that only gains data: nodes seen complete are not walked again (the
 *  check runs on every commit; walking every source of every node each time was ~5 % of the
 *  console's CPU during the 256-node first picture, charged to the console). Same answer. */
function completeWatcher(): (s: ReturnType<VdStore['getState']>) => ReturnType<typeof completeAt> {
  const done = new Set<string>();
  return (s) => {
    for (const src of CLUSTER_SOURCES) if (s.cluster.fresh[src]?.lastOk === undefined) return undefined;
    for (const n of s.nodeOrder) {
      if (done.has(n)) continue;
      const f = s.nodes[n]?.fresh;
      if (!f || NODE_SOURCES.some((src) => f[src]?.lastOk === undefined)) return undefined;
      done.add(n);
    }
    return completeAt(s);
  };
}

function missing(s: ReturnType<VdStore['getState']>): string {
  const out: string[] = [];
  for (const src of CLUSTER_SOURCES) if (s.cluster.fresh[src]?.lastOk === undefined) out.push(`cluster/${src}: ${s.cluster.fresh[src]?.error ?? 'none yet'}`);
  for (const n of s.nodeOrder) for (const src of NODE_SOURCES) if (s.nodes[n]?.fresh[src]?.lastOk === undefined) out.push(`${n}/${src}: ${s.nodes[n]?.fresh[src]?.error ?? 'none yet'}`);
  return out.slice(0, 6).join('; ') + (out.length > 6 ? ` (+${out.length - 6} more)` : '');
}

function waitStore<T>(pred: (s: ReturnType<VdStore['getState']>) => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const st = S();
  return new Promise<T>((resolve, reject) => {
    const hit = pred(st.getState());
    if (hit !== undefined) return resolve(hit);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; missing: ${missing(st.getState())}`));
    }, timeoutMs);
    const off = st.subscribe((s) => {
      const h = pred(s);
      if (h !== undefined) {
        clearTimeout(timer);
        off();
        resolve(h);
      }
    });
  });
}

/** CPU ms of the main thread and of the others (V8 GC helpers, libuv pool) from /proc (Linux). */
function threadCpuMs(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name = Number(tid) === process.pid ? 'main' : comm; // worker threads are all called "node" on Node 20
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
    }
  } catch {
    // not Linux: no per-thread figures
  }
  return out;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function countersSnapshot(): Record<string, NodeCounters> {
  return Object.fromEntries([...(runner?.counters ?? new Map<string, NodeCounters>())].map(([k, v]) => [k, { ...v }]));
}

// The `/` prompt opens pre-filled with the view's current filter: erase it before typing.
const filters = new Map<string, string>();
let currentView = 'overview';
async function setFilter(text: string): Promise<void> {
  const u = U();
  await u.type('/');
  await u.type('\x7f'.repeat((filters.get(currentView) ?? '').length), 5);
  await u.type(text, 5);
  await u.type('\r');
  filters.set(currentView, text);
}

let profiler: Session | undefined;
let recorder: Recorder | undefined;

serve({
  ping: () => true,
  /** In-process V8 CPU profile of the console's main thread (bench/profile-console.ts). */
  async profileStart() {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    // VD_ALLOC_PROF=1: also sample allocations, garbage included (what drives the GC threads);
    // VD_ALLOC_PROF=old: only what outlived the young generation (what drives mark-compacts).
    if (process.env['VD_ALLOC_PROF'])
      await profiler.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env['VD_ALLOC_PROF'] !== 'old' });
    return true;
  },
  /** Where the RSS goes: V8 heap spaces, external/array buffers, and (optionally) a heap snapshot. */
  memory(a: { gc?: boolean; snapshot?: string }) {
    // --expose-gc: a collection first, so "used" is what is retained rather than garbage.
    if (a.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
    const mu = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMb: mb(s.space_size), usedMb: mb(s.space_used_size) }]));
    const file = a.snapshot ? v8.writeHeapSnapshot(a.snapshot) : undefined;
    return { rssMb: mb(mu.rss), heapTotalMb: mb(mu.heapTotal), heapUsedMb: mb(mu.heapUsed), externalMb: mb(mu.external), arrayBuffersMb: mb(mu.arrayBuffers), spaces, snapshot: file };
  },
  async profileStop(a: { file: string }) {
    if (!profiler) throw new Error('profiler not started');
    const { profile } = await profiler.post('Profiler.stop');
    if (process.env['VD_ALLOC_PROF']) {
      const { profile: alloc } = await profiler.post('HeapProfiler.stopSampling');
      await writeFile(a.file.replace(/\.cpuprofile$/, '') + '.heapprofile', JSON.stringify(alloc));
    }
    profiler.disconnect();
    profiler = undefined;
    await writeFile(a.file, JSON.stringify(profile));
    return a.file;
  },
  /** `record`: every store mutation to that file (bench/store-replay.ts replays it). */
  start(a: { hosts: ResolvedHost[]; clusterName: string; ui: boolean; record?: string }) {
    engineStart = wallMs();
    const cpuAtStart = cpuMs();
    // Event-loop stalls while the picture fills (a handshake's packets wait behind them).
    const lag = monitorLag();
    const lagMax = () => Math.round(Math.max(0, ...lag.stop()));
    const ssh = new SshRunner({ hosts: a.hosts, readonly: true });
    runner = new CountingRunner(ssh);
    // As the live console (src/cli/session.ts).
    store = createVdStore({ clusterName: a.clusterName, nodes: a.hosts.map((h) => h.name), readonly: true, deriveDelayMs: LIVE_DERIVE_MS });
    if (a.record) recorder = recordStore(store, a.record);
    collectors = startCollectors({ runner, store, config: { live: true } });
    if (a.ui) ui = mountUi(store);
    firstPicture = waitStore(completeWatcher(), 60_000, 'every source of every node').then((c) => ({
      engineMs: c.at - engineStart,
      lastSource: c.last,
      // The console's own CPU until then (the demo's is the parent's to read).
      cpuMs: cpuMs() - cpuAtStart,
      loopLagMaxMs: lagMax(),
      perSource: Object.fromEntries(Object.entries(c.perSource).map(([k, v]) => [k, Math.round(v - engineStart)])),
    }));
    // A picture that never completes is a result (with what is missing), not a crash.
    firstPicture = firstPicture.catch((e: unknown) => ({ engineMs: NaN, lastSource: `INCOMPLETE after 60 s: ${(e as Error).message.replace(/^.*missing: /, '').slice(0, 300)}`, perSource: {}, cpuMs: cpuMs() - cpuAtStart, loopLagMaxMs: lagMax() }));
    return { engineStart };
  },
  firstPicture() {
    if (!firstPicture) throw new Error('not started');
    return firstPicture;
  },
  waitVms(a: { count: number; timeoutMs?: number }) {
    return waitStore((s) => (allVms(s).length >= a.count ? allVms(s).length : undefined), a.timeoutMs ?? 120_000, `${a.count} VMs in the store`);
  },
  /** CPU, RSS and per-node traffic over `ms`; records the poll schedule for the baseline. */
  async window(a: { ms: number; record: boolean }) {
    const r = runner!;
    r.resetCounters();
    if (a.record) r.startRecording();
    const c0 = cpuMs();
    const th0 = threadCpuMs();
    const t0 = wallMs();
    let rssMax = 0;
    const sample = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 1000);
    // Store commits, and how often crm_mon's resource list (the biggest slice) was replaced.
    let commits = 0;
    let crmResources = 0;
    const offCount = S().subscribe((st, before) => {
      commits++;
      if (st.cluster.crm?.resources !== before.cluster.crm?.resources) crmResources++;
    });
    const frames0 = ui?.stdout.frames ?? 0;
    await new Promise((res) => setTimeout(res, a.ms));
    clearInterval(sample);
    offCount();
    const wall = wallMs() - t0;
    const cpu = cpuMs() - c0;
    const th1 = threadCpuMs();
    const threads = Object.fromEntries(Object.entries(th1).map(([k, v]) => [k, Math.round(v - (th0[k] ?? 0))]));
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    const schedule = a.record ? r.stopRecording() : [];
    return {
      wallMs: wall,
      cpuMs: cpu,
      cpuPct: (100 * cpu) / wall,
      rssMb: rssMax / 2 ** 20,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      counters: countersSnapshot(),
      threadsMs: threads,
      kinds: Object.fromEntries([...r.kinds].map(([k, v]) => [k, { ...v }])),
      store: { commits, crmResources, alerts: S().getState().alerts.length, timeline: S().getState().timeline.length, logs: S().getState().logs.length, alertRules: [...new Set(S().getState().alerts.map((x) => x.rule))] },
      frames: (ui?.stdout.frames ?? 0) - frames0,
      schedule,
    };
  },
  /** Opens a view by its `:` name. */
  async view(a: { name: string }) {
    const u = U();
    await u.type(':');
    await u.type(a.name, 5);
    await u.type('\r');
    const f = await u.waitFrame((t) => t.includes(`:${a.name}`), 5000);
    if (!f) throw new Error(`view :${a.name} did not open`);
    currentView = a.name;
    return true;
  },
  /** Filters the VM view to one running VM and arms watchers for it to stop running (a stopped
   *  transient domain leaves `virsh list --all`, so "gone" counts as stopped too). */
  async armVm(a: { vm: string; node: string }) {
    const line = (t: string) => t.split('\n').find((l) => l.includes(a.vm) && l.includes(a.node));
    const running = (t: string) => line(t)?.includes('running') === true;
    if (ui) {
      await setFilter(`^${a.vm} `);
      const f = await U().waitFrame(running, 10_000);
      if (!f) throw new Error(`VM ${a.vm} not shown running before the event`);
    }
    const store$ = waitStore((s) => (s.nodes[a.node]?.vms?.find((v) => v.name === a.vm)?.state !== 'running' ? wallMs() : undefined), 30_000, `${a.vm} not running in the store`);
    const frame$ = ui ? U().waitFrame((t) => !running(t), 30_000) : Promise.resolve(undefined);
    armed = Promise.all([store$, frame$]).then(([ts, f]) => ({ store: ts, frame: f?.t }));
    armed.catch(() => undefined);
    return true;
  },
  /** Same for a multipath path on the storage view. */
  async armPath(a: { node: string; map: string; dev: string; failed: boolean }) {
    // The table's title repeats the filter (`filter /^mpatha kvm-n1 /`): only a row counts.
    const line = (t: string) => t.split('\n').find((l) => l.includes(a.map) && l.includes(` ${a.node} `) && !l.includes('filter /'));
    const isFailed = (s: ReturnType<VdStore['getState']>) =>
      s.nodes[a.node]?.multipath
        ?.find((m) => m.name === a.map)
        ?.pathGroups.flatMap((g) => g.paths)
        .some((p) => p.dev === a.dev && (p.checkerState !== 'ready' || p.dmState !== 'active')) ?? false;
    if (ui) {
      await setFilter(`^${a.map} ${a.node} `);
      const f = await U().waitFrame((t) => line(t) !== undefined, 10_000);
      if (!f) throw new Error(`map ${a.map}@${a.node} not shown before the event`);
    }
    const store$ = waitStore((s) => (isFailed(s) === a.failed ? wallMs() : undefined), 60_000, `path ${a.dev} failed=${a.failed}`);
    const frame$ = ui ? U().waitFrame((t) => (line(t)?.includes(a.dev) ?? false) === a.failed, 60_000) : Promise.resolve(undefined);
    armed = Promise.all([store$, frame$]).then(([ts, f]) => ({ store: ts, frame: f?.t }));
    armed.catch(() => undefined);
    return true;
  },
  awaitArmed() {
    if (!armed) throw new Error('nothing armed');
    const p = armed;
    armed = undefined;
    return p;
  },
  /** Keystroke → frame latencies on the current table view. */
  async keys(a: { kind: 'j' | 'pgdn' | 'filter'; n: number; gapMs: number }) {
    const u = U();
    const out: number[] = [];
    let misses = 0;
    const gap = () => new Promise((r) => setTimeout(r, a.gapMs));
    for (let i = 0; i < a.n; i++) {
      const before = stripAnsi(u.stdout.last.text);
      let ms: number | undefined;
      if (a.kind === 'j') {
        const cl = cursorLine(before);
        ms = await u.press('j', (t) => cursorLine(t) !== cl);
      } else if (a.kind === 'pgdn') {
        const r = tableRange(before);
        ms = await u.press('\x1b[6~', (t) => tableRange(t) !== r);
      } else {
        // One filter round: "/", a name fragment, Enter (applies it to every row), Esc (clears it).
        const frag = ['web1', 'db2', 'n3', 'app'][i % 4]!;
        const footer = (t: string) => t.trimEnd().split('\n').pop()?.trimStart() ?? '';
        const seq: [string, (t: string) => boolean][] = [['/', (t) => footer(t).startsWith('/')]];
        let typed = '';
        for (const ch of frag) {
          typed += ch;
          const want = typed;
          seq.push([ch, (t) => footer(t).startsWith(`/${want}`)]);
        }
        seq.push(['\r', (t) => t.includes(`filter /${frag}/`)]);
        seq.push(['\x1b', (t) => !t.includes('filter /')]);
        for (const [k, done] of seq) {
          const m = await u.press(k, done);
          if (m === undefined) misses++;
          else out.push(m);
          await gap();
        }
        continue;
      }
      if (ms === undefined) misses++;
      else out.push(ms);
      await gap();
    }
    return { latencies: out, misses };
  },
  /** Frames written and ink render times over `ms` (the parent starts a burst of changes meanwhile). */
  async frames(a: { ms: number }) {
    const u = U();
    const f0 = u.stdout.frames;
    const r0 = u.renderTimes.length;
    const perSecond: number[] = [];
    let last = f0;
    const iv = setInterval(() => {
      perSecond.push(u.stdout.frames - last);
      last = u.stdout.frames;
    }, 1000);
    const lagProbe = monitorLag();
    await new Promise((r) => setTimeout(r, a.ms));
    clearInterval(iv);
    return { frames: u.stdout.frames - f0, perSecond, renderMs: u.renderTimes.slice(r0), loopLagMs: lagProbe.stop() };
  },
  async stop() {
    await recorder?.close();
    recorder = undefined;
    collectors?.stop();
    ui?.unmount();
    await runner?.close();
    collectors = undefined;
    ui = undefined;
    runner = undefined;
    store = undefined;
    firstPicture = undefined;
    filters.clear();
    currentView = 'overview';
    return true;
  },
});

let armed: Promise<{ store: number; frame: number | undefined }> | undefined;

/** Event-loop lag sampled every 50 ms (how long a key would wait behind other work). */
function monitorLag(): { stop(): number[] } {
  const lags: number[] = [];
  let expected = wallMs() + 50;
  const iv = setInterval(() => {
    const now = wallMs();
    lags.push(Math.max(0, now - expected));
    expected = now + 50;
  }, 50);
  return {
    stop() {
      clearInterval(iv);
      return lags;
    },
  };
}
