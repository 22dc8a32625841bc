// Default cadences (ms), derived from the source registry: one table for the runtime's loops,
// the config's `intervals` keys and the store's freshness (data older than 2 × its interval is
// stale). All configurable per cluster (config intervals).
import { SOURCES, type ExtraIntervalKey, type SourceId } from './registry.js';

/** Configurable cadences (ms): the sources' ids and their extra keys (`domdisplay`: the VM source's console refresh). */
export type IntervalKey = SourceId | ExtraIntervalKey;

const table: Partial<Record<IntervalKey, number>> = {};
const keys: IntervalKey[] = [];
for (const s of SOURCES) {
  table[s.id] = s.intervalMs;
  if (s.configurable !== false) keys.push(s.id);
  for (const [k, ms] of Object.entries<number>(s.extraIntervals ?? {})) {
    table[k as ExtraIntervalKey] = ms;
    keys.push(k as ExtraIntervalKey);
  }
}

/** Every source's default cadence (event streams: the interval their freshness assumes), and the extra keys'. */
export const DEFAULT_INTERVALS = table as Readonly<Record<IntervalKey, number>>;

/**
 * Sources whose cadence a config may not set (event streams: their interval is only what freshness
 * assumes). Their defs say `configurable: false`; registry.test.ts keeps this list equal to those.
 */
export const UNCONFIGURABLE_SOURCES = ['vmevents', 'journal'] as const satisfies readonly SourceId[];

/** The keys a config's `intervals` may set. */
export type ConfigIntervalKey = Exclude<IntervalKey, (typeof UNCONFIGURABLE_SOURCES)[number]>;

/** The keys a config's `intervals` may set (event streams have no cadence to set). */
export const INTERVAL_KEYS = keys as readonly ConfigIntervalKey[];
