// Headless commands over an open session: snapshot (text or JSON) and check.
import { toSnapshot, formatSnapshotText } from '../store/snapshot.js';
import { checkResult } from '../store/check.js';
import type { VdState } from '../store/types.js';
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
    const err = n.conn.error ? `${n.conn.error.kind}: ${n.conn.error.message}` : fresh.find((f) => f?.error)?.error ?? `connection ${n.conn.status}`;
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
    const pm = state.cluster.fresh.pacemaker?.error;
    return {
      code: 1,
      stdout: '',
      stderr: `virtdeck: nothing could be collected from cluster ${state.cluster.name}${pm ? ` (pacemaker: ${pm})` : ''}\n${why.join('\n')}${why.length ? '\n' : ''}`,
    };
  }
  const snap = toSnapshot(state, now);
  const stdout = opts.json ? `${JSON.stringify(snap, null, 2)}\n` : formatSnapshotText(snap);
  const down = unreachableNodes(state);
  const stderr = down.map((u) => `virtdeck: no data from ${u.node}: ${u.why}\n`).join('');
  return { code: 0, stdout, stderr };
}

/** `virtdeck check`: one round, then the monitoring-plugin line and exit code. */
export async function checkCommand(session: Session, opts: { json?: boolean; now?: () => number } = {}): Promise<CommandOutput> {
  await session.collectors.collectOnce();
  const state = session.store.getState();
  const r = checkResult(state, (opts.now ?? Date.now)());
  const stdout = opts.json ? `${JSON.stringify(r)}\n` : `${r.line}\n`;
  return { code: r.code, stdout, stderr: '' };
}
