// `npm run bench [-- --quick] [-- --profile] [-- --steady-only [--size N×V]] [-- --tsx]`: cost,
// freshness and scale of the console against the embedded demo cluster, and the ssh-per-command
// baseline on the same servers. Prints a table, writes bench/results/<date>.json, refreshes
// docs/benchmarks.md (full runs), and prints ONE JSON summary line last. Console processes run
// compiled JS with the entry point's Node flags (as installed), unless --tsx.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import type { ResolvedHost } from '../src/ssh/host.js';
import { DEFAULT_INTERVALS } from '../src/collectors/intervals.js';
import { runMain, spawnChild, type ChildRpc } from './ipc.js';
import type { NodeCounters, ScheduledExec } from './counting-runner.js';
import { referenceSchedule, runBaseline } from './baseline.js';
import { establishedByRemotePort, mean, percentile, round, summary } from './stats.js';
import { buildBench, childUrl, shippedNodeFlags } from './build.js';
import { runFleetBench } from './fleet.js';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const PROFILE = argv.includes('--profile');
/** Only the steady-state windows (console + TUI, engine only) and traffic; no baseline, latency or UI-at-scale scenarios. */
const STEADY_ONLY = argv.includes('--steady-only');
const TSX = argv.includes('--tsx');
/** Only the fleet row (bench/fleet.ts): demo exporters → real Prometheus → fleet console. */
const FLEET_ONLY = argv.includes('--fleet-only');
const sizeArg = argv[argv.indexOf('--size') + 1];

const P = QUICK
  ? { fpSizes: [4, 16], vmsPerNode: 8, steady: { nodes: 8, vms: 64 }, warmMs: 2_000, windowMs: 8_000, engineWindowMs: 4_000, baselineMs: 5_000, baselineNodes: 2, vmEvents: 4, pathEvents: process.argv.includes('--path-events') ? 3 : 0, ui: { nodes: 8, vms: 1000 }, jN: 15, pgN: 8, filterRounds: 1, gapMs: 120, burst: 50 }
  : { fpSizes: [4, 16, 64], vmsPerNode: 16, steady: { nodes: 32, vms: 1024 }, warmMs: 15_000, windowMs: 60_000, engineWindowMs: 30_000, baselineMs: 20_000, baselineNodes: 8, vmEvents: 12, pathEvents: process.argv.includes('--no-path-events') ? 0 : 10, ui: { nodes: 32, vms: 5000 }, jN: 40, pgN: 20, filterRounds: 4, gapMs: 150, burst: 200 };

if (argv.includes('--size')) {
  const m = /^(\d+)[x×](\d+)$/.exec(sizeArg ?? '');
  if (!m) throw new Error(`--size: expected NODES×VMS_PER_NODE (e.g. 32x32), got ${sizeArg ?? 'nothing'}`);
  P.steady = { nodes: Number(m[1]), vms: Number(m[1]) * Number(m[2]) };
}

const DEMO = childUrl('demo-proc', !TSX);
const CONSOLE = childUrl('console-proc', !TSX);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
const log = (m: string) => process.stderr.write(`[bench +${((Date.now() - T0) / 1000).toFixed(1)}s] ${m}\n`);
const debug = (m: string) => process.env['BENCH_DEBUG'] && log(m);

interface DemoInfo {
  clusterName: string;
  hosts: ResolvedHost[];
  knownHostsFile: string;
  clientKeyFile: string;
}
interface FirstPicture {
  engineMs: number;
  lastSource: string;
  perSource: Record<string, number>;
}
interface WindowResult {
  wallMs: number;
  cpuMs: number;
  cpuPct: number;
  rssMb: number;
  heapMb: number;
  counters: Record<string, NodeCounters>;
  frames: number;
  schedule: ScheduledExec[];
}

