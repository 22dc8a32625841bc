// Timeline view: what changed, newest first.
import type { TimelineEntry } from '../../../store/types.js';
import { fmtClock } from '../../format.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';

export const TIMELINE_COLUMNS: Column[] = [
  { title: 'TIME', width: 8, priority: 0 },
  { title: 'SEV', width: 6, priority: 1 },
  { title: 'NODE', width: 8, priority: 2 },
  { title: 'KIND', width: 14, priority: 3 },
  { title: 'SUBJECT', width: 12, priority: 1 },
  { title: 'MESSAGE', width: 20, priority: 0, grow: true },
];

export const sevText = (s: TimelineEntry['severity']): { text: string; tone: Tone } =>
  s === 'critical' ? { text: `${SYM.down} crit`, tone: 'crit' } : s === 'warning' ? { text: `${SYM.warn} warn`, tone: 'warn' } : { text: `${SYM.info} info`, tone: 'info' };

export function timelineRows(tl: readonly TimelineEntry[], limit?: number): Row[] {
  const src = limit === undefined ? tl : tl.slice(-limit);
  const rows: Row[] = [];
  for (let i = src.length - 1; i >= 0; i--) {
    const e = src[i]!;
    const s = sevText(e.severity);
    rows.push({
      id: String(e.seq),
      cells: [fmtClock(e.time), s.text, e.node ?? '', e.kind, e.subject, e.message],
      tone: e.severity === 'critical' ? 'crit' : 'normal',
      cellTones: [undefined, s.tone, undefined, 'muted', undefined, undefined],
      sortKeys: [e.time, e.severity, e.node, e.kind, e.subject, e.message],
    });
  }
  return rows;
}
