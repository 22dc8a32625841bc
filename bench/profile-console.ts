// `npx tsx bench/profile-console.ts [nodes] [vmsPerNode] [seconds] [ui|engine]`: one console
// process under --cpu-prof against a demo process, for naming a hot spot; prints the top
// self-time functions. Not part of `npm run bench`.
import { mkdir, readFile } from 'node:fs/promises';
import { spawnChild } from './ipc.js';

const [nodes = 32, per = 32, secs = 40] = process.argv.slice(2, 5).map(Number);
const ui = (process.argv[5] ?? 'ui') === 'ui';
const dir = 'bench/results/prof';
const demo = spawnChild(new URL('./demo-proc.ts', import.meta.url).href, { name: 'demo' });
const env = { ...process.env };
delete env['CI'];
const c = spawnChild(new URL('./console-proc.ts', import.meta.url).href, { name: 'console', env });
const file = `${dir}/profile-${nodes}x${per}-${ui ? 'ui' : 'engine'}.cpuprofile`;
await mkdir(dir, { recursive: true });
try {
  const info = await demo.call<{ hosts: unknown[]; clusterName: string }>('start', { nodes, vms: nodes * per, seed: 7 });
  await c.call('start', { hosts: info.hosts, clusterName: info.clusterName, ui });
  if (ui) await c.call('view', { name: 'vms' });
  await c.call('profileStart');
  const w = await c.call<{ cpuPct: number; rssMb: number; frames: number }>('window', { ms: secs * 1000, record: false }, secs * 1000 + 120_000);
  await c.call('profileStop', { file }, 120_000);
  console.log(`console ${ui ? '+ TUI' : 'engine only'} ${nodes}×${per}: CPU ${w.cpuPct.toFixed(1)} % of a core, RSS ${w.rssMb.toFixed(0)} MB, frames ${w.frames}`);
} finally {
  await c.call('stop', undefined, 30_000).catch(() => undefined);
  await c.stop();
  await demo.call('close').catch(() => undefined);
  await demo.stop();
}
interface Node_ {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
{
  const prof = JSON.parse(await readFile(file, 'utf8')) as { nodes: Node_[] };
  const total = prof.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const by = new Map<string, number>();
  for (const n of prof.nodes) {
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|src|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
    by.set(k, (by.get(k) ?? 0) + (n.hitCount ?? 0));
  }
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}
