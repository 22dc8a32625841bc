// Which node a row of the Fencing view stands for (fence node acts on exactly one node).
import type { VdState } from '../../store/types.js';

/** Row ids of src/ui/panes/fence/rows.ts: dev:DEVICE, sbd:NODE:PATH, wd:NODE, hist:INDEX. */
export function fenceRowNode(s: Pick<VdState, 'cluster' | 'nodes'>, rowId: string): { node: string } | { error: string } {
  const [kind, rest = ''] = [rowId.slice(0, rowId.indexOf(':')), rowId.slice(rowId.indexOf(':') + 1)];
  if (kind === 'wd') return { node: rest };
  if (kind === 'sbd') return { node: rest.slice(0, rest.indexOf(':')) };
  if (kind === 'hist') {
    const e = s.cluster.crm?.fenceHistory[Number(rest)];
    return e && s.nodes[e.target] ? { node: e.target } : { error: 'this history entry names no node of the cluster' };
  }
  if (kind === 'dev') {
    const targets = (s.cluster.stonithTargets ?? []).filter((t) => t.devices.includes(rest)).map((t) => t.target);
    if (targets.length === 1) return { node: targets[0]! };
    return { error: targets.length ? `device ${rest} fences ${targets.join(', ')}: select that node's sbd/watchdog row, or use :nodes` : `device ${rest} fences no node` };
  }
  return { error: `row ${rowId} is not about one node` };
}
