/** @jsxRuntime automatic */
// One list view: rows from the view, then filter → sort → window → finished lines. All of it is
// computed outside React rendering (useDisplay), so a store change or clock tick that leaves the
// visible lines alone renders nothing; filter and sort are redone only when the rows, the filter
// or the sort change, never for a cursor move. Reports what it shows through `info` so the key
// handler can move the cursor without re-deriving rows.
import { useCallback, useRef, type MutableRefObject } from 'react';
import { Box } from 'ink';
import { compileFilter, contentWidths, fitColumns, sortRows, windowStart, type Column, type FilterResult, type Row } from '../table.js';
import type { TableViewDef, ViewEnv } from '../views.js';
import { Table, tableLines } from './Table.js';
import { wrappedTableLines } from './wrapped-lines.js';
import type { RowWhere } from '../panes/logs/filter.js';
import { PaintedLine } from './PaintedLine.js';
import { paint, SYM, useTheme, type Theme } from '../theme.js';
import { useDisplay, useSelectors, type Tick } from '../store-context.js';
import type { VdStoreState } from '../../store/types.js';

export interface TableUi {
  cursor: number;
  start: number;
  filter: string;
  sortCol?: number;
  sortRev: boolean;
  marks: ReadonlySet<string>;
  /** Quick filters applied before the regex (the logs view's node/unit/priority). */
  where?: RowWhere;
  /** Keep the cursor on the last row as rows arrive (tail -f). */
  follow?: boolean;
  /** Wrap the growing column instead of cutting it. */
  wrap?: boolean;
}

export const EMPTY_TABLE_UI: TableUi = { cursor: 0, start: 0, filter: '', sortRev: false, marks: new Set() };

export interface TableInfo {
  rows: readonly Row[];
  cursor: number;
  start: number;
  pageSize: number;
  /** The columns drawn and their widths (a click on the header picks the sort column). */
  cols?: readonly { index: number; width: number }[];
}

/** Filter + sort, recomputed only when rows, filter text or sort change. */
class Shaper {
  private key: { rows: readonly Row[]; filter: string; sortCol: number | undefined; sortRev: boolean; where: RowWhere | undefined } | undefined;
  private out: { f: FilterResult; shown: Row[] } | undefined;
  get(rows: readonly Row[], ui: TableUi): { f: FilterResult; shown: Row[] } {
    const k = this.key;
    if (this.out && k && k.rows === rows && k.filter === ui.filter && k.sortCol === ui.sortCol && k.sortRev === ui.sortRev && k.where === ui.where) return this.out;
    const f = k && this.out && k.filter === ui.filter ? this.out.f : compileFilter(ui.filter);
    this.key = { rows, filter: ui.filter, sortCol: ui.sortCol, sortRev: ui.sortRev, where: ui.where };
    const w = ui.where;
    const kept = w ? rows.filter((r) => w.test(r)) : rows;
    this.out = { f, shown: sortRows(f.ok && f.active ? kept.filter(f.test) : kept, ui.sortCol, ui.sortRev) };
    return this.out;
  }
}

/** Content widths, measured once per rows array (a sample of it), not per frame. */
class Widths {
  private rows: readonly Row[] | undefined;
  private out: number[] = [];
  get(cols: readonly Column[], rows: readonly Row[]): number[] {
    if (rows !== this.rows) {
      this.rows = rows;
      this.out = contentWidths(cols, rows);
    }
    return this.out;
  }
}

interface Display {
  title: string;
  lines: string[];
}

const sameDisplay = (a: Display, b: Display): boolean => a.title === b.title && a.lines.length === b.lines.length && a.lines.every((l, i) => l === b.lines[i]);

function titleLine(theme: Theme, def: TableViewDef, ui: TableUi, f: FilterResult, shown: number, total: number, start: number, pageSize: number): string {
  const sortName = ui.sortCol === undefined ? '' : `  sort ${def.columns[ui.sortCol]?.title ?? ''}${ui.sortRev ? '↓' : '↑'}`;
  const range = shown ? `${start + 1}-${Math.min(shown, start + pageSize)}/` : '';
  const filter = ui.filter ? (f.ok ? paint(theme, 'info', `  filter /${ui.filter}/`) : paint(theme, 'crit', `  ${SYM.down} ${f.error}`)) : '';
  return (
    paint(theme, 'accent', def.title, { bold: true }) +
    paint(theme, 'muted', ` [${range}${shown}${shown !== total ? ` of ${total}` : ''}]${sortName}${ui.marks.size ? `  ${ui.marks.size} marked` : ''}`) +
    filter +
    (ui.where ? paint(theme, 'info', `  ${ui.where.label}`) : '') +
    (ui.follow ? paint(theme, 'info', '  follow') : '') +
    (ui.wrap ? paint(theme, 'muted', '  wrap') : '')
  );
}

export function TableView({ def, ui, width, height, env, info }: { def: TableViewDef; ui: TableUi; width: number; height: number; env: ViewEnv; info: MutableRefObject<TableInfo> }) {
  const theme = useTheme();
  const shaper = useRef(new Shaper()).current;
  const widths = useRef(new Widths()).current;
  const sel = useSelectors();
  const compute = useCallback(
    (s: VdStoreState, tick: Tick): Display => {
      const rows = def.rows(s, tick.now, env, sel);
      const { f, shown } = shaper.get(rows, ui);
      const pageSize = Math.max(1, height - 2);
      const cursor = Math.max(0, Math.min(ui.follow ? shown.length - 1 : ui.cursor, shown.length - 1));
      let start = windowStart(ui.start, cursor, pageSize, shown.length);
      const input = {
        columns: def.columns,
        cols: fitColumns(def.columns, width, widths.get(def.columns, rows), env.columnOrder?.[def.id]),
        rows: shown,
        cursor,
        start,
        bodyHeight: height - 2,
        marks: ui.marks,
        ...(ui.sortCol !== undefined ? { sortCol: ui.sortCol } : {}),
        sortRev: ui.sortRev,
      };
      let lines: string[];
      if (ui.wrap) ({ lines, start } = wrappedTableLines(theme, { ...input, start }));
      else lines = tableLines(theme, input);
      // Keys act on what the latest state shows, even when it draws the same lines as before.
      info.current = { rows: shown, cursor, start, pageSize, cols: input.cols };
      return { title: titleLine(theme, def, ui, f, shown.length, rows.length, start, pageSize), lines };
    },
    [def, env, ui, width, height, theme, shaper, widths, info, sel],
  );
  const d = useDisplay(compute, sameDisplay);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaintedLine text={d.title} width={width} />
      <Table lines={d.lines} width={width} height={height - 1} />
    </Box>
  );
}
