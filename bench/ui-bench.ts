// `npx tsx bench/ui-bench.ts [--steady N×V] [--scale N×V] [--secs S] [--skip-steady|--skip-scale] [--profile]`:
// only the TUI scenarios of `npm run bench` (steady state with the TUI, keystroke → frame at
// scale, a burst of VM changes), for iterating on rendering cost. Also reports what the full
// bench does not: ink renders (layout + output build) and React store notifications per second.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { runMain, spawnChild, type ChildRpc } from './ipc.js';
import { percentile, round } from './stats.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
};
const size = (s: string) => s.split(/[x×]/).map(Number) as [number, number];
const [SN, SPER] = size(opt('--steady', '32x32'));
const [UN, UVMS] = size(opt('--scale', '32x5000'));
const SECS = Number(opt('--secs', '30'));
const PROFILE = argv.includes('--profile');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const log = (m: string) => process.stderr.write(`[ui-bench] ${m}\n`);

const children: ChildRpc[] = [];
const env = { ...process.env };
delete env['CI'];
delete env['CONTINUOUS_INTEGRATION'];

async function withCluster<T>(nodes: number, vms: number, tag: string, f: (c: ChildRpc, demo: ChildRpc, prof: { start(): unknown; stop(): unknown }) => Promise<T>): Promise<T> {
  const demo = spawnChild(new URL('./demo-proc.ts', import.meta.url).href, { name: 'demo' });
  if (PROFILE) await mkdir('bench/results/prof', { recursive: true });
  const c = spawnChild(new URL('./console-proc.ts', import.meta.url).href, { name: 'console', env });
  children.push(demo, c);
  try {
    const info = await demo.call<{ hosts: unknown[]; clusterName: string }>('start', { nodes, vms, seed: 7 }, 180_000);
    await c.call('ping', undefined, 120_000);
    await c.call('start', { hosts: info.hosts, clusterName: info.clusterName, ui: true });
    // The measured part only (not start-up), through the console's in-process profiler.
    const prof = { start: () => (PROFILE ? c.call('profileStart') : undefined), stop: () => (PROFILE ? c.call('profileStop', { file: `bench/results/prof/ui-${tag}.cpuprofile` }, 120_000) : undefined) };
    return await f(c, demo, prof);
  } finally {
    await c.call('stop', undefined, 30_000).catch(() => undefined);
    await c.stop();
    await demo.call('close', undefined, 30_000).catch(() => undefined);
    await demo.stop();
  }
}

type Keys = { latencies: number[]; misses: number };
const p = (xs: number[], q: number) => round(percentile(xs, q), 1);

async function main(): Promise<void> {
  const out: Record<string, unknown> = { loadAtStart: load() };
  if (!argv.includes('--skip-steady')) {
    out['steady'] = await withCluster(SN, SN * SPER, `steady-${SN}x${SPER}`, async (c, _demo, prof) => {
      await c.call('firstPicture', undefined, 130_000);
      await c.call('view', { name: 'vms' });
      await sleep(5000);
      await prof.start();
      const fr = c.call<{ frames: number; renderMs: number[] }>('frames', { ms: SECS * 1000 });
      const w = await c.call<{ cpuPct: number; wallMs: number; frames: number }>('window', { ms: SECS * 1000, record: false }, SECS * 3000 + 60_000);
      const f = await fr;
      await prof.stop();
      const s = w.wallMs / 1000;
      const r = {
        size: `${SN}x${SPER}`,
        cpuPct: round(w.cpuPct, 2),
        framesPerS: round(w.frames / s, 2),
        inkRendersPerS: round(f.renderMs.length / s, 2),
        inkRenderMsPerS: round(f.renderMs.reduce((a, b) => a + b, 0) / s, 1),
        inkRenderMsP50: p(f.renderMs, 50),
        load: load(),
      };
      log(`steady ${JSON.stringify(r)}`);
      return r;
    });
  }
  if (!argv.includes('--skip-scale')) {
    out['scale'] = await withCluster(UN, UVMS, `scale-${UN}x${UVMS}`, async (c, demo, prof) => {
      await c.call('waitVms', { count: UVMS }, 180_000);
      await c.call('view', { name: 'vms' });
      await sleep(1000);
      await prof.start();
      const j = await c.call<Keys>('keys', { kind: 'j', n: 40, gapMs: 150 });
      const pg = await c.call<Keys>('keys', { kind: 'pgdn', n: 20, gapMs: 150 });
      const fl = await c.call<Keys>('keys', { kind: 'filter', n: 4, gapMs: 150 });
      const fr = c.call<{ frames: number; perSecond: number[]; renderMs: number[]; loopLagMs: number[] }>('frames', { ms: 6000 });
      await sleep(200);
      await demo.call('burst', { count: 200, spreadMs: 1000, holdMs: 2000 }, 60_000);
      const b = await fr;
      await prof.stop();
      const all = [...j.latencies, ...pg.latencies, ...fl.latencies];
      const r = {
        vms: UVMS,
        keyP50: p(all, 50),
        keyP95: p(all, 95),
        j: { p50: p(j.latencies, 50), p95: p(j.latencies, 95) },
        pgdn: { p50: p(pg.latencies, 50), p95: p(pg.latencies, 95) },
        filter: { p50: p(fl.latencies, 50), p95: p(fl.latencies, 95) },
        misses: j.misses + pg.misses + fl.misses,
        burstFps: b.perSecond,
        burstRenderMsP95: p(b.renderMs, 95),
        burstLagP95: p(b.loopLagMs, 95),
        load: load(),
      };
      log(`scale ${JSON.stringify(r)}`);
      return r;
    });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

runMain(main, children, log);
