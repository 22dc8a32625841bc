// How a row shows the age of its data. Nothing stale is drawn as live: a row whose source is not
// live gets tone 'stale' (dimmed) and its freshness cell says so in words.
import { formatAge, nodeFreshness, sourceFreshness, type FreshInfo } from '../../store/freshness.js';
import type { Freshness, NodeSlice, SourceId } from '../../store/types.js';
import type { Tone } from '../theme.js';
import { SYM } from '../theme.js';

export interface FreshCell {
  text: string;
  tone: Tone;
  live: boolean;
  /** Absent from the saved data (--from): not live, but not stale either. */
  notCollected?: true;
}

export function freshCell(info: FreshInfo, unreachable = false): FreshCell {
  if (unreachable) return { text: `${SYM.down} unreachable ${formatAge(info.ageMs)}`, tone: 'crit', live: false };
  switch (info.state) {
    case 'live':
      return { text: formatAge(info.ageMs), tone: 'muted', live: true };
    case 'stale':
      return { text: `${SYM.warn} stale ${formatAge(info.ageMs)}`, tone: 'warn', live: false };
    case 'error':
      return { text: `${SYM.down} error ${formatAge(info.ageMs)}`, tone: 'crit', live: false };
    default:
      if (info.notCollected) return { text: 'not collected', tone: 'muted', live: false, notCollected: true };
      // Some source has not reported yet (startup) while others have.
      return info.ageMs === undefined ? { text: '… no data', tone: 'muted', live: false } : { text: `… partial ${formatAge(info.ageMs)}`, tone: 'muted', live: false };
  }
}

/** Down, or reconnecting after a failure (the runner keeps the last error while connecting):
 *  the same rule as the store's unreachable alert, so a retrying node never looks fine. */
export const nodeUnreachable = (node: Pick<NodeSlice, 'conn'> | undefined): boolean =>
  node !== undefined && (node.conn.status === 'down' || (node.conn.status === 'connecting' && node.conn.error !== undefined));

/** How long ago anything at all came from the node (its freshest source). */
export const lastHeardMs = (node: Pick<NodeSlice, 'fresh' | 'conn'>, now: number): number | undefined => nodeFreshness(node, now).ageMs;

export function nodeSourceCell(node: NodeSlice | undefined, source: SourceId, now: number): FreshCell {
  const f: Freshness | undefined = node?.fresh[source];
  return freshCell(sourceFreshness(source, f, now, node?.conn.status === 'up'), nodeUnreachable(node));
}

/** A node's overall freshness for display: when something is not live, the age shown is that of
 *  the oldest lagging source (the freshest age would make "stale 0s" nonsense). Quiet event
 *  streams count as live while their channel is up (store/freshness.ts decides). */
export function nodeFreshSummary(node: Pick<NodeSlice, 'fresh' | 'conn'>, now: number): FreshInfo & { lagging: string[] } {
  const nf = nodeFreshness(node, now);
  const lagging = nf.notLive.map((x) => x.source);
  if (nf.state === 'live') return nf.ageMs === undefined ? { state: 'live', lagging } : { state: 'live', ageMs: nf.ageMs, lagging };
  const ages = nf.notLive.map((x) => x.ageMs).filter((x): x is number => x !== undefined);
  const ageMs = ages.length ? Math.max(...ages) : nf.ageMs;
  if (nf.notCollected) return { state: nf.state, notCollected: true, lagging };
  return ageMs === undefined ? { state: nf.state, lagging } : { state: nf.state, ageMs, lagging };
}
