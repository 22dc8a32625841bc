// Wrap mode (`w` in :logs): the growing column (the message) continues on the next lines
// instead of being cut, so a long journal line reads in the list. Rows then take several
// lines, so the window is recomputed in lines: the cursor row is always wholly visible.
import { paint, type Theme } from '../theme.js';
import { rowLine, tableLines, type TableLinesInput } from './Table.js';
import { wrapText } from '../panes/entry/lines.js';

/** Header + rows from `start` (moved down until the cursor row fits), wrapped; and that start. */
export function wrappedTableLines(theme: Theme, t: TableLinesInput): { lines: string[]; start: number } {
  const g = t.cols.findIndex((c) => t.columns[c.index]?.grow);
  const at = g < 0 ? t.cols.length - 1 : g;
  const col = t.cols[at];
  // The gutter (2) and each earlier column with its 1-cell gap.
  const indent = 2 + t.cols.slice(0, at).reduce((s, c) => s + c.width + 1, 0);
  const rowLines = (i: number): string[] => {
    const r = t.rows[i]!;
    const parts = col ? wrapText(r.cells[col.index] ?? '', col.width) : [''];
    const cells = [...r.cells];
    if (col) cells[col.index] = parts[0] ?? '';
    const first = rowLine(theme, { ...r, cells }, t.cols, t.columns, (t.focused ?? true) && i === t.cursor, t.marks?.has(r.id) ?? false);
    return [first, ...parts.slice(1).map((p) => paint(theme, r.tone, ' '.repeat(indent) + p))];
  };
  const height = Math.max(0, t.bodyHeight);
  let start = Math.min(t.start, Math.max(0, t.cursor));
  // Lines from start through the cursor row must fit: drop rows off the top until they do.
  const sizes = new Map<number, number>();
  const size = (i: number) => sizes.get(i) ?? (sizes.set(i, rowLines(i).length), sizes.get(i)!);
  if (t.rows.length) {
    let used = 0;
    for (let i = start; i <= t.cursor; i++) used += size(i);
    while (used > height && start < t.cursor) used -= size(start++);
  }
  // The header exactly as the unwrapped table draws it (sort arrow included).
  const out = [tableLines(theme, { ...t, rows: [] })[0]!];
  for (let i = start; i < t.rows.length && out.length - 1 < height; i++) out.push(...rowLines(i).slice(0, height - (out.length - 1)));
  if (t.rows.length === 0) out.push(paint(theme, 'muted', '  (no rows)'));
  return { lines: out, start };
}
