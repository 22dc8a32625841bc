// The :pools view: per node, libvirt's storage pools (and their volumes under them), the iSCSI
// sessions, the FC HBA ports and each SCSI LUN's queue depth and scheduler; and the node
// detail's "Storage pools and SAN" lines.
import type { NodeSlice, VdState } from '../../store/types.js';
import { fmtKb } from '../../ui/format.js';
import { nodeSourceCell, type FreshCell } from '../../ui/panes/fresh.js';
import type { Line } from '../../ui/panes/detail/lines.js';
import type { SourceView } from '../../ui/source-view.js';
import type { Column, Row } from '../../ui/table.js';
import { SYM, type Tone } from '../../ui/theme.js';
import { POOL_FULL_PCT } from './alert.js';
import { poolShared, poolUsedPct, type StoragePool } from './model.js';

export const POOLS_COLUMNS: Column[] = [
  { title: 'KIND', width: 5, priority: 0 },
  { title: 'NAME', width: 14, priority: 0, grow: true },
  { title: 'NODE', width: 8, priority: 0 },
  { title: 'STATE', width: 11, priority: 0 },
  { title: 'USED', width: 16, priority: 1 },
  { title: 'DETAIL', width: 24, priority: 2 },
  { title: 'AGE', width: 8, priority: 2 },
];

const size = (bytes: number | undefined): string => (bytes === undefined ? '-' : fmtKb(bytes / 1024));

function poolState(p: StoragePool): { text: string; tone: Tone } {
  if (p.state !== 'running') return { text: `${SYM.down} ${p.state}`, tone: p.autostart ? 'crit' : 'warn' };
  const used = poolUsedPct(p);
  if (used !== undefined && used > POOL_FULL_PCT) return { text: `${SYM.warn} ${Math.round(used)}% full`, tone: used >= 98 ? 'crit' : 'warn' };
  return { text: `${SYM.ok} running`, tone: 'ok' };
}

/** The node's shared (lvmlockd) VG names, which make a logical pool shared. */
const sharedVgsOf = (n: NodeSlice | undefined): string[] => n?.lvm?.vgs.filter((g) => g.shared).map((g) => g.name) ?? [];

/** A LUN's multipath map (the map one of whose paths it is), for the detail column. */
const mapOf = (n: NodeSlice | undefined, dev: string): string | undefined => n?.multipath?.find((m) => m.pathGroups.some((g) => g.paths.some((p) => p.dev === dev)))?.name;

function nodeRows(node: string, n: NodeSlice | undefined, now: number): Row[] {
  const rows: Row[] = [];
  const pc: FreshCell = nodeSourceCell(n, 'pools', now);
  const sc: FreshCell = nodeSourceCell(n, 'san', now);
  const row = (kind: string, id: string, name: string, st: { text: string; tone: Tone }, used: string, detail: string, fc: FreshCell, sortUsed: number): Row => ({
    id: `${kind}:${id}@${node}`,
    cells: [kind, name, node, st.text, used, detail, fc.text],
    tone: !fc.live ? 'stale' : st.tone === 'ok' || st.tone === 'muted' ? 'normal' : st.tone,
    cellTones: [kind === 'vol' ? 'muted' : 'info', undefined, undefined, st.tone, undefined, 'muted', fc.tone],
    sortKeys: [kind, name, node, st.text, sortUsed, detail, 0],
  });
  const shared = sharedVgsOf(n);
  for (const p of n?.pools?.pools ?? []) {
    const used = poolUsedPct(p);
    const detail = [poolShared(p, shared) ? 'shared' : 'local', p.kind === 'local' ? undefined : p.kind, p.autostart ? 'autostart' : 'no autostart', p.volumes ? `${p.volumes.length} vols` : undefined].filter(Boolean).join(' · ');
    rows.push(row('pool', p.name, p.name, poolState(p), used === undefined ? '-' : `${Math.round(used)}% of ${size(p.capacityBytes)}`, detail, pc, used ?? -1));
    for (const v of p.volumes ?? [])
      rows.push(row('vol', `${p.name}/${v.name}`, `  ${v.name}`, { text: v.type, tone: 'muted' }, `${size(v.allocationBytes)} / ${size(v.capacityBytes)}`, v.path, pc, v.allocationBytes ?? -1));
  }
  if (n?.san?.iscsi === undefined && n?.san) rows.push(row('iscsi', '-', 'no iscsiadm', { text: '-', tone: 'muted' }, '', 'no iSCSI initiator on this node', sc, -1));
  for (const s of n?.san?.iscsi ?? []) {
    const up = s.state === 'LOGGED_IN';
    const st = { text: up ? `${SYM.ok} LOGGED_IN` : `${SYM.down} ${s.state}`, tone: (up ? 'ok' : 'crit') as Tone };
    rows.push(row('iscsi', `${s.sid}`, s.target, st, s.portal, `sid ${s.sid} · ${s.connState} · ${s.disks.map((d) => (d.state === 'running' ? d.dev : `${d.dev} ${d.state}`)).join(' ') || 'no disks'}`, sc, s.disks.length));
  }
  for (const p of n?.san?.fc ?? []) {
    const up = p.state === 'Online';
    rows.push(row('fc', p.host, p.host, { text: up ? `${SYM.ok} Online` : `${SYM.down} ${p.state}`, tone: up ? 'ok' : 'crit' }, p.speed, `WWPN ${p.wwpn}`, sc, -1));
  }
  for (const l of n?.san?.luns ?? []) {
    const mp = mapOf(n, l.dev);
    rows.push(row('lun', l.dev, l.dev, { text: `qd ${l.queueDepth}`, tone: 'normal' }, l.scheduler ?? '-', `${mp ? `path of ${mp} · ` : ''}scheduler ${l.scheduler ?? '?'}`, sc, l.queueDepth));
  }
  if (!n?.pools && !n?.san) rows.push({ id: `none@${node}`, cells: ['-', '?', node, '', '', 'no storage data yet', pc.text], tone: 'stale', cellTones: [undefined, 'muted', undefined, undefined, undefined, 'muted', pc.tone], sortKeys: ['', '', node, '', -1, '', 0] });
  return rows;
}

