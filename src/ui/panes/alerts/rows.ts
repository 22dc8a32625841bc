// Alerts view: active alerts, worst first; acknowledged ones dimmed.
import type { Alert, Severity } from '../../../store/types.js';
import { formatAge } from '../../../store/freshness.js';
import type { Column, Row } from '../../table.js';
import { sevText } from '../timeline/rows.js';

export const ALERT_COLUMNS: Column[] = [
  { title: 'SEV', width: 6, priority: 0 },
  { title: 'NODE', width: 8, priority: 1 },
  { title: 'SUBJECT', width: 14, priority: 1 },
  { title: 'MESSAGE', width: 20, priority: 0, grow: true },
  { title: 'SINCE', width: 5, priority: 2, align: 'right' },
  { title: 'ACK', width: 3, priority: 2 },
];

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function alertRows(alerts: readonly Alert[], now: number): Row[] {
  return [...alerts]
    .sort((a, b) => Number(a.acknowledged) - Number(b.acknowledged) || RANK[a.severity] - RANK[b.severity] || b.since - a.since)
    .map((a) => {
      const s = sevText(a.severity);
      return {
        id: a.id,
        cells: [s.text, a.node ?? '', a.subject, a.message, formatAge(now - a.since), a.acknowledged ? 'ack' : ''],
        tone: a.acknowledged ? 'muted' : a.severity === 'critical' ? 'crit' : 'normal',
        cellTones: [a.acknowledged ? 'muted' : s.tone],
        sortKeys: [RANK[a.severity], a.node, a.subject, a.message, now - a.since, Number(a.acknowledged)],
      };
    });
}
