// Destinations for a VM migration, best first: online Pacemaker members that are not in standby
// or maintenance, reachable over SSH, not already running the VM(s); most available memory first.
import { fmtKb } from '../format.js';
import type { VdState } from '../../store/types.js';
import { flattenResources } from '../../model/pacemaker.js';
import type { PickChoice } from './plan.js';

export function migrateDestinations(s: VdState, exclude: readonly string[]): PickChoice[] {
  const crmNodes = s.cluster.crm?.nodes ?? [];
  const out: { node: string; avail: number; detail: string }[] = [];
  for (const name of s.nodeOrder) {
    if (exclude.includes(name)) continue;
    const pn = crmNodes.find((n) => n.name === name);
    if (!pn || pn.type !== 'member' || !pn.online || pn.standby || pn.maintenance || pn.unclean || pn.pending) continue;
    const n = s.nodes[name];
    if (!n || n.conn.status !== 'up') continue;
    const mem = n.host?.mem;
    const avail = mem ? mem.memAvailableKb : -1;
    const hp = mem && mem.hugePagesTotal > 0 ? `, ${mem.hugePagesFree}/${mem.hugePagesTotal} hugepages free` : '';
    const running = (n.vms ?? []).filter((v) => v.state === 'running').length;
    out.push({ node: name, avail, detail: `${mem ? `${fmtKb(mem.memAvailableKb)} available of ${fmtKb(mem.memTotalKb)}` : 'memory unknown'}${hp}, ${running} VM(s) running` });
  }
  out.sort((a, b) => b.avail - a.avail || a.node.localeCompare(b.node));
  return out.map(({ node, detail }) => ({ node, detail }));
}

/** Nodes the resources run on now (a move's picker leaves them out). */
export function resourceNodes(s: VdState, ids: readonly string[]): string[] {
  const all = flattenResources(s.cluster.crm?.resources ?? []);
  return [...new Set(all.filter((r) => ids.includes(r.id)).flatMap((r) => r.nodes))];
}
