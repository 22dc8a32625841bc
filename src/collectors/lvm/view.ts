// The :lvm view: one row per shared VG and node (lockspace held, lock type, dlm members, LVs
// active/total, the node's VMs on it, age), and the node detail's "Cluster LVM" lines.
import type { NodeSlice, VdState } from '../../store/types.js';
import { nodeSourceCell, type FreshCell } from '../../ui/panes/fresh.js';
import type { Line } from '../../ui/panes/detail/lines.js';
import type { SourceView } from '../../ui/source-view.js';
import type { Column, Row } from '../../ui/table.js';
import { SYM, type Tone } from '../../ui/theme.js';
import { lockspaceUsable, vgNodeHealth, type VgNodeHealth } from './health.js';
import { lockspaceName } from './model.js';

export const LVM_COLUMNS: Column[] = [
  { title: 'VG', width: 10, priority: 0 },
  { title: 'NODE', width: 8, priority: 0 },
  { title: 'LOCKSPACE', width: 12, priority: 0 },
  { title: 'LOCK', width: 7, priority: 2 },
  { title: 'DLM', width: 10, priority: 1 },
  { title: 'LVS', width: 6, priority: 1, align: 'right' },
  { title: 'VMS HERE', width: 12, priority: 1, grow: true },
  { title: 'AGE', width: 10, priority: 2 },
];

function lockspaceCell(h: VgNodeHealth): { text: string; tone: Tone } {
  // Missing under running VMs is the alert; missing on an idle node is worth a look only.
  const bad: Tone = h.vms.length > 0 ? 'crit' : 'warn';
  if (h.lockspace === 'no-lvmlockd') return { text: `${SYM.down} no lvmlockd`, tone: bad };
  if (h.lockspace === 'missing') return { text: `${SYM.down} MISSING`, tone: bad };
  return { text: `${SYM.ok} held`, tone: 'ok' };
}

function dlmCell(h: VgNodeHealth): { text: string; tone?: Tone } {
  switch (h.dlm) {
    case 'ok':
      return { text: `${h.dlmMembers ?? '?'} members` };
    case 'changing':
      return { text: `${SYM.warn} changing`, tone: 'warn' };
    case 'missing':
      return { text: `${SYM.down} missing`, tone: h.vms.length > 0 ? 'crit' : 'warn' };
    default:
      return { text: '-', tone: 'muted' };
  }
}

/** Shared VG names any node reported, sorted. */
const vgNames = (nodes: readonly (NodeSlice | undefined)[]): string[] => [...new Set(nodes.flatMap((n) => n?.lvm?.vgs.map((g) => g.name) ?? []))].sort();

export function lvmRows(s: Pick<VdState, 'nodeOrder' | 'nodes'>, now: number): Row[] {
  const slices = s.nodeOrder.map((n) => s.nodes[n]);
  const rows: Row[] = [];
  for (const vg of vgNames(slices)) {
    for (const node of s.nodeOrder) {
      const n = s.nodes[node];
      const fc: FreshCell = nodeSourceCell(n, 'lvm', now);
      const g = n?.lvm?.vgs.find((x) => x.name === vg);
      if (!n?.lvm || !g) {
        // This node has not reported the VG (no data yet, unreachable, or it does not see the PVs).
        const why = n?.lvm ? `${SYM.warn} VG not seen` : '?';
        rows.push({ id: `${vg}@${node}`, cells: [vg, node, why, '', '', '', '', fc.text], tone: 'stale', cellTones: [undefined, undefined, n?.lvm ? 'warn' : 'muted', undefined, undefined, undefined, undefined, fc.tone], sortKeys: [vg, node, 3, '', '', -1, 0, 0] });
        continue;
      }
      const h = vgNodeHealth(g, n.lvm, n.vms);
      const ls = lockspaceCell(h);
      const dlm = dlmCell(h);
      const usable = lockspaceUsable(h);
      rows.push({
        id: `${vg}@${node}`,
        cells: [vg, node, ls.text, h.lockType ?? '-', dlm.text, `${h.lvsActive}/${h.lvsTotal}`, h.vms.join(' '), fc.text],
        tone: !fc.live ? 'stale' : usable ? 'normal' : ls.tone === 'ok' ? (dlm.tone ?? 'warn') : ls.tone,
        cellTones: [undefined, undefined, ls.tone, 'muted', dlm.tone, undefined, h.vms.length > 0 && !usable ? 'crit' : undefined, fc.tone],
        sortKeys: [vg, node, usable ? 0 : h.vms.length > 0 ? 2 : 1, h.lockType ?? '', h.dlmMembers ?? -1, h.lvsActive, h.vms.length, 0],
      });
    }
  }
  return rows;
}

/** "Cluster LVM" in the node detail: lvmlockd, and each shared VG's lockspace on this node. */
export function lvmNodeDetail(s: VdState, node: string, now: number): Line[] {
  const n = s.nodes[node];
  if (!n?.lvm) return [];
  const fc = nodeSourceCell(n, 'lvm', now);
  const out: Line[] = [{ text: `Cluster LVM  (${fc.text})`, tone: 'accent' }];
  if (!n.lvm.lvmlockd) out.push({ text: `  ${SYM.down} lvmlockd is not running: no shared VG can be locked here`, tone: 'crit' });
  if (n.lvm.dlm === undefined) out.push({ text: '  dlm_controld did not answer (dlm_tool ls): dlm lockspaces unknown', tone: 'muted' });
  for (const g of n.lvm.vgs) {
    const h = vgNodeHealth(g, n.lvm, n.vms);
    const ls = lockspaceCell(h);
    const dlm = dlmCell(h);
    const tone: Tone | undefined = !fc.live ? 'stale' : lockspaceUsable(h) ? undefined : ls.tone === 'ok' ? dlm.tone : ls.tone;
    const text = `  ${g.name.padEnd(14)} ${lockspaceName(g.name)} ${ls.text}, dlm ${dlm.text}, ${h.lvsActive}/${h.lvsTotal} LVs active${h.vms.length ? `, VMs ${h.vms.join(' ')}` : ''}`;
    out.push(tone ? { text, tone } : { text });
  }
  if (n.lvm.vgs.length === 0) out.push({ text: '  no shared VG', tone: 'muted' });
  return out;
}

export const lvmView: SourceView<'lvm'> = {
  id: 'lvm',
  title: 'Cluster LVM',
  aliases: ['lvm', 'lockspaces', 'vg'],
  columns: LVM_COLUMNS,
  // What the rows read, per node: its LVM data, its VMs (which VMs sit on a VG), its freshness and connection.
  deps: (s) => [s.nodeOrder, ...s.nodeOrder.flatMap((n) => [s.nodes[n]?.lvm, s.nodes[n]?.vms, s.nodes[n]?.fresh.lvm, s.nodes[n]?.conn])],
  rows: lvmRows,
  nodeDetail: lvmNodeDetail,
};
