// Each list view's own state (cursor, window, filter, sort, marks, the logs view's quick filters),
// kept per view so going back to a list finds it as it was. Pure: (state, event) → state.
import type { ViewId } from '../keymap.js';
import { EMPTY_TABLE_UI, type TableInfo, type TableUi } from '../components/TableView.js';
import { applySortPick } from '../components/SortPicker.js';
import { logWhere, nextMaxPri, toggleLogField } from '../panes/logs/filter.js';
import { windowStart } from '../table.js';

export type Tables = Readonly<Partial<Record<ViewId, TableUi>>>;

export type TableEvent =
  /** Cursor moves act on the table as last drawn (`drawn`): its rows, cursor and window. */
  | { type: 'cursor'; move: CursorMove; drawn: TableInfo }
  | { type: 'mark'; id: string }
  | { type: 'marks.clear' }
  | { type: 'filter'; text: string }
  | { type: 'filter.clear' }
  /** `s`: the next of `choices` (natural order, then the shown columns). */
  | { type: 'sort.next'; choices: readonly (number | undefined)[] }
  | { type: 'sort.reverse' }
  | { type: 'sort.pick'; col: number | undefined }
  | { type: 'wrap' }
  | { type: 'follow' }
  /** The logs view's n / u (on the selected row) and P. */
  | { type: 'logs.field'; field: 'node' | 'unit'; row: TableInfo['rows'][number] | undefined }
  | { type: 'logs.priority' };

/** Rows down (negative: up), pages down (up), or a row index ('end': the last row). */
export type CursorMove = { by: number } | { pages: number } | { to: number | 'end' };

const target = (m: CursorMove, cur: number, i: TableInfo): number =>
  'by' in m ? cur + m.by : 'pages' in m ? cur + m.pages * i.pageSize : m.to === 'end' ? i.rows.length - 1 : m.to;

export const tableOf = (t: Tables, v: ViewId): TableUi => t[v] ?? EMPTY_TABLE_UI;

export const updateTable = (t: Tables, v: ViewId, e: TableEvent): Tables => ({ ...t, [v]: table(tableOf(t, v), e) });

export function table(t: TableUi, e: TableEvent): TableUi {
  switch (e.type) {
    case 'cursor': {
      const i = e.drawn;
      // Following, the table pins the cursor to the last row: a move starts from there.
      const cur = Math.max(0, Math.min(i.rows.length - 1, t.follow ? i.cursor : t.cursor));
      const cursor = Math.max(0, Math.min(i.rows.length - 1, target(e.move, cur, i)));
      return { ...t, cursor, start: windowStart(i.start, cursor, i.pageSize, i.rows.length), follow: t.follow && cursor >= i.rows.length - 1 };
    }
    case 'mark': {
      const marks = new Set(t.marks);
      if (marks.has(e.id)) marks.delete(e.id);
      else marks.add(e.id);
      return { ...t, marks };
    }
    case 'marks.clear':
      return { ...t, marks: new Set() };
    case 'filter':
      return { ...t, filter: e.text, cursor: 0, start: 0 };
    case 'filter.clear':
      return { ...t, filter: '' };
    case 'sort.next': {
      const next = e.choices[(e.choices.indexOf(t.sortCol) + 1) % e.choices.length];
      const { sortCol: _x, ...rest } = t;
      return next === undefined ? rest : { ...rest, sortCol: next };
    }
    case 'sort.reverse':
      return { ...t, sortRev: !t.sortRev };
    case 'sort.pick':
      return applySortPick(t, e.col);
    case 'wrap':
      return { ...t, wrap: !t.wrap };
    case 'follow':
      return { ...t, follow: !t.follow };
    case 'logs.field':
    case 'logs.priority': {
      const f = t.where?.log ?? {};
      let next = f;
      if (e.type === 'logs.field') next = toggleLogField(f, e.field, e.row);
      else {
        const { maxPri, ...rest } = f;
        const pri = nextMaxPri(maxPri);
        next = pri === undefined ? rest : { ...rest, maxPri: pri };
      }
      const w = logWhere(next);
      const { where: _w, ...rest } = t;
      return { ...(w ? { ...rest, where: w } : rest), cursor: 0, start: 0 };
    }
  }
}
