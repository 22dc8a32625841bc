// resource cleanup / refresh: crm_resource --cleanup (fail counts and failed operations) or
// --refresh (the whole operation history: Pacemaker re-probes), per resource, per node or for
// every failed resource. Pure guards, plan and verify.
import type { VdState } from '../../store/types.js';
import { cleanupCmd, cleanupWhatIfCmds, type CleanupMode } from './commands.js';
import { healthyNode } from '../engine.js';
import { PACEMAKER } from '../reads.js';
import { crmNode, quorumFindings, staleFindings, unknownNode } from '../state.js';
import type { Finding, GuardInput, PlanBody, VerifyResult } from '../types.js';
import { failuresIn, migratingIn, unknownResource, type Failures } from '../resource/scope.js';

export interface CleanupTarget {
  mode: CleanupMode;
  /** Absent: every resource with failures (crm_resource without --resource). */
  resource?: string;
  node?: string;
}

// Without a resource, --cleanup touches the failed ones only, --refresh every resource.
export const cleanupLabel = (t: CleanupTarget): string => `${t.resource ?? (t.mode === 'cleanup' ? 'all failed resources' : 'all resources')}${t.node ? ` on ${t.node}` : ''}`;

export function cleanupGuards({ state: s, target: t, now }: GuardInput<CleanupTarget, unknown>): Finding[] {
  const out: Finding[] = [];
  if (t.node) out.push(...unknownNode(s, t.node));
  if (t.resource) out.push(...unknownResource(s, t.resource));
  if (out.length) return out;
  out.push(...quorumFindings(s), ...staleFindings(s, [], now));
  // Cleaning up while a migration runs makes Pacemaker forget the half-done migrate_to: it then
  // re-probes and may find the VM on both nodes and stop both (recovery).
  const moving = migratingIn(s, t.resource);
  if (moving.length) out.push({ level: 'error', code: 'resource-migrating', message: `${moving.map((r) => `${r.id} (${r.pending ?? r.role})`).join(', ')} is migrating: wait until it ends, then clean up` });
  if (t.node) {
    const n = crmNode(s, t.node);
    if (!n || !n.online) out.push({ level: 'warning', code: 'node-offline', node: t.node, message: `${t.node} is not online: its history is cleared now but re-probed only when it rejoins` });
  }
  const f = failuresIn(s, t.resource, t.node);
  if (t.mode === 'cleanup' && !f.failCounts.length && !f.failedOps.length)
    out.push({ level: 'warning', code: 'nothing-to-clean', message: `${t.resource ? `no fail count and no failed operation for ${t.resource}` : 'no resource has a fail count or failed operation'}${t.node ? ` on ${t.node}` : ''}: the cleanup only re-probes` });
  return out;
}

/** "fail count 3 of vm-web1 on n1 (migration-threshold 3: kept off n1)" and failed operations. */
export function failureLines(f: Failures): string[] {
  return [
    ...f.failCounts.map((h) => `fail count ${h.failCount} of ${h.resource} on ${h.node}${h.migrationThreshold !== undefined && h.failCount >= h.migrationThreshold ? ` (migration-threshold ${h.migrationThreshold} reached: kept off ${h.node} until cleared)` : ''}${h.lastFailure ? `, last failure ${h.lastFailure}` : ''}`),
    ...f.failedOps.map((o) => `failed ${o.opKey} on ${o.node}: ${o.exitStatus}${o.exitReason ? ` (${o.exitReason})` : ''}, rc ${o.exitCode}${o.lastRcChange ? ` at ${o.lastRcChange}` : ''}`),
  ];
}

const clean = (s: VdState, t: CleanupTarget): boolean => {
  const f = failuresIn(s, t.resource, t.node);
  return f.failCounts.length === 0 && f.failedOps.length === 0;
};

export function cleanupPlan({ state, target: t, opts }: GuardInput<CleanupTarget, unknown>): PlanBody {
  const node = healthyNode(state);
  if (!node) throw new Error('no healthy node to run crm_resource on');
  const c = cleanupCmd(t.mode, t.resource, t.node);
  const f = failuresIn(state, t.resource, t.node);
  const lines = failureLines(f);
  return {
    steps: [
      { kind: 'cmd', node, cmd: c, purpose: `${t.mode} ${cleanupLabel(t)}` },
      { kind: 'wait', node, purpose: `wait until the status shows no failure for ${cleanupLabel(t)}`, timeoutMs: opts.verifyTimeoutMs, until: (s) => clean(s, t), progress: (s) => failureLines(failuresIn(s, t.resource, t.node)).map((l) => `still: ${l}`), reads: [PACEMAKER] },
    ],
    summary: [
      lines.length ? `Clears ${f.failCounts.length} fail count(s) and ${f.failedOps.length} failed operation(s):` : `No fail count or failed operation recorded for ${cleanupLabel(t)}.`,
      ...lines.map((l) => `  ${l}`),
      t.mode === 'refresh'
        ? 'Refresh forgets the whole operation history in scope: Pacemaker re-probes and may stop a resource it finds running where it should not.'
        : 'Pacemaker re-probes the resource(s); a resource kept off a node by its fail count may start or move back there (see the what-if).',
    ],
    whatIf: cleanupWhatIfCmds(t.mode, t.resource, t.node),
  };
}

export function verifyCleanup(s: VdState, t: CleanupTarget): VerifyResult {
  if (clean(s, t)) return { ok: true, message: `no fail count or failed operation left for ${cleanupLabel(t)}` };
  return { ok: false, message: `still recorded: ${failureLines(failuresIn(s, t.resource, t.node)).join('; ')}` };
}
