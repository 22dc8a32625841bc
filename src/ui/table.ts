// Pure table mechanics shared by every list view: filter, sort, column fitting, windowing.
import type { Tone } from './theme.js';

export interface Row {
  id: string;
  cells: string[];
  tone?: Tone;
  /** Per-cell tone overrides (same index as cells). */
  cellTones?: (Tone | undefined)[];
  /** Sort keys per column when the display text does not sort well (numbers, times). */
  sortKeys?: (string | number | undefined)[];
}

export interface Column {
  title: string;
  /** Minimum width; the column never renders narrower. */
  width: number;
  /** Takes the left-over width (at most one column should). */
  grow?: boolean;
  align?: 'left' | 'right';
  /** Lower is more important; columns are dropped from the highest priority number first. */
  priority: number;
}

export type FilterResult = { ok: true; test: (r: Row) => boolean; active: boolean } | { ok: false; error: string };

/** `/text` filter: case-insensitive regex over the row's cells; a leading `!` inverts. */
export function compileFilter(text: string): FilterResult {
  const invert = text.startsWith('!');
  const src = invert ? text.slice(1) : text;
  if (src === '') return { ok: true, test: () => true, active: false };
  let re: RegExp;
  try {
    re = new RegExp(src, 'i');
  } catch (e) {
    return { ok: false, error: `invalid filter /${text}/: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}` };
  }
  return { ok: true, active: true, test: (r) => re.test(r.cells.join(' ')) !== invert };
}

export function sortRows(rows: readonly Row[], col: number | undefined, reverse: boolean): Row[] {
  if (col === undefined) return reverse ? [...rows].reverse() : [...rows];
  const key = (r: Row): string | number => r.sortKeys?.[col] ?? r.cells[col] ?? '';
  const dir = reverse ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (typeof ka === 'number' && typeof kb === 'number') return (ka - kb) * dir;
    return String(ka).localeCompare(String(kb), undefined, { numeric: true }) * dir;
  });
}

/** Columns that fit `width` (1-char gaps), dropping low-priority columns first; widths assigned. */
export function fitColumns(cols: readonly Column[], width: number): { index: number; width: number }[] {
  const keep = cols.map((c, i) => ({ c, i }));
  const need = (k: typeof keep) => k.reduce((s, x) => s + x.c.width, 0) + Math.max(0, k.length - 1) + 2;
  while (keep.length > 1 && need(keep) > width) {
    let worst = 0;
    for (let j = 1; j < keep.length; j++) if (keep[j]!.c.priority >= keep[worst]!.c.priority) worst = j;
    keep.splice(worst, 1);
  }
  const spare = Math.max(0, width - need(keep));
  const growIdx = keep.findIndex((x) => x.c.grow);
  return keep.map((x, j) => ({ index: x.i, width: x.c.width + (j === (growIdx === -1 ? keep.length - 1 : growIdx) ? spare : 0) }));
}

/** First visible row so the cursor stays in a window of `height` rows. */
export function windowStart(prevStart: number, cursor: number, height: number, total: number): number {
  if (height <= 0) return 0;
  let s = prevStart;
  if (cursor < s) s = cursor;
  if (cursor >= s + height) s = cursor - height + 1;
  return Math.max(0, Math.min(s, Math.max(0, total - height)));
}

/** Pads/truncates to exactly `w` display cells (ellipsis when cut). */
export function fit(text: string, w: number, align: 'left' | 'right' = 'left'): string {
  if (w <= 0) return '';
  const chars = [...text];
  if (chars.length > w) return w === 1 ? '…' : chars.slice(0, w - 1).join('') + '…';
  const pad = ' '.repeat(w - chars.length);
  return align === 'right' ? pad + text : text + pad;
}
