// Fencing view: stonith devices and whom they can fence, SBD slots and watchdogs per node,
// fence history; plus the per-node readiness summary for the overview.
import { freshnessOf } from '../../../store/freshness.js';
import type { VdState } from '../../../store/types.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import { freshCell, nodeSourceCell } from '../fresh.js';

export type FenceInput = Pick<VdState, 'nodeOrder' | 'nodes'> & { cluster: VdState['cluster'] };

export const FENCE_COLUMNS: Column[] = [
  { title: 'KIND', width: 8, priority: 0 },
  { title: 'NAME', width: 14, priority: 0, grow: true },
  { title: 'NODE', width: 8, priority: 1 },
  { title: 'STATUS', width: 16, priority: 0 },
  { title: 'DETAIL', width: 20, priority: 2 },
  { title: 'AGE', width: 10, priority: 3 },
];

export function fenceRows(input: FenceInput, now: number): Row[] {
  const rows: Row[] = [];
  const st = freshCell(freshnessOf(input.cluster.fresh['stonith'], now));
  for (const dev of input.cluster.stonithDevices ?? []) {
    const targets = (input.cluster.stonithTargets ?? []).filter((t) => t.devices.includes(dev)).map((t) => t.target);
    const res = input.cluster.crm?.resources.find((r) => r.id === dev);
    const status = res ? (res.failed ? `${SYM.down} FAILED` : res.active ? `${SYM.ok} ${res.role}` : `${SYM.warn} ${res.role}`) : 'registered';
    const tone: Tone = res?.failed ? 'crit' : res && !res.active ? 'warn' : 'ok';
    rows.push({ id: `dev:${dev}`, cells: ['device', dev, res?.nodes.join(',') ?? '', status, targets.length ? `fences ${targets.join(',')}` : `${SYM.warn} fences nobody`, st.text], tone: st.live ? (targets.length ? 'normal' : 'warn') : 'stale', cellTones: [undefined, undefined, undefined, tone, targets.length ? undefined : 'warn', st.tone] });
  }
  // Per node: who can fence it, and which node's fencer said so (never the node itself).
  for (const t of input.cluster.stonithTargets ?? []) {
    const status = t.error !== undefined ? `${SYM.warn} unknown` : t.devices.length ? `${SYM.ok} ${t.devices.length} device${t.devices.length === 1 ? '' : 's'}` : `${SYM.down} NO DEVICE`;
    const tone: Tone = t.error !== undefined ? 'warn' : t.devices.length ? 'ok' : 'crit';
    const detail = t.error ?? (t.devices.length ? t.devices.join(',') : `stonith_admin --list ${t.target}${t.via ? ` on ${t.via}` : ''}: none`);
    rows.push({ id: `target:${t.target}`, cells: ['target', t.target, t.via ?? '-', status, detail, st.text], tone: st.live ? 'normal' : 'stale', cellTones: [undefined, undefined, 'muted', tone, t.error !== undefined ? 'warn' : 'muted', st.tone] });
  }
  for (const node of input.nodeOrder) {
    const n = input.nodes[node];
    const fc = nodeSourceCell(n, 'sbd', now);
    for (const d of n?.sbd?.devices ?? []) {
      const slot = d.slots.find((s) => s.node === node);
      // Slots not read (Prometheus: device health only): a readable device is healthy, its slot unknown.
      const unknownSlot = d.readable && !slot && d.slotsNotCollected !== undefined;
      const status = !d.readable ? `${SYM.down} unreadable` : unknownSlot ? `${SYM.ok} healthy` : !slot ? `${SYM.down} no slot` : slot.message === 'clear' ? `${SYM.ok} slot ${slot.slot} clear` : `${SYM.warn} slot ${slot.slot} ${slot.message}`;
      const tone: Tone = !d.readable || (!slot && !unknownSlot) ? 'crit' : unknownSlot || slot?.message === 'clear' ? 'ok' : 'warn';
      const timeouts = d.header?.timeoutMsgwait !== undefined ? `msgwait ${d.header.timeoutMsgwait}s wd ${d.header.timeoutWatchdog ?? '?'}s` : d.error ?? '';
      rows.push({ id: `sbd:${node}:${d.path}`, cells: ['sbd', d.path.replace(/^\/dev\/disk\/by-id\//, ''), node, status, unknownSlot ? [timeouts, `slot ${d.slotsNotCollected}`].filter(Boolean).join(' · ') : timeouts, fc.text], tone: fc.live ? 'normal' : 'stale', cellTones: [undefined, undefined, undefined, tone, 'muted', fc.tone] });
    }
    if (n?.sbd) {
      const w = n.sbd.watchdog;
      const unknown = w.error ?? w.notCollected;
      rows.push({ id: `wd:${node}`, cells: ['watchdog', w.device ?? '-', node, w.present ? `${SYM.ok} present` : unknown !== undefined ? '? unknown' : `${SYM.down} MISSING`, [w.identity, unknown, n.sbd.serviceActive === false ? 'sbd inactive' : n.sbd.serviceActive ? 'sbd active' : ''].filter(Boolean).join(' · '), fc.text], tone: fc.live ? 'normal' : 'stale', cellTones: [undefined, undefined, undefined, w.present ? 'ok' : w.error ? 'warn' : w.notCollected !== undefined ? 'muted' : 'crit', 'muted', fc.tone] });
    }
  }
  (input.cluster.crm?.fenceHistory ?? []).forEach((e, i) => {
    const ok = e.status === 'success';
    rows.push({ id: `hist:${i}`, cells: ['history', `${e.action} ${e.target}`, e.delegate ?? '', ok ? `${SYM.ok} ${e.status}` : `${SYM.down} ${e.status}`, [e.completed, e.origin ? `by ${e.origin}` : '', e.exitReason].filter(Boolean).join(' · '), ''], tone: 'normal', cellTones: [undefined, undefined, undefined, ok ? 'ok' : 'crit', 'muted', undefined] });
  });
  return rows;
}
