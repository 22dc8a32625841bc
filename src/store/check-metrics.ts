// `virtdeck check`'s metric levels: the console raises a metric alert only after `raiseAfter`
// consecutive samples, but check collects once, so it judges that one sample here against its
// own levels (config thresholds by default, -w/-c on the command line) and writes the perfdata
// per node and per LUN (Nagios plugin guidelines: 'label'=value[UOM];warn;crit;min;max).
import { isDmDevice, memUsedPct } from './alerts.js';
import { freshnessOf } from './freshness.js';
import type { Thresholds, VdState } from './types.js';

export const METRICS = ['await', 'util', 'cpu', 'mem', 'hugepages'] as const;
export type MetricKey = (typeof METRICS)[number];

/** Alert rules that check judges itself from the one sample (their alerts need raiseAfter samples). */
export const METRIC_RULES: ReadonlySet<string> = new Set<string>(METRICS);

/** What each key measures; hugepages alerts when free pages drop BELOW the level. */
const META: Record<MetricKey, { unit: string; what: string; max?: number; integer?: boolean }> = {
  await: { unit: 'ms', what: 'multipath/dm device await in ms (read or write, the worse)' },
  util: { unit: '%', what: 'multipath/dm device utilisation in %', max: 100 },
  cpu: { unit: '%', what: 'node CPU busy %', max: 100 },
  mem: { unit: '%', what: 'node RAM used %', max: 100 },
  hugepages: { unit: '', what: 'free hugepages of each size (alerts below)', integer: true },
};

export type LevelSpec = Partial<Record<MetricKey, number>>;
export interface Levels {
  warn: LevelSpec;
  crit: LevelSpec;
}

/**
 * Parses `-w`/`-c` words: `KEY=NUMBER` items, comma-separated or repeated
 * (`-w await=10,util=80 -w cpu=90`). Throws an Error naming the flag and the bad item.
 */
export function parseLevelSpec(items: readonly string[], flag: string): LevelSpec {
  const out: LevelSpec = {};
  for (const raw of items) {
    const item = raw.trim();
    const m = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!m) throw new Error(`${flag} ${JSON.stringify(item)}: expected KEY=NUMBER with KEY one of ${METRICS.join(', ')} (e.g. ${flag} await=10,util=80)`);
    const key = m[1] as MetricKey;
    const meta = META[key];
    if (!meta) throw new Error(`${flag} ${JSON.stringify(item)}: unknown metric "${m[1]}" (one of ${METRICS.join(', ')})`);
    const v = Number(m[2]);
    if (meta.max !== undefined && v > meta.max) throw new Error(`${flag} ${item}: ${key} is a percentage (0 to ${meta.max})`);
    if (meta.integer && !Number.isInteger(v)) throw new Error(`${flag} ${item}: ${key} is a number of pages (a whole number)`);
    if (out[key] !== undefined && out[key] !== v) throw new Error(`${flag} gives ${key} twice (${out[key]} and ${v})`);
    out[key] = v;
  }
  return out;
}

/** Config thresholds as check levels, overridden by -w/-c. A level the config has no value for
 *  (critical util/cpu/mem/hugepages) is off unless given. */
export function checkLevels(t: Thresholds, w: LevelSpec = {}, c: LevelSpec = {}): Levels {
  for (const k of METRICS) {
    const wv = w[k];
    const cv = c[k];
    if (wv === undefined || cv === undefined) continue;
    if (k === 'hugepages' ? cv > wv : cv < wv)
      throw new Error(`-w ${k}=${wv} and -c ${k}=${cv}: the critical level must be ${k === 'hugepages' ? 'at or below' : 'at or above'} the warning level`);
  }
  return {
    warn: { await: t.awaitWarnMs, util: t.utilPct, cpu: t.cpuPct, mem: t.memPct, hugepages: t.hugepagesFreeMin, ...w },
    crit: { await: t.awaitCritMs, ...c },
  };
}

export interface MetricProblem {
  severity: 'critical' | 'warning';
  message: string;
  /** How far beyond its level (ratio), to name the worst item first. */
  excess: number;
}

