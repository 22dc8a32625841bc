// Pictures of a metric over time: a one-line sparkline for table cells and a small block chart
// for detail views. Plain characters only (readable with NO_COLOR). NaN is unknown and is drawn
// as a gap (blank), never as 0: zero is the lowest block, so "idle" and "no data" differ.
import { fmtDuration } from './format.js';

export const SPARK = '▁▂▃▄▅▆▇█';
const GAP = ' ';

export interface Scale {
  /** Bottom of the scale (default 0). */
  min?: number;
  /** Top of the scale (default: the largest value shown, at least min + 1). */
  max?: number;
  /** Without `max`: the top is at least this (a calm 1.4 ms await stays low, not full height). */
  atLeast?: number;
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

function bounds(values: ArrayLike<number>, from: number, s: Scale): { lo: number; hi: number } {
  const lo = s.min ?? 0;
  let hi = s.max;
  if (hi === undefined) {
    hi = Math.max(lo + 1, s.atLeast ?? -Infinity);
    for (let i = from; i < values.length; i++) if (finite(values[i]) && values[i]! > hi) hi = values[i]!;
  }
  return { lo, hi: hi > lo ? hi : lo + 1 };
}

/** Eighths (0…8·rows) a value fills of `rows` rows; a known value fills at least one eighth. */
const level = (v: number, lo: number, hi: number, rows: number): number => Math.max(1, Math.min(8 * rows, Math.round(((v - lo) / (hi - lo)) * 8 * rows)));

/** The last `width` values as one line of blocks (shorter when there are fewer); NaN → blank. */
export function sparkline(values: ArrayLike<number>, width = 8, scale: Scale = {}): string {
  const from = Math.max(0, values.length - width);
  if (values.length - from <= 0) return '';
  const { lo, hi } = bounds(values, from, scale);
  let out = '';
  for (let i = from; i < values.length; i++) {
    const v = values[i]!;
    out += finite(v) ? SPARK[level(v, lo, hi, 1) - 1] : GAP;
  }
  return out;
}

export interface ChartOptions extends Scale {
  /** Formats a value for the labels (default: 1 decimal below 10). */
  fmt?: (v: number) => string;
  /** Milliseconds per column: the time axis says how long ago the left edge is. */
  stepMs?: number;
}

const defaultFmt = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1));

/**
 * A block chart `w` columns by `h` rows of the last `w` values, with the scale's top and bottom
 * on the left, a time axis below (the left edge's age, "now" at the right) and one line under it
 * with the shown data's min / max / last. Returns the lines (each the same display width).
 */
export function chart(values: ArrayLike<number>, w: number, h: number, opts: ChartOptions = {}): string[] {
  const width = Math.max(1, Math.floor(w));
  const rows = Math.max(1, Math.floor(h));
  const fmt = opts.fmt ?? defaultFmt;
  // Right-aligned: the newest value in the last column; columns before the data are gaps.
  const cols: number[] = new Array<number>(width).fill(NaN);
  const from = Math.max(0, values.length - width);
  for (let i = from; i < values.length; i++) cols[width - (values.length - i)] = values[i]!;
  const { lo, hi } = bounds(cols, 0, opts);
  const top = fmt(hi);
  const bottom = fmt(lo);
  const lw = Math.max(top.length, bottom.length);
  const lines: string[] = [];
  for (let r = rows - 1; r >= 0; r--) {
    const label = r === rows - 1 ? top : r === 0 ? bottom : '';
    let line = `${label.padStart(lw)} ${r === rows - 1 || r === 0 ? '┤' : '│'}`;
    for (const v of cols) {
      if (!finite(v)) {
        line += GAP;
        continue;
      }
      const fill = level(v, lo, hi, rows) - 8 * r;
      line += fill >= 8 ? '█' : fill <= 0 ? ' ' : SPARK[fill - 1];
    }
    lines.push(line);
  }
  lines.push(`${' '.repeat(lw)} └${'─'.repeat(width)}`);
  if (opts.stepMs !== undefined && opts.stepMs > 0) {
    const left = `-${fmtDuration(width * opts.stepMs)}`;
    const right = 'now';
    const gap = Math.max(1, width - left.length - right.length);
    lines.push(`${' '.repeat(lw + 2)}${left}${' '.repeat(gap)}${right}`);
  }
  const known = cols.filter(finite);
  if (known.length) {
    const lastKnown = finite(cols[width - 1]) ? fmt(cols[width - 1]!) : 'no data';
    lines.push(`${' '.repeat(lw + 2)}min ${fmt(Math.min(...known))} · max ${fmt(Math.max(...known))} · now ${lastKnown}`);
  } else lines.push(`${' '.repeat(lw + 2)}no data yet`);
  return lines;
}
