// How old is what the panes show? One rule for every source: data older than 2 × its
// expected interval is stale; a failed last attempt with stale or absent data is "error".
import type { FreshState, Freshness, NodeSlice, SourceId } from './types.js';
import { SOURCES } from '../collectors/registry.js';
import { DEFAULT_INTERVALS } from '../collectors/intervals.js';

/** Cadences used when a source writes before registering its own interval: the registry's
 *  defaults, the same the runtime schedules with (collectors/intervals.ts). */
export const DEFAULT_INTERVAL_MS: Readonly<Record<SourceId, number>> = DEFAULT_INTERVALS;

/** What a saved-output runner answers for a command it has no file for: the store records the
 *  source as "not collected" instead of failing (src/cli/saved-runner.ts). */
export const NOT_COLLECTED = 'not in the saved data';
/** What the Prometheus backend records for a source no exporter carries (src/prometheus/backend.ts). */
export const NOT_FROM_PROMETHEUS = 'not available from Prometheus';
/** The reason a failure message means "not collected" (no error, no alert), or undefined. */
export const notCollectedReason = (message: string): string | undefined =>
  message.includes(NOT_COLLECTED) ? NOT_COLLECTED : message.includes(NOT_FROM_PROMETHEUS) ? NOT_FROM_PROMETHEUS : undefined;

export interface FreshInfo {
  state: FreshState;
  /** Never collected because the saved data has no such output (--from): shown as such, no alert. */
  notCollected?: true;
  /** Age of the last good data; absent when never collected. */
  ageMs?: number;
  error?: string;
}

export function freshnessOf(f: Freshness | undefined, now: number): FreshInfo {
  if (!f) return { state: 'never' };
  if (f.notCollected && f.lastOk === undefined) return { state: 'never', notCollected: true };
  const ageMs = f.lastOk === undefined ? undefined : Math.max(0, now - f.lastOk);
  const stale = ageMs === undefined || ageMs > 2 * f.intervalMs;
  // An error only matters once the data it would have refreshed has aged out.
  const failedLast = f.error !== undefined && (f.lastOk === undefined || (f.errorAt ?? f.lastAttempt ?? 0) >= f.lastOk);
  if (failedLast && stale) return ageMs === undefined ? { state: 'error', error: f.error } : { state: 'error', ageMs, error: f.error };
  if (ageMs === undefined) return { state: 'never' };
  return { state: stale ? 'stale' : 'live', ageMs };
}

/** Event streams (registry freshness 'event'): they write only when something happens, so silence is not staleness. */
export const EVENT_STREAMS: ReadonlySet<SourceId> = new Set<SourceId>(SOURCES.filter((s) => s.freshness === 'event').map((s) => s.id));

/**
 * Freshness of one source of a node. An event stream (vmevents, journal) is live while its
 * channel is up: it has started (lastOk set), no error was reported since, and the node's SSH
 * connection is up. A quiet stream on a healthy connection is not stale; a broken one still is.
 */
export function sourceFreshness(source: SourceId, f: Freshness | undefined, now: number, connUp: boolean): FreshInfo {
  const info = freshnessOf(f, now);
  if (!f || !EVENT_STREAMS.has(source) || !connUp || f.lastOk === undefined) return info;
  const failedSince = f.error !== undefined && (f.errorAt ?? f.lastAttempt ?? 0) >= f.lastOk;
  if (failedSince) return info;
  return info.ageMs === undefined ? { state: 'live' } : { state: 'live', ageMs: info.ageMs };
}

const RANK: Record<FreshState, number> = { live: 0, stale: 1, never: 2, error: 3 };

/** The worse of two states (error > never > stale > live). */
export function worseFresh(a: FreshState, b: FreshState): FreshState {
  return RANK[a] >= RANK[b] ? a : b;
}

export interface NodeFreshInfo {
  /** Worst state over the node's registered sources. */
  state: FreshState;
  /** Age of the freshest data from any source (how recently we heard from the node at all). */
  ageMs?: number;
  /** Sources that are not live, for the tooltip / detail line (not the ones never collected). */
  notLive: { source: SourceId; state: FreshState; ageMs?: number; error?: string }[];
  /** Every source of the node is absent from the saved data. */
  notCollected?: true;
}

/** `conn` (when given) lets event streams count as live while the connection is up; without it
 *  the node is assumed connected. */
export function nodeFreshness(node: Pick<NodeSlice, 'fresh'> & { conn?: Pick<NodeSlice['conn'], 'status'> }, now: number): NodeFreshInfo {
  const connUp = (node.conn?.status ?? 'up') === 'up';
  let state: FreshState = 'live';
  let ageMs: number | undefined;
  let any = false;
  const notLive: NodeFreshInfo['notLive'] = [];
  let missing = 0;
  for (const [source, f] of Object.entries(node.fresh) as [SourceId, Freshness | undefined][]) {
    if (!f) continue;
    const info = sourceFreshness(source, f, now, connUp);
    // Absent from the saved data: says nothing about how fresh the node's other data is.
    if (info.notCollected) {
      missing++;
      continue;
    }
    any = true;
    state = worseFresh(state, info.state);
    if (info.ageMs !== undefined && (ageMs === undefined || info.ageMs < ageMs)) ageMs = info.ageMs;
    if (info.state !== 'live') notLive.push({ source, ...info });
  }
  if (!any) return missing ? { state: 'never', notCollected: true, notLive } : { state: 'never', notLive };
  return ageMs === undefined ? { state, notLive } : { state, ageMs, notLive };
}

/** Compact age for the UI: "3s", "2m", "1h", "4d"; "—" when unknown. */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}