const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** A perfdata label: quoted when it has spaces; `=` and `'` cannot appear in one. */
export const perfLabel = (s: string): string => {
  const clean = s.replace(/['=]/g, '_');
  return /\s/.test(clean) ? `'${clean}'` : clean;
};

/** One perfdata item; "below" levels are written as Nagios ranges (`5:` = alert below 5). */
function perf(label: string, value: number, uom: string, warn: number | undefined, crit: number | undefined, below: boolean, min?: number, max?: number): string {
  const lvl = (v: number | undefined) => (v === undefined ? '' : below ? `${num(v)}:` : num(v));
  const fields = [`${num(value)}${uom}`, lvl(warn), lvl(crit), min === undefined ? '' : num(min), max === undefined ? '' : num(max)];
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  return `${perfLabel(label)}=${fields.join(';')}`;
}

const hugeSize = (kb: number): string => (kb % 1048576 === 0 ? `${kb / 1048576}G` : kb % 1024 === 0 ? `${kb / 1024}M` : `${kb}k`);

/** The one sample of every node judged against `levels`, and the perfdata per node and LUN. */
export function metricFindings(state: VdState, levels: Levels, now: number): { problems: MetricProblem[]; perf: string[] } {
  const problems: MetricProblem[] = [];
  const out: string[] = [];
  const judge = (key: MetricKey, value: number, text: (lvl: string) => string): void => {
    const below = key === 'hugepages';
    const beyond = (l: number | undefined) => l !== undefined && (below ? value < l : value > l);
    const c = levels.crit[key];
    const w = levels.warn[key];
    const sev = beyond(c) ? 'critical' : beyond(w) ? 'warning' : undefined;
    if (!sev) return;
    const l = (sev === 'critical' ? c : w)!;
    const unit = META[key].unit ? ` ${META[key].unit}` : '';
    const excess = below ? (l - value) / Math.max(l, 1) : (value - l) / Math.max(l, 1e-9);
    problems.push({ severity: sev, message: text(`${below ? '<' : '>'} ${num(l)}${unit}`), excess });
  };
  for (const node of state.nodeOrder) {
    const n = state.nodes[node];
    if (!n) continue;
    // Only data of this round: a stale figure is no measurement (the stale source is its own alert).
    const live = (src: 'host' | 'iostat') => freshnessOf(n.fresh[src], now).state === 'live';
    const host = live('host') ? n.host : undefined;
    if (host?.cpu) {
      const v = host.cpu.busyPct;
      judge('cpu', v, (l) => `${node} CPU ${num(v)} % (${l})`);
      out.push(perf(`${node}:cpu`, v, '%', levels.warn.cpu, levels.crit.cpu, false, 0, 100));
    }
    const mem = host ? memUsedPct(host.mem) : undefined;
    if (mem !== undefined) {
      judge('mem', mem, (l) => `${node} RAM ${num(mem)} % used (${l})`);
      out.push(perf(`${node}:mem`, mem, '%', levels.warn.mem, levels.crit.mem, false, 0, 100));
    }
    for (const p of host?.hugepages ?? []) {
      if (p.total <= 0) continue;
      const size = hugeSize(p.sizeKb);
      judge('hugepages', p.free, (l) => `${node} ${size} hugepages: ${p.free} of ${p.total} free (${l})`);
      out.push(perf(`${node}:hugepages_${size}_free`, p.free, '', levels.warn.hugepages, levels.crit.hugepages, true, 0, p.total));
    }
    for (const d of live('iostat') ? (n.io ?? []) : []) {
      if (!isDmDevice(d)) continue;
      const lun = d.alias ?? d.device;
      const aw = Math.max(d.rAwait, d.wAwait);
      judge('await', aw, (l) => `${lun} (${d.device}) await ${num(aw)} ms on ${node} (${l})`);
      judge('util', d.util, (l) => `${lun} (${d.device}) ${num(d.util)} % busy on ${node} (${l})`);
      out.push(perf(`${node}:${lun}:await`, aw, 'ms', levels.warn.await, levels.crit.await, false, 0));
      out.push(perf(`${node}:${lun}:util`, d.util, '%', levels.warn.util, levels.crit.util, false, 0, 100));
    }
  }
  problems.sort((a, b) => (a.severity === b.severity ? b.excess - a.excess : a.severity === 'critical' ? -1 : 1));
  return { problems, perf: out };
}

/** For --help and errors: the keys -w/-c take. */
export const LEVEL_KEYS_HELP = METRICS.map((k) => `${k}: ${META[k].what}`);