const children: ChildRpc[] = [];
let demoProc: ChildRpc | undefined;
/** One demo process for the whole run; a fresh cluster (new servers, keys) per scenario. */
async function withDemo<T>(nodes: number, vms: number, f: (demo: ChildRpc, info: DemoInfo) => Promise<T>): Promise<T> {
  if (!demoProc) children.push((demoProc = spawnChild(DEMO, { name: 'demo' })));
  const demo = demoProc;
  const info = await demo.call<DemoInfo>('start', { nodes, vms, seed: 7 });
  // A demo that dies (e.g. a crash in the simulation) fails the scenario now, not at a timeout.
  let onExit: (() => void) | undefined;
  const died = new Promise<never>((_, reject) => demo.proc.once('exit', (onExit = () => reject(new Error(`demo process exited (${demo.proc.exitCode ?? demo.proc.signalCode}) during the scenario`)))));
  died.catch(() => undefined);
  try {
    return await Promise.race([f(demo, info), died]);
  } finally {
    debug('demo closing');
    if (onExit) demo.proc.off('exit', onExit);
    await demo.call('close', undefined, 30_000).catch(() => undefined);
    // A fresh demo process per measured scenario: nothing left over from the last cluster.
    demoProc = undefined;
    await demo.stop();
    debug('demo closed');
  }
}

let profileSeq = 0;
/** Console processes are forked ahead of use (loading tsx + ink takes seconds on a busy machine);
 *  each scenario that measures CPU or RSS gets a fresh one. */
