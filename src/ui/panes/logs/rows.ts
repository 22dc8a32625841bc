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

/** Row id: time, node and the count of earlier entries with both, so it survives the ring
 *  dropping old entries (an index would point at another entry after a drop). */
export function logRows(logs: readonly JournalEntry[]): Row[] {
  const seen = new Map<string, number>();
  return logs.map((e) => {
    const tone: Tone = e.priority <= 3 ? 'crit' : e.priority === 4 ? 'warn' : e.priority >= 7 ? 'muted' : 'normal';
    const key = `${e.time}:${e.node}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return {
      id: `${key}:${k}`,
      cells: [fmtClock(e.time), e.node, e.unit ?? e.identifier ?? '', PRI[e.priority] ?? String(e.priority), e.message],
      tone,
      sortKeys: [e.time, e.node, e.unit, e.priority, e.message],
    };
  });
}

/** The entry a logRows id names (undefined once the ring dropped it). */
export function findLog(logs: readonly JournalEntry[], id: string): JournalEntry | undefined {
  const m = /^(\d+):(.*):(\d+)$/.exec(id);
  if (!m) return undefined;
  const time = Number(m[1]);
  let k = Number(m[3]);
  for (const e of logs) if (e.time === time && e.node === m[2] && k-- === 0) return e;
  return undefined;
}
