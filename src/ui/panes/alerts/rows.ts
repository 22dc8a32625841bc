// Alerts view: active alerts, worst first; acknowledged ones dimmed. Alerts of one kind on
// several nodes are one row (count, worst, first seen); Enter on it lists its members below it.
import type { Alert, Severity } from '../../../store/types.js';
import { formatAge } from '../../../store/freshness.js';
import { groupAlerts, groupLabel, type AlertGroup } from '../../../store/alert-groups.js';
import type { Column, Row } from '../../table.js';
import { sevText } from '../timeline/rows.js';

export const ALERT_COLUMNS: Column[] = [
  { title: 'SEV', width: 6, priority: 0 },
  { title: 'NODE', width: 10, priority: 1 },
  { title: 'SUBJECT', width: 14, priority: 1 },
  { title: 'MESSAGE', width: 20, priority: 0, grow: true },
  { title: 'SINCE', width: 5, priority: 2, align: 'right' },
  { title: 'ACK', width: 3, priority: 2 },
];

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function alertRow(a: Alert, now: number, member = false): Row {
  const s = sevText(a.severity);
  return {
    id: a.id,
    cells: [s.text, `${member ? '└ ' : ''}${a.node ?? ''}`, a.subject, a.message, formatAge(now - a.since), a.acknowledged ? 'ack' : ''],
    tone: a.acknowledged ? 'muted' : a.severity === 'critical' ? 'crit' : 'normal',
    cellTones: [a.acknowledged ? 'muted' : s.tone],
    sortKeys: [RANK[a.severity], a.node, a.subject, a.message, now - a.since, Number(a.acknowledged)],
  };
}

/** "kvm-n30 CPU 87.2 % (> 85 %)": the worst member's own message says value, node and limit. */
export const groupSummary = (g: AlertGroup): string => `${g.members.length} nodes, worst: ${g.members[0]!.message}`;

export function groupRow(g: AlertGroup, now: number, open: boolean): Row {
  const s = sevText(g.severity);
  return {
    id: g.id,
    cells: [s.text, `${open ? '▾' : '▸'} ${g.members.length} nodes`, groupLabel(g), groupSummary(g), formatAge(now - g.firstSeen), g.acknowledged ? 'ack' : ''],
    tone: g.acknowledged ? 'muted' : g.severity === 'critical' ? 'crit' : 'normal',
    cellTones: [g.acknowledged ? 'muted' : s.tone],
    sortKeys: [RANK[g.severity], '', groupLabel(g), groupSummary(g), now - g.firstSeen, Number(g.acknowledged)],
  };
}

/** Rows worst first (see groupAlerts); the members of the groups in `expanded` follow their group. */
export function alertRows(alerts: readonly Alert[], now: number, expanded: ReadonlySet<string> = new Set()): Row[] {
  const rows: Row[] = [];
  for (const e of groupAlerts(alerts)) {
    if (e.kind === 'alert') {
      rows.push(alertRow(e.alert, now));
      continue;
    }
    const open = expanded.has(e.group.id);
    rows.push(groupRow(e.group, now, open));
    if (open) for (const m of e.group.members) rows.push(alertRow(m, now, true));
  }
  return rows;
}
