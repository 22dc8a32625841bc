// Pure table mechanics shared by every list view: filter, sort, column fitting, windowing.
// Widths are terminal cells, not code points: CJK and emoji take two (string-width, as ink).
import stringWidth from 'string-width';
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

/** localeCompare with options makes a collator per call: one shared, the same order. */
const NUMERIC = new Intl.Collator(undefined, { numeric: true });

export function sortRows(rows: readonly Row[], col: number | undefined, reverse: boolean): Row[] {
  if (col === undefined) return reverse ? [...rows].reverse() : [...rows];
  const key = (r: Row): string | number => r.sortKeys?.[col] ?? r.cells[col] ?? '';
  const dir = reverse ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (typeof ka === 'number' && typeof kb === 'number') return (ka - kb) * dir;
    return NUMERIC.compare(String(ka), String(kb)) * dir;
  });
}

/** Columns that fit `width` (1-char gaps), dropping low-priority columns first; widths assigned.
 *  `want[i]`: the cells column i's content needs (see contentWidths); `order`: which columns to
 *  show, in that order (the config's `views.<view>.columns`), by index into `cols`. The width
 *  left over after the minimums goes first to the columns whose content is cut, shared evenly
 *  (capped at what each wants); what remains then goes to the end of the row (see below). */
export function fitColumns(cols: readonly Column[], width: number, want?: readonly number[], order?: readonly number[]): { index: number; width: number }[] {
  // A column whose content (title included) is narrower than its minimum takes only that.
  const min = (i: number) => Math.min(cols[i]!.width, want?.[i] ?? Infinity);
  const all = (order ?? cols.map((_, i) => i)).filter((i) => cols[i]).map((i) => ({ c: cols[i]!, i, w: min(i) }));
  const keep = [...all];
  const need = (k: typeof keep) => k.reduce((s, x) => s + x.w, 0) + Math.max(0, k.length - 1) + 2;
  const dropped: typeof keep = [];
  while (keep.length > 1 && need(keep) > width) {
    let worst = 0;
    for (let j = 1; j < keep.length; j++) if (keep[j]!.c.priority >= keep[worst]!.c.priority) worst = j;
    dropped.push(...keep.splice(worst, 1));
  }
  // A wide column dropped may leave room for a narrower, less important one: take it back.
  for (const d of dropped.sort((x, y) => x.c.priority - y.c.priority)) {
    if (need([...keep, d]) > width) continue;
    keep.push(d);
    keep.sort((x, y) => all.indexOf(x) - all.indexOf(y));
  }
  let spare = Math.max(0, width - need(keep));
  const w = keep.map((x) => x.w);
  const short = (j: number) => Math.max(0, (want?.[keep[j]!.i] ?? 0) - w[j]!);
  // Water-filling: each round gives every cut column an equal share (the remainder one cell
  // each from the left), so one long column cannot starve the others.
  for (let cut = keep.map((_, j) => j).filter((j) => short(j) > 0); spare > 0 && cut.length > 0; cut = cut.filter((j) => short(j) > 0)) {
    const share = Math.max(1, Math.floor(spare / cut.length));
    for (const j of cut) {
      const add = Math.min(share, short(j), spare);
      w[j]! += add;
      spare -= add;
      if (spare === 0) break;
    }
  }
  // What is left once every column has its content: without content widths, to the growing
  // column; with them, to the last column when it is left-aligned (trailing blank, as htop's
  // Command), else to nobody. Handing it to a first-column name would put 100 blank cells
  // between a VM's name and its state on a wide terminal.
  const growIdx = keep.findIndex((x) => x.c.grow);
  const last = keep.length - 1;
  const g = !want ? (growIdx === -1 ? last : growIdx) : keep[last]?.c.align === 'right' ? -1 : last;
  return keep.map((x, j) => ({ index: x.i, width: w[j]! + (j === g ? spare : 0) }));
}

/** Rows measured for content widths: every row of a short table, an even sample of a long one
 *  (a frame must not measure 5,000 rows; the sample is taken once per rows array). */
export const WIDTH_SAMPLE = 200;

/** Display width each column's content needs: its title (+1 for the sort arrow) and the widest
 *  cell of an even sample of the rows. */
export function contentWidths(cols: readonly Column[], rows: readonly Row[]): number[] {
  const out = cols.map((c) => cellWidth(c.title) + 1);
  const step = Math.max(1, rows.length / WIDTH_SAMPLE);
  for (let k = 0; k < rows.length; k += step) {
    const cells = rows[Math.floor(k)]!.cells;
    for (let i = 0; i < out.length; i++) {
      const n = cellWidth(cells[i] ?? '');
      if (n > out[i]!) out[i] = n;
    }
  }
  return out;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// ASCII and the glyphs the panes draw, each one cell in string-width (PaintedLine's NARROW_GLYPHS;
// not imported from there so the config loader need not load ink).
const NARROW = /^[\x20-\x7e…●·✖→›⚠↓×↑←│—‹─❚◐ℹ✔⚙▼▶▲█▇▆▅▄▃▂▁━’±]*$/u;
const segmenter = new Intl.Segmenter();

/** Terminal cells `text` takes (CJK and emoji 2). Most cells (ASCII and our glyphs) skip the
 *  grapheme segmenter: measuring is on every frame's path. */
export function cellWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (NARROW.test(text)) {
    let n = 0;
    for (const _ of text) n++;
    return n;
  }
  return stringWidth(text);
}

/** First visible row so the cursor stays in a window of `height` rows. */
export function windowStart(prevStart: number, cursor: number, height: number, total: number): number {
  if (height <= 0) return 0;
  let s = prevStart;
  if (cursor < s) s = cursor;
  if (cursor >= s + height) s = cursor - height + 1;
  return Math.max(0, Math.min(s, Math.max(0, total - height)));
}

/** Pads/truncates to exactly `w` display cells (ellipsis when cut; a wide character that would
 *  straddle the edge is replaced by a space, so the cell stays exactly `w` wide). */
export function fit(text: string, w: number, align: 'left' | 'right' = 'left'): string {
  if (w <= 0) return '';
  const n = cellWidth(text);
  if (n > w) {
    if (w === 1) return '…';
    if (PRINTABLE_ASCII.test(text)) return text.slice(0, w - 1) + '…';
    if (NARROW.test(text)) return [...text].slice(0, w - 1).join('') + '…';
    let out = '';
    let used = 0;
    for (const { segment } of segmenter.segment(text)) {
      const sw = stringWidth(segment);
      if (used + sw > w - 1) break;
      out += segment;
      used += sw;
    }
    return out + ' '.repeat(w - 1 - used) + '…';
  }
  const pad = ' '.repeat(w - n);
  return align === 'right' ? pad + text : text + pad;
}
