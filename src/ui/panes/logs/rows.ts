// Logs view: the live journal tail across nodes (filter by node/unit with `/`).
import type { JournalEntry } from '../../../model/journal.js';
import { fmtClock } from '../../format.js';
import type { Column, Row } from '../../table.js';
import type { Tone } from '../../theme.js';

export const LOG_COLUMNS: Column[] = [
  { title: 'TIME', width: 8, priority: 1 },
  { title: 'NODE', width: 8, priority: 0 },
  { title: 'UNIT', width: 12, priority: 2 },
  { title: 'PRI', width: 4, priority: 3 },
  { title: 'MESSAGE', width: 20, priority: 0, grow: true },
];

const PRI = ['emerg', 'alert', 'crit', 'err', 'warn', 'note', 'info', 'debug'];

export function logRows(logs: readonly JournalEntry[]): Row[] {
  return logs.map((e, i) => {
    const tone: Tone = e.priority <= 3 ? 'crit' : e.priority === 4 ? 'warn' : e.priority >= 7 ? 'muted' : 'normal';
    return {
      id: `${i}:${e.time}:${e.node}`,
      cells: [fmtClock(e.time), e.node, e.unit ?? e.identifier ?? '', PRI[e.priority] ?? String(e.priority), e.message],
      tone,
      sortKeys: [e.time, e.node, e.unit, e.priority, e.message],
    };
  });
}
