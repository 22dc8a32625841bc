/** @jsxRuntime automatic */
// Virtualized table: only the rows inside the window are shaped, so 5,000 rows cost the same as
// 20. Each line is pre-formatted (fitted, padded, styled) into one string and drawn as one ink
// <Text>: ink lays out, measures and re-tokenizes every element on every frame, so one element
// per line instead of one per styled cell is most of a frame's cost. Columns that do not fit the
// width are dropped by priority.
import { memo } from 'react';
import { Box } from 'ink';
import { PaintedLine } from './PaintedLine.js';
import { fit, type Column, type Row } from '../table.js';
import { paint, SYM, type Theme, type Tone } from '../theme.js';

export type Fitted = readonly { index: number; width: number }[];

export interface TableLinesInput {
  columns: readonly Column[];
  cols: Fitted;
  rows: readonly Row[];
  cursor: number;
  start: number;
  /** Rows of body (the header line is extra). */
  bodyHeight: number;
  marks?: ReadonlySet<string>;
  sortCol?: number;
  sortRev?: boolean;
  focused?: boolean;
}

/** One row as drawn: cursor and mark gutter, fitted cells, cell tones inside the row's tone. */
export function rowLine(theme: Theme, row: Row, cols: Fitted, columns: readonly Column[], selected: boolean, marked: boolean): string {
  // Stale rows stay dimmed as a whole: a cell tone must not make them look live.
  const plain = row.tone === 'stale' || row.tone === 'muted';
  let s = (selected ? SYM.cursor : ' ') + (marked ? SYM.mark : ' ');
  // Neighbouring cells of one tone are styled as one run: fewer escape codes for ink to parse.
  let run = '';
  let runTone: Tone | undefined;
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j]!;
    const text = fit(row.cells[c.index] ?? '', c.width, columns[c.index]?.align);
    const t = plain ? undefined : row.cellTones?.[c.index];
    const sep = j === 0 ? '' : ' ';
    if (t === runTone) run += sep + text;
    else {
      s += runTone ? paint(theme, runTone, run) : run;
      // The separator joins the plain side, so a styled run starts at its text.
      if (t) {
        s += sep;
        run = text;
      } else run = sep + text;
      runTone = t;
    }
  }
  s += runTone ? paint(theme, runTone, run) : run;
  return paint(theme, row.tone, s, { inverse: selected && theme.selected });
}

/** Header line + the visible rows (or "(no rows)"), each one finished string. */
export function tableLines(theme: Theme, t: TableLinesInput): string[] {
  const header =
    '  ' +
    t.cols
      .map((c) => {
        const col = t.columns[c.index]!;
        const title = t.sortCol === c.index ? `${col.title}${t.sortRev ? '↓' : '↑'}` : col.title;
        return fit(title, c.width, col.align);
      })
      .join(' ');
  const out = [paint(theme, 'muted', header, { bold: theme.color })];
  const end = Math.min(t.rows.length, t.start + Math.max(0, t.bodyHeight));
  for (let i = t.start; i < end; i++) {
    const r = t.rows[i]!;
    out.push(rowLine(theme, r, t.cols, t.columns, (t.focused ?? true) && i === t.cursor, t.marks?.has(r.id) ?? false));
  }
  if (t.rows.length === 0) out.push(paint(theme, 'muted', '  (no rows)'));
  return out;
}

/** Lines from tableLines: one <Text> each (keyed by position, so a scroll only changes texts). */
export const Table = memo(function Table({ lines, width, height }: { lines: readonly string[]; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((l, i) => (
        <PaintedLine key={i} text={l} width={width} />
      ))}
    </Box>
  );
});
