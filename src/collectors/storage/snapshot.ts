// `snapshot --json`'s `storage`: per node the pools, iSCSI sessions, FC ports and LUN queues,
// each with the freshness of the source it came from.
import type { SourceId, VdState } from '../../store/types.js';
import { poolShared, poolUsedPct } from './model.js';

/** The freshness entry the snapshot gives every item (store/snapshot.ts SnapFresh). */
type Fresh = { state: string; ageMs?: number };

export interface StorageSnapshot {
  pools: { node: string; name: string; state: string; autostart: boolean; shared: boolean; capacity?: number; allocation?: number; usedPct?: number; volumes?: number; fresh: Fresh }[];
  iscsiSessions: { node: string; sid: number; target: string; portal: string; state: string; connState: string; disks: { dev: string; state: string }[]; fresh: Fresh }[];
  fcPorts: { node: string; host: string; wwpn: string; state: string; speed: string; fresh: Fresh }[];
  luns: { node: string; dev: string; queueDepth: number; scheduler?: string; fresh: Fresh }[];
}

export function storageSnapshot<F extends Fresh>(state: Pick<VdState, 'nodeOrder' | 'nodes'>, nodeFresh: (node: string, source: SourceId) => F): StorageSnapshot {
  const out: StorageSnapshot = { pools: [], iscsiSessions: [], fcPorts: [], luns: [] };
  for (const node of state.nodeOrder) {
    const n = state.nodes[node];
    const shared = n?.lvm?.vgs.filter((g) => g.shared).map((g) => g.name) ?? [];
    for (const p of n?.pools?.pools ?? []) {
      const e: StorageSnapshot['pools'][number] = { node, name: p.name, state: p.state, autostart: p.autostart, shared: poolShared(p, shared), fresh: nodeFresh(node, 'pools') };
      if (p.capacityBytes !== undefined) e.capacity = p.capacityBytes;
      if (p.allocationBytes !== undefined) e.allocation = p.allocationBytes;
      const used = poolUsedPct(p);
      if (used !== undefined) e.usedPct = Math.round(used * 10) / 10;
      if (p.volumes) e.volumes = p.volumes.length;
      out.pools.push(e);
    }
    const san = n?.san;
    if (!san) continue;
    const fresh = nodeFresh(node, 'san');
    for (const s of san.iscsi ?? []) out.iscsiSessions.push({ node, sid: s.sid, target: s.target, portal: s.portal, state: s.state, connState: s.connState, disks: s.disks.map((d) => ({ dev: d.dev, state: d.state })), fresh });
    for (const p of san.fc) out.fcPorts.push({ node, host: p.host, wwpn: p.wwpn, state: p.state, speed: p.speed, fresh });
    for (const l of san.luns) out.luns.push(l.scheduler === undefined ? { node, dev: l.dev, queueDepth: l.queueDepth, fresh } : { node, dev: l.dev, queueDepth: l.queueDepth, scheduler: l.scheduler, fresh });
  }
  return out;
}