const consolePool: ChildRpc[] = [];
function forkConsole(): ChildRpc {
  const execArgv = [...(TSX ? [] : shippedNodeFlags()), ...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/results/prof', `--cpu-prof-name=console-${++profileSeq}.cpuprofile`] : [])];
  const env = { ...process.env };
  // ink renders nothing interactive when it believes it runs in CI.
  delete env['CI'];
  delete env['CONTINUOUS_INTEGRATION'];
  const c = spawnChild(CONSOLE, { name: 'console', execArgv, env });
  children.push(c);
  return c;
}
function prefork(n: number): void {
  for (let i = 0; i < n; i++) {
    const c = forkConsole();
    void c.call('ping', undefined, 120_000).catch(() => undefined);
    consolePool.push(c);
  }
}

async function withConsole<T>(info: DemoInfo, ui: boolean, f: (c: ChildRpc) => Promise<T>, keep = false): Promise<T> {
  const c = consolePool.shift() ?? forkConsole();
  await c.call('ping', undefined, 120_000);
  try {
    await c.call('start', { hosts: info.hosts, clusterName: info.clusterName, ui });
    debug(`console started (${info.hosts.length} nodes, ui ${ui})`);
    return await f(c);
  } finally {
    debug('console stopping');
    await c.call('stop', undefined, 20_000).catch(() => undefined);
    if (keep) consolePool.unshift(c);
    else await c.stop();
    debug('console stopped');
  }
}

async function tcpPerPort(ports: number[]): Promise<Map<number, number>> {
  return establishedByRemotePort(await readFile('/proc/net/tcp', 'utf8'), ports);
}

function perNodePerMinute(counters: Record<string, NodeCounters>, windowMs: number) {
  const vals = Object.values(counters);
  const perMin = 60_000 / windowMs;
  const avg = (k: keyof NodeCounters) => (mean(vals.map((v) => v[k])) ?? 0) * perMin;
  return {
    execs: round(avg('execs'), 1),
    commands: round(avg('commands'), 1),
    kbytes: round(avg('bytes') / 1024, 1),
    peakChannels: Math.max(0, ...vals.map((v) => v.peakChannels)),
    peakPoolChannels: Math.max(0, ...vals.map((v) => v.peakPoolChannels)),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadavgAtStart: os.loadavg().map((x) => round(x, 2)),
  };
  log(`mode ${QUICK ? 'quick' : 'full'}${STEADY_ONLY ? ', steady only' : ''}; ${machine.cores} cores (${machine.cpu}); load ${machine.loadavgAtStart.join(' ')}`);
  if (!TSX) await buildBench(log);
  if (STEADY_ONLY) return steadyOnly();
  const fleetBench = () => runFleetBench({ quick: QUICK, log, consoleUrl: childUrl('fleet-console-proc', !TSX), execArgv: TSX ? [] : shippedNodeFlags() });
  if (FLEET_ONLY) {
    const f = await fleetBench();
    process.stdout.write(`\n${renderText(f.rows, f.targets)}\n${JSON.stringify({ mode: 'fleet-only', ...f.summary })}\n`);
    return;
  }

  // (1) launch → every source of every node has a lastOk.
  const firstPicture: Record<string, FirstPicture> = {};
  prefork(TSX ? 4 : 2);
  for (const n of P.fpSizes) {
    await withDemo(n, n * P.vmsPerNode, async (_demo, info) => {
      await withConsole(info, false, async (c) => {
        const fp = await c.call<FirstPicture>('firstPicture', undefined, 130_000);
        firstPicture[n] = fp;
        log(`first picture ${n} nodes: ${(fp.engineMs / 1000).toFixed(2)} s (last source: ${fp.lastSource})`);
      }, n !== P.fpSizes[P.fpSizes.length - 1]);
    });
  }

  // (2)(3)(4)(6) steady state at nodes × vms with default intervals.
  const { nodes: SN, vms: SV } = P.steady;
  const steady = await withDemo(SN, SV, async (demo, info) => {
    const ports = info.hosts.map((h) => h.port);
    const r = await withConsole(info, true, async (c) => {
      await c.call('firstPicture', undefined, 130_000);
      await c.call('view', { name: 'vms' });
      log(`steady ${SN}×${SV / SN}: warm-up ${P.warmMs / 1000} s, window ${P.windowMs / 1000} s (console + TUI)`);
      await sleep(P.warmMs);
      const demoCpu0 = await demo.call<{ cpuMs: number }>('cpu');
      const tcpSamples: Map<number, number>[] = [];
      const win = c.call<WindowResult>('window', { ms: P.windowMs, record: true }, P.windowMs * 3 + 60_000); // a saturated console fires its timer late
      const sampler = (async () => {
        for (let t = 0; t < P.windowMs - 1000; t += Math.min(5000, P.windowMs / 4)) {
          await sleep(Math.min(5000, P.windowMs / 4));
          tcpSamples.push(await tcpPerPort(ports));
        }
      })();
      const w = await win;
      await sampler;
      const demoCpu1 = await demo.call<{ cpuMs: number; rssMb: number }>('cpu');
      const conns = tcpSamples.flatMap((m) => [...m.values()]);

      // (4) freshness: VM stopped in the demo → store → rendered frame.
      const vmLat = { store: [] as number[], frame: [] as number[], failed: 0 };
      const targets = await demo.call<{ vm: string; node: string }[]>('runningVms', { count: P.vmEvents });
      for (const t of targets) {
        try {
          await c.call('armVm', t, 60_000);
          await sleep(200);
          const t0 = await demo.call<number>('stopVm', t);
          const got = await c.call<{ store: number; frame?: number }>('awaitArmed', undefined, 60_000);
          vmLat.store.push(got.store - t0);
          if (got.frame !== undefined) vmLat.frame.push(got.frame - t0);
          await demo.call('startVm', t).catch(() => undefined);
        } catch (e) {
          vmLat.failed++;
          log(`VM event ${t.vm}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      log(`VM stop → store p95 ${percentile(vmLat.store, 95)?.toFixed(0)} ms, → frame p95 ${percentile(vmLat.frame, 95)?.toFixed(0)} ms (${vmLat.frame.length} events)`);

      const pathLat = { store: [] as number[], frame: [] as number[], failed: 0 };
      if (P.pathEvents > 0) {
        await c.call('view', { name: 'storage' });
        for (let i = 0; i < P.pathEvents; i++) {
          const t = { node: info.hosts[i % info.hosts.length]!.name, map: i % 2 ? 'mpathb' : 'mpatha', dev: i % 2 ? 'sdf' : 'sdb' };
          try {
            await c.call('armPath', { ...t, failed: true }, 60_000);
            await sleep(200);
            const t0 = await demo.call<number>('failPath', t);
            const got = await c.call<{ store: number; frame?: number }>('awaitArmed', undefined, 90_000);
            pathLat.store.push(got.store - t0);
            if (got.frame !== undefined) pathLat.frame.push(got.frame - t0);
            await demo.call('restorePath', t);
          } catch (e) {
            pathLat.failed++;
            log(`path event ${t.node} ${t.map} ${t.dev}: ${(e as Error).message.split('\n')[0]}`);
          }
        }
        log(`path failed → store p95 ${percentile(pathLat.store, 95)?.toFixed(0)} ms, → frame p95 ${percentile(pathLat.frame, 95)?.toFixed(0)} ms`);
      }
      return { w, conns, demoCpuPct: (100 * (demoCpu1.cpuMs - demoCpu0.cpuMs)) / w.wallMs, demoRssMb: demoCpu1.rssMb, vmLat, pathLat };
    });

    // Engine only (collectors + store, no TUI): what the baseline's ssh processes replace.
    const eng = await withConsole(info, false, async (c) => {
      await c.call('firstPicture', undefined, 130_000);
      log(`engine-only window ${P.engineWindowMs / 1000} s`);
      await sleep(P.warmMs);
      return c.call<WindowResult>('window', { ms: P.engineWindowMs, record: false }, P.engineWindowMs * 3 + 60_000);
    });

    // (3) baseline: the recorded commands of the first baselineMs, on baselineNodes nodes, one ssh each.
    const subset = info.hosts.slice(0, P.baselineNodes).map((h) => h.name);
    const sampleCmds = referenceSchedule(r.w.schedule, subset, P.baselineMs, DEFAULT_INTERVALS.iostat);
    const fullCmds = referenceSchedule(r.w.schedule, info.hosts.map((h) => h.name), r.w.wallMs, DEFAULT_INTERVALS.iostat);
    log(`baseline: ${sampleCmds.length} ssh processes over ${P.baselineMs / 1000} s on ${subset.length} nodes`);
    const b = await runBaseline({ cmds: sampleCmds, hosts: info.hosts, knownHostsFile: info.knownHostsFile, clientKeyFile: info.clientKeyFile });
    const sshPerMin = (fullCmds.length * 60_000) / r.w.wallMs;
    const baselineCpuSPerMin = (b.cpuPerCmdMs / 1000) * sshPerMin;
    log(`baseline: ${b.runs} runs, ${b.failed} failed, ${b.cpuPerCmdMs.toFixed(1)} ms CPU per ssh; ${sshPerMin.toFixed(0)} ssh/min for ${SN} nodes${b.firstError ? `; first error: ${b.firstError}` : ''}`);
    return { ...r, eng, b, sshPerMin, baselineCpuSPerMin };
  });

  // (5) UI at scale.
  const noKeys = { latencies: [] as number[], misses: 0 };
  const uiScale = await withDemo(P.ui.nodes, P.ui.vms, async (demo, info) =>
    withConsole(info, true, async (c) => {
      await c.call('waitVms', { count: P.ui.vms }, 180_000);
      await c.call('view', { name: 'vms' });
      await sleep(1000);
      log(`UI at ${P.ui.vms} VMs: keystrokes`);
      const j = await c.call<{ latencies: number[]; misses: number }>('keys', { kind: 'j', n: P.jN, gapMs: P.gapMs });
      const pg = await c.call<{ latencies: number[]; misses: number }>('keys', { kind: 'pgdn', n: P.pgN, gapMs: P.gapMs });
      const fl = await c.call<{ latencies: number[]; misses: number }>('keys', { kind: 'filter', n: P.filterRounds, gapMs: P.gapMs });
      const jHeld = await c.call<{ latencies: number[]; misses: number }>('keys', { kind: 'j', n: P.jN, gapMs: 33 });
      log(`UI: burst of ${P.burst} VM state changes`);
      const fr = c.call<{ frames: number; perSecond: number[]; renderMs: number[]; loopLagMs: number[] }>('frames', { ms: 6000 });
      await sleep(200);
      await demo.call('burst', { count: P.burst, spreadMs: 1000, holdMs: 2000 }, 60_000);
      return { j, pg, fl, jHeld, fr: await fr };
    }),
  ).catch((e: unknown) => {
    // Reported as not met (no samples) rather than losing the rest of the run.
    log(`UI at scale failed: ${(e as Error).message.split('\n')[0]}`);
    return { j: noKeys, pg: noKeys, fl: noKeys, jHeld: noKeys, fr: { frames: 0, perSecond: [] as number[], renderMs: [] as number[], loopLagMs: [] as number[] } };
  });

  const fleet = await fleetBench();

  // ---- report ----
  const w = steady.w;
  const consoleCpuSPerMin = (w.cpuMs / 1000) * (60_000 / w.wallMs);
  const engineCpuSPerMin = (steady.eng.cpuMs / 1000) * (60_000 / steady.eng.wallMs);
  const traffic = perNodePerMinute(w.counters, w.wallMs);
  const keyAll = [...uiScale.j.latencies, ...uiScale.pg.latencies, ...uiScale.fl.latencies];
  const fp64 = firstPicture[64] ?? firstPicture[Math.max(...P.fpSizes)];
  const connMax = Math.max(...steady.conns);
  const connMin = Math.min(...steady.conns);
  const fps = uiScale.fr.perSecond;

  const summaryLine: Record<string, unknown> = {
    mode: QUICK ? 'quick' : 'full',
    first_picture_64_s: QUICK ? null : round((fp64?.engineMs ?? NaN) / 1000, 2) ?? '>60',
    first_picture_s: Object.fromEntries(Object.entries(firstPicture).map(([k, v]) => [k, round(v.engineMs / 1000, 2)])),
    first_picture_last_source: Object.fromEntries(Object.entries(firstPicture).map(([k, v]) => [k, v.lastSource])),
    steady_size: `${SN}x${SV / SN}`,
    cpu_pct_32x32: round(w.cpuPct, 2),
    cpu_pct_engine_only: round(steady.eng.cpuPct, 2),
    rss_mb_32x32: round(w.rssMb, 1),
    rss_mb_engine_only: round(steady.eng.rssMb, 1),
    demo_cpu_pct: round(steady.demoCpuPct, 1),
    console_cpu_s_per_min: round(consoleCpuSPerMin, 2),
    baseline_cpu_s_per_min: round(steady.baselineCpuSPerMin, 1),
    baseline_cpu_ratio: round(steady.baselineCpuSPerMin / consoleCpuSPerMin, 1),
    baseline_cpu_ratio_engine_only: round(steady.baselineCpuSPerMin / engineCpuSPerMin, 1),
    baseline_ssh_per_min: round(steady.sshPerMin, 0),
    baseline_cpu_ms_per_ssh: round(steady.b.cpuPerCmdMs, 1),
    baseline_sampled: { runs: steady.b.runs, failed: steady.b.failed, nodes: P.baselineNodes, seconds: P.baselineMs / 1000, maxLagMs: round(steady.b.maxLagMs, 0) },
    event_to_store_p50_ms: round(percentile(steady.vmLat.store, 50), 0),
    event_to_store_p95_ms: round(percentile(steady.vmLat.store, 95), 0),
    event_to_frame_p50_ms: round(percentile(steady.vmLat.frame, 50), 0),
    event_to_frame_p95_ms: round(percentile(steady.vmLat.frame, 95), 0),
    vm_events: steady.vmLat.frame.length,
    path_to_store_p50_ms: round(percentile(steady.pathLat.store, 50), 0),
    path_to_store_p95_ms: round(percentile(steady.pathLat.store, 95), 0),
    path_to_frame_p95_ms: round(percentile(steady.pathLat.frame, 95), 0),
    path_events: steady.pathLat.frame.length,
    ui_vms: P.ui.vms,
    key_to_frame_p50_ms_5k: round(percentile(keyAll, 50), 1),
    key_to_frame_p95_ms_5k: round(percentile(keyAll, 95), 1),
    key_j: summary(uiScale.j.latencies),
    key_pgdn: summary(uiScale.pg.latencies),
    key_filter: summary(uiScale.fl.latencies),
    key_j_held_30hz: summary(uiScale.jHeld.latencies),
    key_misses: uiScale.j.misses + uiScale.pg.misses + uiScale.fl.misses,
    burst_fps_mean: round(mean(fps), 1),
    burst_fps_max: Math.max(0, ...fps),
    burst_render_ms_p95: round(percentile(uiScale.fr.renderMs, 95), 1),
    burst_loop_lag_ms_p95: round(percentile(uiScale.fr.loopLagMs, 95), 0),
    connections_per_node: connMax === connMin ? connMax : `${connMin}-${connMax}`,
    peak_channels_per_node: traffic.peakChannels,
    peak_pool_channels_per_node: traffic.peakPoolChannels,
    execs_per_node_per_min: traffic.execs,
    commands_per_node_per_min: traffic.commands,
    kbytes_per_node_per_min: traffic.kbytes,
    steady_frames_per_s: round((w.frames * 1000) / w.wallMs, 1),
    ...fleet.summary,
  };

  const targets = [
    { name: 'baseline ÷ virtdeck CPU ≥ 10×', value: summaryLine['baseline_cpu_ratio'], met: (summaryLine['baseline_cpu_ratio'] as number) >= 10 },
    { name: 'first complete picture, 64 nodes ≤ 3 s', value: QUICK ? 'n/a (quick)' : summaryLine['first_picture_64_s'], met: QUICK ? undefined : typeof summaryLine['first_picture_64_s'] === 'number' && (summaryLine['first_picture_64_s'] as number) <= 3 },
    { name: `steady ${SN}×${SV / SN} CPU ≤ 5 % of a core`, value: summaryLine['cpu_pct_32x32'], met: (summaryLine['cpu_pct_32x32'] as number) <= 5 },
    { name: `steady ${SN}×${SV / SN} RSS ≤ 150 MB`, value: summaryLine['rss_mb_32x32'], met: (summaryLine['rss_mb_32x32'] as number) <= 150 },
    { name: 'VM state change → frame p95 ≤ 1 s (ms)', value: summaryLine['event_to_frame_p95_ms'], met: (summaryLine['event_to_frame_p95_ms'] as number | null) !== null && (summaryLine['event_to_frame_p95_ms'] as number) <= 1000 },
    { name: `keystroke → frame p95 ≤ 50 ms at ${P.ui.vms} VMs`, value: summaryLine['key_to_frame_p95_ms_5k'], met: summaryLine['key_to_frame_p95_ms_5k'] !== null && (summaryLine['key_to_frame_p95_ms_5k'] as number) <= 50 },
    { name: 'exactly 1 TCP connection per node', value: summaryLine['connections_per_node'], met: connMax === 1 && connMin === 1 },
    ...fleet.targets,
  ];
  summaryLine['targets_met'] = targets.filter((t) => t.met === true).length;
  summaryLine['targets_total'] = targets.filter((t) => t.met !== undefined).length;

  const rows: [string, string, string][] = [
    ...Object.entries(firstPicture).map(([n, v]): [string, string, string] => [`first complete picture, ${n} nodes (${n}×${P.vmsPerNode} VMs)`, Number.isFinite(v.engineMs) ? `${(v.engineMs / 1000).toFixed(2)} s` : 'incomplete', `last source: ${v.lastSource}`]),
    [`console CPU, ${SN}×${SV / SN}, ${w.wallMs / 1000 | 0} s, with TUI`, `${w.cpuPct.toFixed(2)} % of a core`, `${consoleCpuSPerMin.toFixed(2)} CPU-s/min`],
    [`console CPU, engine only (no TUI)`, `${steady.eng.cpuPct.toFixed(2)} %`, `${engineCpuSPerMin.toFixed(2)} CPU-s/min`],
    ['console RSS (max)', `${w.rssMb.toFixed(1)} MB`, `engine only ${steady.eng.rssMb.toFixed(1)} MB`],
    ['demo servers CPU (other process, not counted)', `${steady.demoCpuPct.toFixed(1)} %`, ''],
    ['baseline: ssh per command', `${steady.baselineCpuSPerMin.toFixed(1)} CPU-s/min`, `${steady.b.cpuPerCmdMs.toFixed(1)} ms/ssh × ${steady.sshPerMin.toFixed(0)} ssh/min (sampled ${steady.b.runs} runs, ${steady.b.failed} failed)`],
    ['baseline ÷ virtdeck CPU', `${summaryLine['baseline_cpu_ratio']}×`, `engine only ${summaryLine['baseline_cpu_ratio_engine_only']}×`],
    ['VM stop → store p50 / p95', `${summaryLine['event_to_store_p50_ms']} / ${summaryLine['event_to_store_p95_ms']} ms`, `${steady.vmLat.store.length} events`],
    ['VM stop → frame p50 / p95', `${summaryLine['event_to_frame_p50_ms']} / ${summaryLine['event_to_frame_p95_ms']} ms`, `${steady.vmLat.frame.length} events, ${steady.vmLat.failed} failed`],
    ['path failed → store p50 / p95', `${summaryLine['path_to_store_p50_ms']} / ${summaryLine['path_to_store_p95_ms']} ms`, `${steady.pathLat.store.length} events (multipath poll ${DEFAULT_INTERVALS.multipath / 1000} s)`],
    ['path failed → frame p95', `${summaryLine['path_to_frame_p95_ms']} ms`, ''],
    [`key → frame p50 / p95, ${P.ui.vms} VMs`, `${summaryLine['key_to_frame_p50_ms_5k']} / ${summaryLine['key_to_frame_p95_ms_5k']} ms`, `j ${uiScale.j.latencies.length}, PgDn ${uiScale.pg.latencies.length}, filter keys ${uiScale.fl.latencies.length}; misses ${summaryLine['key_misses']}`],
    ['  j / PgDn / filter p95', `${summaryLine['key_j'] && (summaryLine['key_j'] as { p95: number }).p95} / ${(summaryLine['key_pgdn'] as { p95: number }).p95} / ${(summaryLine['key_filter'] as { p95: number }).p95} ms`, `j held at 30/s: p95 ${(summaryLine['key_j_held_30hz'] as { p95: number }).p95} ms (maxFps 10)`],
    [`frames/s during a burst of ${P.burst} VM changes`, `mean ${summaryLine['burst_fps_mean']}, max ${summaryLine['burst_fps_max']}`, `render p95 ${summaryLine['burst_render_ms_p95']} ms, event-loop lag p95 ${summaryLine['burst_loop_lag_ms_p95']} ms`],
    ['TCP connections per node', String(summaryLine['connections_per_node']), `${steady.conns.length} samples of /proc/net/tcp`],
    ['peak channels per node', String(traffic.peakChannels), `pool-reported ${traffic.peakPoolChannels}`],
    ['per node per minute', `${traffic.execs} execs, ${traffic.commands} commands`, `${traffic.kbytes} KiB`],
    ...fleet.rows,
  ];
  const md = renderMarkdown(rows, targets, machine);
  process.stdout.write('\n' + renderText(rows, targets) + '\n');

  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  const stamp = new Date(started).toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const file = new URL(`./results/${stamp}${QUICK ? '-quick' : ''}.json`, import.meta.url);
  await writeFile(file, JSON.stringify({ machine, params: P, summary: summaryLine, targets, firstPicture, durationS: (Date.now() - started) / 1000 }, null, 2) + '\n');
  if (!QUICK) await updateDoc(md, stamp);
  log(`wrote ${file.pathname}${QUICK ? '' : ' and docs/benchmarks.md'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(JSON.stringify(summaryLine) + '\n');
}

/** `--steady-only`: console + TUI window, then a fresh engine-only console; CPU, RSS and traffic. */
async function steadyOnly(): Promise<void> {
  const { nodes: SN, vms: SV } = P.steady;
  const size = `${SN}×${SV / SN}`;
  const res = await withDemo(SN, SV, async (_demo, info) => {
    const measure = (ui: boolean, ms: number) =>
      withConsole(info, ui, async (c) => {
        await c.call('firstPicture', undefined, 130_000);
        if (ui) await c.call('view', { name: 'vms' });
        log(`steady ${size} ${ui ? 'console + TUI' : 'engine only'}: warm-up ${P.warmMs / 1000} s, window ${ms / 1000} s; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
        await sleep(P.warmMs);
        return c.call<WindowResult>('window', { ms, record: false }, ms * 3 + 60_000);
      });
    return { ui: await measure(true, P.windowMs), eng: await measure(false, P.engineWindowMs) };
  });
  const traffic = perNodePerMinute(res.eng.counters, res.eng.wallMs);
  const out = {
    mode: 'steady-only',
    steady_size: size.replace('×', 'x'),
    runtime: TSX ? 'tsx' : `compiled JS ${shippedNodeFlags().join(' ')}`.trim(),
    load_at_end: os.loadavg().map((x) => round(x, 2)),
    cpu_pct_with_tui: round(res.ui.cpuPct, 2),
    rss_mb_with_tui: round(res.ui.rssMb, 1),
    cpu_pct_engine_only: round(res.eng.cpuPct, 2),
    rss_mb_engine_only: round(res.eng.rssMb, 1),
    engine_cpu_s_per_min: round((res.eng.cpuMs / 1000) * (60_000 / res.eng.wallMs), 2),
    execs_per_node_per_min: traffic.execs,
    commands_per_node_per_min: traffic.commands,
    kbytes_per_node_per_min: traffic.kbytes,
  };
  log(`steady ${size}: with TUI ${out.cpu_pct_with_tui} % / ${out.rss_mb_with_tui} MB; engine only ${out.cpu_pct_engine_only} % / ${out.rss_mb_engine_only} MB`);
  process.stdout.write(JSON.stringify(out) + '\n');
}

type Target = { name: string; value: unknown; met: boolean | undefined };
const verdict = (t: Target) => (t.met === undefined ? '—' : t.met ? 'met' : 'NOT MET');

function renderText(rows: [string, string, string][], targets: Target[]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length), ...targets.map((t) => t.name.length));
  const w1 = Math.max(...rows.map((r) => r[1].length), 12);
  const lines = rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
  lines.push('', 'targets:');
  for (const t of targets) lines.push(`${t.name.padEnd(w0)}  ${String(t.value).padEnd(w1)}  ${verdict(t)}`);
  return lines.join('\n');
}

function renderMarkdown(rows: [string, string, string][], targets: Target[], machine: Record<string, unknown>): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `Run: ${new Date().toISOString().replace(/\..*/, 'Z')}, ${machine['cores']} × ${machine['cpu']}, ${machine['memGb']} GB, Node ${machine['node']}, ${machine['os']}, load average at start ${(machine['loadavgAtStart'] as number[]).join(' ')}.`,
    '',
    '| Target | Value | Verdict |',
    '|---|---|---|',
    ...targets.map((t) => `| ${esc(t.name)} | ${esc(String(t.value))} | ${verdict(t)} |`),
    '',
    '| Measurement | Value | Notes |',
    '|---|---|---|',
    ...rows.map((r) => `| ${esc(r[0].trim())} | ${esc(r[1])} | ${esc(r[2])} |`),
  ].join('\n');
}

async function updateDoc(md: string, stamp: string): Promise<void> {
  const doc = new URL('../docs/benchmarks.md', import.meta.url);
  let text: string;
  try {
    text = await readFile(doc, 'utf8');
  } catch {
    return;
  }
  const a = '<!-- bench:results:start -->';
  const b = '<!-- bench:results:end -->';
  const i = text.indexOf(a);
  const j = text.indexOf(b);
  if (i < 0 || j < i) return;
  await writeFile(doc, `${text.slice(0, i + a.length)}\n${md}\n\nRaw numbers: \`bench/results/${stamp}.json\`.\n${text.slice(j)}`);
}

runMain(main, children, log);
