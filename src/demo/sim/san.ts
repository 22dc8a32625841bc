// The SAN under the simulated cluster: each node reaches the LUNs over SCSI hosts 1–4 (the hctl
// host of its multipath paths): hosts 1 and 2 are iSCSI sessions to two portals, hosts 3 and 4
// Fibre Channel HBA ports. Libvirt pools: the images directory, the shared VG of the big VMs'
// data disks (a logical pool), and a backup directory nearly full on the first node.
// Incidents flip a session or a port (per sim, like the lockspaces in lvm.ts).
import type { DemoSim } from './sim.js';
import { sharedVgs } from './lvm.js';

const GiB = 2 ** 30;

export interface SimSession {
  sid: number;
  /** The SCSI host whose paths it carries. */
  host: number;
  portal: string;
  ifaceIp: string;
  state: 'LOGGED_IN' | 'FAILED';
}

export interface SimFcPort {
  host: number;
  wwpn: string;
  state: 'Online' | 'Linkdown';
}

export const ISCSI_TARGET = 'iqn.2003-01.org.linux-iscsi.demo-san.x8664:sn.5f3a9c2e71b4';

/** Sessions and ports per sim: node → …, created on first look. */
const sessions = new WeakMap<DemoSim, Map<string, SimSession[]>>();
const ports = new WeakMap<DemoSim, Map<string, SimFcPort[]>>();

function perNode<T>(store: WeakMap<DemoSim, Map<string, T>>, sim: DemoSim, node: string, make: () => T): T {
  let m = store.get(sim);
  if (!m) store.set(sim, (m = new Map()));
  let v = m.get(node);
  if (!v) m.set(node, (v = make()));
  return v;
}

export function iscsiSessions(sim: DemoSim, node: string): SimSession[] {
  const id = sim.node(node).id;
  return perNode(sessions, sim, node, () => [1, 2].map((h) => ({ sid: h, host: h, portal: `10.${29 + h}.0.1:3260,1`, ifaceIp: `10.${29 + h}.0.${10 + id}`, state: 'LOGGED_IN' as const })));
}

export function fcPorts(sim: DemoSim, node: string): SimFcPort[] {
  const id = sim.node(node).id;
  return perNode(ports, sim, node, () => [3, 4].map((h) => ({ host: h, wwpn: `0x2100f4e9d4${id.toString(16).padStart(2, '0')}${h.toString(16).padStart(4, '0')}`, state: 'Online' as const })));
}

/** The block devices (paths) a SCSI host carries on `node`. */
export function hostDisks(sim: DemoSim, node: string, host: number): { dev: string; lun: number; failed: boolean }[] {
  return sim.node(node).maps.flatMap((m, mi) => m.paths.filter((p) => p.hctl.startsWith(`${host}:`)).map((p) => ({ dev: p.dev, lun: mi, failed: p.failed })));
}

export function dropSession(sim: DemoSim, node: string, sid: number): void {
  const s = iscsiSessions(sim, node).find((x) => x.sid === sid);
  if (!s) return;
  s.state = 'FAILED';
  sim.log(node, 'iscsid', 'iscsid', `Kernel reported iSCSI connection ${sid}:0 error (1022 - ISCSI_ERR_NOP_TIMEDOUT: A NOP has timed out) state (3)`, 3);
}

export function restoreSession(sim: DemoSim, node: string, sid: number): void {
  const s = iscsiSessions(sim, node).find((x) => x.sid === sid);
  if (!s) return;
  s.state = 'LOGGED_IN';
  sim.log(node, 'iscsid', 'iscsid', `connection${sid}:0 is operational after recovery (3 attempts)`, 5);
}

export function setFcPort(sim: DemoSim, node: string, host: number, state: SimFcPort['state']): void {
  const p = fcPorts(sim, node).find((x) => x.host === host);
  if (!p) return;
  p.state = state;
  sim.log(node, 'kernel', 'kernel', state === 'Linkdown' ? `qla2xxx [0000:3b:00.${host - 3}]-500b:${host}: LOOP DOWN detected (2 7 0 0).` : `qla2xxx [0000:3b:00.${host - 3}]-500a:${host}: LOOP UP detected (16 Gbps).`, state === 'Linkdown' ? 3 : 5);
}

/** LUN queue depth and scheduler per path: iSCSI LUNs 128/none, FC LUNs 32/mq-deadline. */
export function lunQueue(hctl: string): { depth: number; scheduler: string } {
  return Number(hctl.split(':')[0]) <= 2 ? { depth: 128, scheduler: 'none' } : { depth: 32, scheduler: 'mq-deadline' };
}

export interface SimPoolVolume {
  name: string;
  path: string;
  type: 'file' | 'block';
  capacity: number;
  allocation: number;
}

export interface SimPool {
  name: string;
  type: 'dir' | 'logical';
  capacity: number;
  volumes: SimPoolVolume[];
}

/**
 * The pools `node` has defined (all running, autostart). `default` is a local dir pool: it holds the
 * images of the VMs on this node (listing every VM's image on every node made the pools read grow
 * with nodes × VMs: 2 million volume rows per poll at 256 nodes × 8,000 VMs).
 */
export function simPools(sim: DemoSim, node: string): SimPool[] {
  const images: SimPoolVolume[] = sim.vms
    .filter((v) => v.node === node)
    .flatMap((v) => v.disks)
    .filter((d) => d.path.startsWith('/var/lib/libvirt/images/'))
    .map((d) => ({ name: d.path.slice('/var/lib/libvirt/images/'.length), path: d.path, type: 'file', capacity: d.capacity, allocation: Math.round(d.capacity * 0.35) }));
  const pools: SimPool[] = [{ name: 'default', type: 'dir', capacity: 2048 * GiB, volumes: images }];
  for (const g of sharedVgs(sim)) {
    const lvs: SimPoolVolume[] = g.lvs.map((lv) => ({ name: lv.name, path: lv.path, type: 'block', capacity: lv.sizeBytes, allocation: lv.sizeBytes }));
    const used = lvs.reduce((a, v) => a + v.capacity, 0);
    pools.push({ name: g.name, type: 'logical', capacity: Math.max(1024 * GiB, Math.ceil((used * 1.6) / GiB) * GiB), volumes: lvs });
  }
  if (sim.nodes[0]?.name === node)
    pools.push({ name: 'backup', type: 'dir', capacity: 500 * GiB, volumes: [{ name: 'nightly.tar', path: '/srv/backup/nightly.tar', type: 'file', capacity: 467 * GiB, allocation: 467 * GiB }] });
  return pools;
}
