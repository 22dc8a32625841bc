// `npx tsx bench/profile-console.ts [nodes] [vmsPerNode] [seconds] [ui|engine] [--tsx] [--warm S]
//  [--no-prof] [--heap] [--record] [--node-opt=FLAG]…`: one console process (compiled JS with the
// entry point's Node flags unless --tsx) against a demo process; after the first complete picture
// and a warm-up, a steady window under the V8 profiler. Prints CPU (per thread), RSS, traffic per
// command, store commits, busy time by category and the top functions by self and inclusive time.
// --heap adds a heap-space breakdown after a GC and writes a heap snapshot; --record writes every
// store mutation for bench/store-replay.ts. Not part of `npm run bench`.
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { spawnChild } from './ipc.js';
import { buildBench, childUrl, shippedNodeFlags } from './build.js';
import { categorize, summarizeProfile, type CpuProfile } from './cpuprofile-summary.js';

const args = process.argv.slice(2);
const pos = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] === '--warm'));
const [nodes = 32, per = 32, secs = 40] = pos.slice(0, 3).map(Number);
const ui = (pos[3] ?? 'ui') === 'ui';
const TSX = args.includes('--tsx');
const PROF = !args.includes('--no-prof');
const HEAP = args.includes('--heap');
const warmIdx = args.indexOf('--warm');
const WARM_S = warmIdx >= 0 ? Number(args[warmIdx + 1]) : 10;
const nodeOpts = args.filter((a) => a.startsWith('--node-opt=')).map((a) => a.slice('--node-opt='.length));
const log = (m: string) => process.stderr.write(`[profile] ${m}\n`);
const dir = 'bench/results/prof';

if (!TSX) await buildBench(log);
const env = { ...process.env };
delete env['CI'];
const demo = spawnChild(childUrl('demo-proc', !TSX), { name: 'demo' });
const c = spawnChild(childUrl('console-proc', !TSX), { name: 'console', env, execArgv: [...(TSX ? [] : shippedNodeFlags()), ...(HEAP ? ['--expose-gc'] : []), ...nodeOpts] });
const tag = `${nodes}x${per}-${ui ? 'ui' : 'engine'}${TSX ? '-tsx' : ''}`;
const file = `${dir}/profile-${tag}.cpuprofile`;
await mkdir(dir, { recursive: true });
try {
  const info = await demo.call<{ hosts: unknown[]; clusterName: string }>('start', { nodes, vms: nodes * per, seed: 7 }, 180_000);
  await c.call('ping', undefined, 120_000);
  await c.call('start', { hosts: info.hosts, clusterName: info.clusterName, ui, ...(args.includes('--record') ? { record: `${dir}/store-${tag}.jsonl` } : {}) });
  const fp = await c.call<{ engineMs: number; lastSource: string; cpuMs?: number; loopLagMaxMs?: number }>('firstPicture', undefined, 130_000);
  log(`first picture ${(fp.engineMs / 1000).toFixed(2)} s (last: ${fp.lastSource}; console CPU until then ${((fp.cpuMs ?? NaN) / 1000).toFixed(2)} s, longest loop stall ${fp.loopLagMaxMs ?? '?'} ms); warm-up ${WARM_S} s`);
  if (ui) await c.call('view', { name: 'vms' });
  await new Promise((r) => setTimeout(r, WARM_S * 1000));
  if (PROF) await c.call('profileStart');
  const load0 = os.loadavg()[0]!.toFixed(2);
  const w = await c.call<{ cpuPct: number; cpuMs: number; wallMs: number; rssMb: number; heapMb: number; frames: number; kinds: Record<string, { commands: number; bytes: number }>; store: unknown; threadsMs: Record<string, number> }>('window', { ms: secs * 1000, record: false }, secs * 3000 + 120_000);
  if (PROF) await c.call('profileStop', { file }, 120_000);
  console.log(`console ${ui ? '+ TUI' : 'engine only'} ${nodes}×${per} (${TSX ? 'tsx' : ['compiled JS', ...shippedNodeFlags()].join(' ')}${nodeOpts.length ? ' ' + nodeOpts.join(' ') : ''}): CPU ${w.cpuPct.toFixed(2)} % of a core (${((w.cpuMs / w.wallMs) * 60).toFixed(2)} CPU-s/min${PROF ? ', profiler on' : ''}), RSS max ${w.rssMb.toFixed(1)} MB, heap used ${w.heapMb.toFixed(1)} MB, frames ${w.frames}; load ${load0} → ${os.loadavg()[0]!.toFixed(2)}`);
  console.log(`store: ${JSON.stringify(w.store)}; CPU ms by thread: ${JSON.stringify(w.threadsMs)}`);
  const perNodeMin = (v: number) => (v * 60_000) / w.wallMs / nodes;
  const kinds = Object.entries(w.kinds).sort((a, b) => b[1].bytes - a[1].bytes);
  console.log('per node per minute, by command: ' + kinds.map(([k, v]) => `${k} ${perNodeMin(v.commands).toFixed(1)}× ${(perNodeMin(v.bytes) / 1024).toFixed(0)} KiB`).join('; '));
  if (HEAP) {
    const m = await c.call<Record<string, unknown>>('memory', { gc: true, snapshot: `${dir}/heap-${tag}.heapsnapshot` }, 300_000);
    console.log(JSON.stringify(m));
  }
} finally {
  await c.call('stop', undefined, 30_000).catch(() => undefined);
  await c.stop();
  await demo.call('close').catch(() => undefined);
  await demo.stop();
}
if (PROF) {
  const prof = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const s = summarizeProfile(prof);
  console.log(`busy ${s.busySamples} of ${s.totalSamples} samples; by category (% of busy): ${JSON.stringify(categorize(prof))}`);
  console.log('% of busy time:');
  console.log('  self  total');
  const top = [...s.fns].sort((a, b) => b.selfPct - a.selfPct).slice(0, 25);
  const incl = [...s.fns].sort((a, b) => b.totalPct - a.totalPct).filter((f) => !top.includes(f)).slice(0, 25);
  for (const f of [...top, ...incl]) console.log(`${f.selfPct.toFixed(1).padStart(6)} ${f.totalPct.toFixed(1).padStart(6)}  ${f.fn}`);
}
