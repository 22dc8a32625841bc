// Headless commands over an open session: snapshot (text or JSON) and check.
import { toSnapshot, formatSnapshotText } from '../store/snapshot.js';
import { checkResult, CHECK_LABEL } from '../store/check.js';
import type { Levels } from '../store/check-metrics.js';
import { EVENT_STREAMS, NOT_COLLECTED } from '../store/freshness.js';
import type { VdState } from '../store/types.js';
import { noTargetUp } from '../store/targets-down.js';
import type { Session } from './session.js';

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Nodes with no data at all from any source, with the first error seen (for "says so"). */
export function unreachableNodes(state: VdState): { node: string; why: string }[] {
  const out: { node: string; why: string }[] = [];
  for (const name of state.nodeOrder) {
    const n = state.nodes[name];
    if (!n) continue;
    const fresh = Object.values(n.fresh);
    if (fresh.some((f) => f?.lastOk !== undefined)) continue;
    const err = n.conn.error
      ? n.conn.targets
        ? noTargetUp(n.conn.targets)
        : `${n.conn.error.kind}: ${n.conn.error.message}`
      : (fresh.find((f) => f?.error)?.error ?? (fresh.some((f) => f?.notCollected) ? `not collected: ${fresh.find((f) => f?.notCollected)?.notCollectedWhy ?? NOT_COLLECTED}` : `connection ${n.conn.status}`));
    out.push({ node: name, why: err });
  }
  return out;
}

export function collectedAnything(state: VdState): boolean {
  if (Object.values(state.cluster.fresh).some((f) => f?.lastOk !== undefined)) return true;
  return Object.values(state.nodes).some((n) => Object.values(n.fresh).some((f) => f?.lastOk !== undefined));
}

/** `virtdeck snapshot [--json]`: one collection round, then the document. */
export async function snapshotCommand(session: Session, opts: { json?: boolean; now?: () => number } = {}): Promise<CommandOutput> {
  await session.collectors.collectOnce();
  const state = session.store.getState();
  const now = (opts.now ?? Date.now)();
  if (!collectedAnything(state)) {
    const why = unreachableNodes(state).map((u) => `  ${u.node}: ${u.why}`);
    const pm = state.cluster.fresh.pacemaker?.error ?? (state.cluster.fresh.pacemaker?.notCollected ? (state.cluster.fresh.pacemaker.notCollectedWhy ?? NOT_COLLECTED) : undefined);
    return {
      code: 1,
      stdout: '',
      stderr: `virtdeck: nothing could be collected from cluster ${state.cluster.name}${pm ? ` (pacemaker: ${pm})` : ''}\n${why.join('\n')}${why.length ? '\n' : ''}`,
    };
  }
  const snap = toSnapshot(state, now, session.source);
  const stdout = opts.json ? `${JSON.stringify(snap, null, 2)}\n` : formatSnapshotText(snap);
  const down = unreachableNodes(state);
  const stderr = down.map((u) => `virtdeck: no data from ${u.node}: ${u.why}\n`).join('');
  return { code: 0, stdout, stderr };
}

/** check's default -t: under the 60 s after which Nagios kills a plugin (and calls it CRITICAL). */
export const CHECK_TIMEOUT_S = 30;

/** What had not answered by the deadline: per node (or cluster-wide) the polled sources with no
 *  attempt finished since `since`, plus connections still being set up. */
export function unanswered(state: VdState, since: number): string[] {
  const waiting = (fresh: VdState['cluster']['fresh']): string[] =>
    Object.entries(fresh)
      .filter(([src, f]) => f && !EVENT_STREAMS.has(src as never) && Math.max(f.lastAttempt ?? -Infinity, f.errorAt ?? -Infinity) < since)
      .map(([src]) => src);
  const out: string[] = [];
  const cl = waiting(state.cluster.fresh);
  if (cl.length) out.push(`cluster ${cl.join(', ')}`);
  for (const name of state.nodeOrder) {
    const n = state.nodes[name];
    if (!n) continue;
    const w = waiting(n.fresh);
    const conn = n.conn.status === 'connecting' ? 'ssh still connecting' : '';
    if (w.length || conn) out.push(`${name} (${[conn, ...w].filter(Boolean).join(', ')})`);
  }
  return out;
}

/** `virtdeck check`: one round (at most `timeoutS` seconds), then the monitoring-plugin line and
 *  exit code. `levels`: -w/-c over the config thresholds. */
export async function checkCommand(
  session: Pick<Session, 'collectors' | 'store'>,
  opts: { json?: boolean; now?: () => number; levels?: Levels; timeoutS?: number } = {},
): Promise<CommandOutput> {
  const now = opts.now ?? Date.now;
  const since = now();
  const timeoutS = opts.timeoutS ?? CHECK_TIMEOUT_S;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = await Promise.race([
    session.collectors.collectOnce().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutS * 1000))),
  ]).finally(() => clearTimeout(timer));
  const state = session.store.getState();
  const r = done
    ? checkResult(state, now(), opts.levels)
    : { code: 3 as const, line: `VIRTDECK ${CHECK_LABEL[3]} - timed out after ${timeoutS} s; no answer from ${unanswered(state, since).join('; ') || 'the collectors'}` };
  const stdout = opts.json ? `${JSON.stringify(r)}\n` : `${r.line}\n`;
  return { code: r.code, stdout, stderr: '' };
}