export function poolsRows(s: Pick<VdState, 'nodeOrder' | 'nodes'>, now: number): Row[] {
  return s.nodeOrder.flatMap((node) => nodeRows(node, s.nodes[node], now));
}

/** "Storage" in the node detail: pools with their use, sessions and ports that are not up. */
export function poolsNodeDetail(s: VdState, node: string, now: number): Line[] {
  const n = s.nodes[node];
  if (!n?.pools && !n?.san) return [];
  const fc = nodeSourceCell(n, 'pools', now);
  const out: Line[] = [{ text: `Storage pools and SAN  (${fc.text})`, tone: 'accent' }];
  const shared = sharedVgsOf(n);
  for (const p of n.pools?.pools ?? []) {
    const st = poolState(p);
    const used = poolUsedPct(p);
    const text = `  ${p.name.padEnd(14)} ${st.text}, ${used === undefined ? 'size unknown' : `${Math.round(used)}% of ${size(p.capacityBytes)}`}, ${poolShared(p, shared) ? 'shared' : 'local'}`;
    out.push(st.tone === 'ok' ? { text } : { text, tone: st.tone });
  }
  const sessions = n.san?.iscsi ?? [];
  const down = sessions.filter((x) => x.state !== 'LOGGED_IN');
  if (sessions.length) out.push(down.length ? { text: `  iSCSI: ${down.length} of ${sessions.length} sessions not logged in (${down.map((x) => `${x.portal} ${x.state}`).join(', ')})`, tone: 'crit' } : { text: `  iSCSI: ${sessions.length} sessions logged in` });
  for (const p of n.san?.fc ?? []) if (p.state !== 'Online') out.push({ text: `  FC ${p.host} ${p.wwpn}: ${p.state}`, tone: 'crit' });
  return out;
}

export const poolsView: SourceView<'pools'> = {
  id: 'pools',
  title: 'Storage pools and SAN',
  aliases: ['pools', 'pool', 'san', 'iscsi', 'fc', 'luns'],
  columns: POOLS_COLUMNS,
  // Per node: the two sources' data, their freshness, its connection, and what names LUNs and shares pools (multipath, lvm).
  deps: (s) => [s.nodeOrder, ...s.nodeOrder.flatMap((n) => { const x = s.nodes[n]; return [x?.pools, x?.san, x?.fresh.pools, x?.fresh.san, x?.conn, x?.multipath, x?.lvm]; })],
  rows: poolsRows,
  nodeDetail: poolsNodeDetail,
};
