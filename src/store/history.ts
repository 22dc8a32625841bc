// Metric history for the session: per node (CPU, memory), per VM (CPU, disk latency) and per LUN
// (await, util), so sparklines and charts answer "since when?". Bounded: each series is a ring
// of HISTORY_POINTS samples in typed arrays allocated once when the series is created (a sample
// costs O(1), no garbage), and at most HISTORY_SERIES_MAX series live at once: a new series
// takes the arrays of one not written for HISTORY_IDLE_MS (a VM gone, a LUN removed); while all
// are current it gets none (no thrashing between live series). Unknown is NaN, never 0: a missed
// poll, an unreachable node or a value the source did not report is drawn as a gap.

/** Samples kept per series (20 min at the 5 s host/VM cadence, 8 min of 2 s iostat). */
export const HISTORY_POINTS = 240;
/** Series kept at once (≤ 8,192 × 3.8 KB ≈ 31 MB): the demo's largest cluster (64 nodes, 5,000
 *  VMs) and its LUNs fit; 32 nodes × 32 VMs use ~1,100. */
export const HISTORY_SERIES_MAX = 8_192;
/** A series not written for this long may give its arrays to a new one when the cap is reached. */
export const HISTORY_IDLE_MS = 120_000;

/** Two values per sample: node [cpu %, mem %], VM [cpu %, disk latency ms], LUN [await ms, util %]. */
export type Channel = 0 | 1;

export const nodeSeries = (node: string): string => `node:${node}`;
export const vmSeries = (vm: string): string => `vm:${vm}`;
export const lunSeries = (node: string, device: string): string => `lun:${node}:${device}`;

class Track {
  readonly times: Float64Array;
  readonly vals: Float32Array;
  /** Next slot to write; `count` samples end just before it. */
  head = 0;
  count = 0;
  last = -Infinity;
  constructor(
    cap: number,
    public intervalMs: number,
  ) {
    this.times = new Float64Array(cap);
    this.vals = new Float32Array(cap * 2);
  }
  reuse(intervalMs: number): void {
    this.head = 0;
    this.count = 0;
    this.last = -Infinity;
    this.intervalMs = intervalMs;
  }
}

export class MetricHistory {
  private readonly tracks = new Map<string, Track>();
  /** Full and nothing idle at this time: no new series (and no scan) before it. */
  private noRoomUntil = -Infinity;
  constructor(
    readonly points = HISTORY_POINTS,
    readonly maxSeries = HISTORY_SERIES_MAX,
  ) {
    if (!(points >= 2) || !(maxSeries >= 1)) throw new Error(`MetricHistory: points (${points}) must be ≥ 2 and maxSeries (${maxSeries}) ≥ 1`);
  }

  get size(): number {
    return this.tracks.size;
  }

  has(key: string): boolean {
    return this.tracks.has(key);
  }

  /** One sample at time `t` (ms) of a source polled every `intervalMs`; undefined/NaN = unknown.
   *  A sample at the same time as the last one replaces it; an older one is ignored. */
  record(key: string, t: number, a: number | undefined, b: number | undefined, intervalMs: number): void {
    let tr = this.tracks.get(key);
    if (!tr) tr = this.create(key, intervalMs, t);
    if (!tr) return; // full of current series
    tr.intervalMs = intervalMs;
    if (t < tr.last) return;
    const cap = this.points;
    let i = tr.head;
    if (t === tr.last) i = (tr.head - 1 + cap) % cap;
    else {
      tr.head = (i + 1) % cap;
      if (tr.count < cap) tr.count++;
      tr.last = t;
    }
    tr.times[i] = t;
    tr.vals[2 * i] = a ?? NaN;
    tr.vals[2 * i + 1] = b ?? NaN;
  }

  /**
   * `width` columns of `stepMs` each, the last ending at `end`: each column holds the largest
   * value sampled in it (a spike stays visible). A column without a sample carries the previous
   * sample while that is still fresh (≤ 2 × interval old, the store's staleness rule: polls
   * jitter); otherwise, and before the first sample, it is NaN (a gap).
   */
  window(key: string, ch: Channel, end: number, width: number, stepMs?: number): Float64Array {
    const out = new Float64Array(Math.max(0, width)).fill(NaN);
    const tr = this.tracks.get(key);
    if (!tr || width <= 0 || tr.count === 0) return out;
    const step = stepMs ?? tr.intervalMs;
    const fresh = 2 * tr.intervalMs;
    const cap = this.points;
    const start = (tr.head - tr.count + cap) % cap;
    // Columns filled by a sample (the rest may be carried).
    const hit = new Uint8Array(width);
    let carryT = -Infinity;
    let carryV = NaN;
    let col = 0; // next column to settle, left to right
    const colEnd = (c: number): number => end - (width - 1 - c) * step;
    const settleUpTo = (c: number): void => {
      for (; col < c; col++) if (!hit[col] && colEnd(col) - carryT <= fresh) out[col] = carryV;
    };
    // From the last sample before the window (it may carry into the first column): O(width + samples shown).
    const left = end - width * step;
    let k0 = tr.count - 1;
    while (k0 > 0 && tr.times[(start + k0) % cap]! > left) k0--;
    for (let k = k0; k < tr.count; k++) {
      const i = (start + k) % cap;
      const t = tr.times[i]!;
      const v = tr.vals[2 * i + ch]!;
      const back = t >= end ? 0 : Math.floor((end - t) / step);
      const c = width - 1 - back;
      if (c >= 0) {
        settleUpTo(c);
        if (!Number.isNaN(v)) out[c] = hit[c] && !Number.isNaN(out[c]!) ? Math.max(out[c]!, v) : v;
        hit[c] = 1;
      }
      carryT = t;
      carryV = v;
    }
    settleUpTo(width);
    return out;
  }

  /** Time of the oldest and newest sample kept (undefined when none). */
  span(key: string): { first: number; last: number; intervalMs: number } | undefined {
    const tr = this.tracks.get(key);
    if (!tr || tr.count === 0) return undefined;
    const cap = this.points;
    return { first: tr.times[(tr.head - tr.count + cap) % cap]!, last: tr.last, intervalMs: tr.intervalMs };
  }

  clear(): void {
    this.tracks.clear();
    this.noRoomUntil = -Infinity;
  }

  private create(key: string, intervalMs: number, now: number): Track | undefined {
    let tr: Track | undefined;
    if (this.tracks.size >= this.maxSeries) {
      if (now < this.noRoomUntil) return undefined;
      // Full: the series written longest ago gives up its arrays if it is idle.
      let oldKey: string | undefined;
      let oldest = Infinity;
      for (const [k, t] of this.tracks)
        if (t.last < oldest) {
          oldest = t.last;
          oldKey = k;
        }
      if (oldest > now - HISTORY_IDLE_MS) {
        // Nothing idle: one scan per 10 s at most, not one per refused sample.
        this.noRoomUntil = now + 10_000;
        return undefined;
      }
      tr = this.tracks.get(oldKey!)!;
      this.tracks.delete(oldKey!);
      tr.reuse(intervalMs);
    } else tr = new Track(this.points, intervalMs);
    this.tracks.set(key, tr);
    return tr;
  }
}
