// This console's view of its sources: nodes it cannot reach, sources that keep failing, and
// actions a killed virtdeck left half done.
import { sourceFreshness } from '../freshness.js';
import { connUnreachable } from '../reach.js';
import { unreachableText } from '../targets-down.js';
import type { Freshness, SourceId } from '../types.js';
import { clusterRule, nodeRule, type Draft } from './rule.js';

export const unreachableRule = nodeRule({
  id: 'unreachable',
  inputs: { unreachable: (n) => connUnreachable(n.conn), error: (n) => n.conn.error, targets: (n) => n.conn.targets },
  // Reconnect attempts after a failure ('connecting' with the last error kept) are still
  // unreachable: clearing and re-raising the alert on every attempt would flood the timeline.
  evaluate: ({ unreachable, error, targets }, node): Draft[] =>
    unreachable ? [{ rule: 'unreachable', node, subject: node, severity: 'critical', message: unreachableText(node, `node ${node}`, { error, targets }) }] : [],
});

function staleDrafts(fresh: Partial<Record<SourceId, Freshness>>, node: string | undefined, now: number, connUp: boolean): Draft[] {
  const drafts: Draft[] = [];
  for (const source in fresh) {
    const f = fresh[source as SourceId];
    // Only a source with an error can be in the error state (the common case: none).
    if (f?.error === undefined) continue;
    const info = sourceFreshness(source as SourceId, f, now, connUp);
    if (info.state === 'error') drafts.push({ rule: 'stale', node, subject: source, severity: 'info', message: `${source}${node ? ` on ${node}` : ''} failing: ${info.error ?? 'error'}` });
  }
  return drafts;
}

/** The time, for sources that have an error (whether it has lasted long enough depends on it);
 *  undefined while none has, so a healthy node's result is kept. */
function nowIfFailing(fresh: Partial<Record<SourceId, Freshness>>, now: number): number | undefined {
  for (const source in fresh) if (fresh[source as SourceId]?.error !== undefined) return now;
  return undefined;
}

/** Sources failing long enough to count as errors. */
export const nodeStaleRule = nodeRule({
  id: 'stale-node',
  inputs: { fresh: (n) => n.fresh, status: (n) => n.conn.status, unreachable: (n) => connUnreachable(n.conn), now: (n, _s, now) => nowIfFailing(n.fresh, now) },
  // Every source of an unreachable node fails: the unreachable alert already says why.
  evaluate: ({ fresh, status, unreachable, now }, node) => (unreachable || now === undefined ? [] : staleDrafts(fresh, node, now, status === 'up')),
});

export const clusterStaleRule = clusterRule({
  id: 'stale-cluster',
  inputs: { fresh: (s) => s.cluster.fresh, now: (s, now) => nowIfFailing(s.cluster.fresh, now) },
  evaluate: ({ fresh, now }) => (now === undefined ? [] : staleDrafts(fresh, undefined, now, true)),
});

/** Actions a killed virtdeck left half done (audit log read at start): raised until acknowledged. */
export const unfinishedActionRule = clusterRule({
  id: 'unfinished-action',
  inputs: { unfinished: (s) => s.cluster.unfinishedActions },
  evaluate: ({ unfinished }) => (unfinished ?? []).map((u): Draft => ({ rule: 'unfinished-action', ...(u.node ? { node: u.node } : {}), subject: u.id, severity: 'warning', message: u.summary })),
});
