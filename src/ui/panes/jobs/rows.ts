// :jobs — the actions of this session (store.actions: running first, then the finished ones,
// newest first) and the actions an earlier run left unfinished (the audit log, read at start),
// shown as "interrupted". Enter re-opens a session job's dialog.
import type { ActionProgress, UnfinishedNote } from '../../../store/types.js';
import { fmtClock } from '../../format.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';

export const JOB_COLUMNS: Column[] = [
  { title: 'STARTED', width: 8, priority: 1 },
  { title: 'JOB', width: 18, priority: 0 },
  { title: 'STATUS', width: 13, priority: 0 },
  { title: 'STEP', width: 5, priority: 2 },
  { title: 'PROGRESS / RESULT', width: 24, priority: 0, grow: true },
  { title: 'AUDIT ID', width: 12, priority: 3 },
];

/** Row id prefix of an earlier run's unfinished action (no dialog to re-open). */
export const INTERRUPTED_PREFIX = 'interrupted:';

const STATUS: Record<ActionProgress['status'], { text: string; tone: Tone }> = {
  running: { text: '⟳ running', tone: 'accent' },
  done: { text: `${SYM.ok} done`, tone: 'ok' },
  failed: { text: `${SYM.down} failed`, tone: 'crit' },
  aborted: { text: `${SYM.warn} aborted`, tone: 'warn' },
};

/** The line that says where a job is: its result once finished, else its newest progress line. */
export const jobNow = (a: ActionProgress): string => (a.status !== 'running' && a.result ? a.result : (a.lines.at(-1)?.trim() ?? ''));

export function jobRows(actions: readonly ActionProgress[], unfinished: readonly UnfinishedNote[] = []): Row[] {
  const order = [...actions].sort((a, b) => Number(b.status === 'running') - Number(a.status === 'running') || b.startedAt - a.startedAt);
  const rows: Row[] = order.map((a) => {
    const st = STATUS[a.status];
    return {
      id: a.id,
      cells: [fmtClock(a.startedAt), a.title, st.text, a.step ? `${a.step.at}/${a.step.of}` : '', jobNow(a), a.audited ? a.id : ''],
      tone: a.status === 'running' ? 'accent' : 'normal',
      cellTones: [undefined, undefined, st.tone, undefined, a.status === 'failed' ? 'crit' : undefined, 'muted'],
      sortKeys: [a.startedAt, a.title, a.status, a.step?.at, undefined, a.id],
    };
  });
  for (const u of unfinished) {
    const when = u.when ? Date.parse(u.when) : NaN;
    rows.push({
      id: `${INTERRUPTED_PREFIX}${u.id}`,
      cells: [Number.isNaN(when) ? '' : fmtClock(when), u.title ?? u.id, `${SYM.warn} interrupted`, u.steps !== undefined ? `${u.ran ?? 0}/${u.steps}` : '', u.summary, u.id],
      tone: 'normal',
      cellTones: [undefined, undefined, 'warn', undefined, 'warn', 'muted'],
      sortKeys: [Number.isNaN(when) ? 0 : when, u.title ?? u.id, 'interrupted', u.ran, undefined, u.id],
    });
  }
  return rows;
}
