// Cluster LVM in the simulated cluster: the shared VGs are the /dev/<vg>/ directories of the VMs'
// disks (lock type dlm, lvmlockd + dlm on every node); every live member holds their lockspaces
// unless an incident stopped one on a node.
import type { DemoSim } from './sim.js';

export interface SimLv {
  name: string;
  uuid: string;
  path: string;
  sizeBytes: number;
}

export interface SimVg {
  name: string;
  uuid: string;
  lvs: SimLv[];
}

/** Lockspaces stopped per sim: node → VG names. */
const stopped = new WeakMap<DemoSim, Map<string, Set<string>>>();

/** lvm's UUID shape (6-4-4-4-4-4-6 of [A-Za-z0-9]), stable per name. */
export function lvmUuid(seed: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let h = 2166136261;
  let out = '';
  for (let i = 0; i < 32; i++) {
    for (const ch of `${seed}:${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += abc[h % abc.length];
  }
  return [6, 4, 4, 4, 4, 4, 6].reduce<{ at: number; parts: string[] }>((a, n) => ({ at: a.at + n, parts: [...a.parts, out.slice(a.at, a.at + n)] }), { at: 0, parts: [] }).parts.join('-');
}

const LV_PATH = /^\/dev\/([A-Za-z0-9_.+-]+)\/([A-Za-z0-9_.+-]+)$/;

/** The shared VGs and their LVs, from every VM's disks (a VM created later adds its LV). */
export function sharedVgs(sim: DemoSim): SimVg[] {
  const vgs = new Map<string, SimVg>();
  for (const v of sim.vms)
    for (const d of v.disks) {
      const m = LV_PATH.exec(d.path);
      if (!m || m[1] === 'disk' || m[1] === 'mapper') continue;
      const [, vg, lv] = m;
      let g = vgs.get(vg!);
      if (!g) vgs.set(vg!, (g = { name: vg!, uuid: lvmUuid(`vg:${vg}`), lvs: [] }));
      if (!g.lvs.some((x) => x.name === lv)) g.lvs.push({ name: lv!, uuid: lvmUuid(`lv:${vg}/${lv}`), path: d.path, sizeBytes: d.capacity });
    }
  return [...vgs.values()];
}

/** Nodes where a running VM (or one migrating there) has `path` open. */
export function lvOpenOn(sim: DemoSim, path: string): Set<string> {
  const nodes = new Set<string>();
  for (const v of sim.vms) {
    if (v.state !== 'running' && v.state !== 'paused') continue;
    if (!v.disks.some((d) => d.path === path)) continue;
    nodes.add(v.node);
    if (v.migration) nodes.add(v.migration.to);
  }
  return nodes;
}

/** lvmlockd on `node` holds the lockspace of `vg` (a node that is not an online member holds none). */
export function lockspaceStarted(sim: DemoSim, node: string, vg: string): boolean {
  if (sim.node(node).member !== 'online') return false;
  return !stopped.get(sim)?.get(node)?.has(vg);
}

export function stopLockspace(sim: DemoSim, node: string, vg: string): void {
  let m = stopped.get(sim);
  if (!m) stopped.set(sim, (m = new Map()));
  m.set(node, new Set([...(m.get(node) ?? []), vg]));
  sim.log(node, 'lvmlockd', 'lvmlockd', `restarted without adopting locks: lockspace lvm_${vg} not started (vgchange --lock-start ${vg} needed)`, 3);
}

export function startLockspace(sim: DemoSim, node: string, vg: string): void {
  stopped.get(sim)?.get(node)?.delete(vg);
  sim.log(node, 'lvmlockd', 'lvmlockd', `lockspace lvm_${vg} started`, 5);
}

/** The incident's victim per sim: the node and VG whose lockspace it stopped. */
const lost = new WeakMap<DemoSim, { node: string; vg: string }>();

/** Stops, on the first of `prefer` running a VM with a disk on a shared VG, that VG's lockspace. */
export function lockspaceLoss(sim: DemoSim, prefer: readonly (string | undefined)[]): void {
  for (const node of prefer) {
    if (!node || !sim.hasNode(node)) continue;
    const vg = sharedVgs(sim).find((g) => g.lvs.some((lv) => lvOpenOn(sim, lv.path).has(node)));
    if (!vg) continue;
    stopLockspace(sim, node, vg.name);
    lost.set(sim, { node, vg: vg.name });
    return;
  }
}

export function lockspaceRestart(sim: DemoSim): void {
  const l = lost.get(sim);
  if (!l) return;
  startLockspace(sim, l.node, l.vg);
  lost.delete(sim);
}
