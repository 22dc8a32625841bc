// Maintenance mode of the cluster (maintenance-mode property), a node (maintenance node
// attribute) or a resource (maintenance meta): Pacemaker stops managing and monitoring what is in
// it, so nothing it covers is recovered or fenced-for until it is off again. Pure guards/plan/verify.
import type { VdState } from '../../store/types.js';
import { clusterMaintenanceCmd, nodeMaintenanceCmd, resourceMaintenanceCmd } from '../commands.js';
import { healthyNode } from '../engine.js';
import { crmNode, quorumFindings, staleFindings, unknownNode } from '../state.js';
import type { Finding, GuardInput, PlanBody, VerifyResult } from '../types.js';
import { findResource, migratingIn, unknownResource } from '../resource/scope.js';
import { flattenResources } from '../../model/pacemaker.js';

export type MaintenanceScope = { kind: 'cluster' } | { kind: 'node'; node: string } | { kind: 'resource'; resource: string };
export interface MaintenanceTarget {
  on: boolean;
  scope: MaintenanceScope;
}

export const scopeLabel = (sc: MaintenanceScope): string => (sc.kind === 'cluster' ? 'cluster' : sc.kind === 'node' ? sc.node : sc.resource);
export const maintenanceLabel = (t: MaintenanceTarget): string => `${scopeLabel(t.scope)} ${t.on ? 'on' : 'off'}`;

/** What the store shows now: undefined when the thing is unknown. */
export function maintenanceOn(s: VdState, sc: MaintenanceScope): boolean | undefined {
  const crm = s.cluster.crm;
  if (!crm) return undefined;
  if (sc.kind === 'cluster') return crm.summary.maintenanceMode;
  if (sc.kind === 'node') return crmNode(s, sc.node)?.maintenance;
  // crm_mon shows a resource in maintenance as managed="false" (it has no maintenance attribute).
  const r = findResource(s, sc.resource);
  return r ? !r.managed : undefined;
}

/** Resources Pacemaker would stop watching: all, those on the node, or the one. */
function covered(s: VdState, sc: MaintenanceScope): string[] {
  const prims = flattenResources(s.cluster.crm?.resources ?? []).filter((r) => r.kind === 'primitive');
  if (sc.kind === 'cluster') return prims.map((r) => r.id);
  if (sc.kind === 'node') return prims.filter((r) => r.nodes.includes(sc.node)).map((r) => r.id);
  const r = findResource(s, sc.resource);
  return r ? flattenResources([r]).filter((x) => x.kind === 'primitive').map((x) => x.id) : [];
}

const list = (ids: string[]): string => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', '));

export function maintenanceGuards({ state: s, target: t, now }: GuardInput<MaintenanceTarget, unknown>): Finding[] {
  const sc = t.scope;
  const out: Finding[] = [];
  if (sc.kind === 'node') out.push(...unknownNode(s, sc.node));
  if (sc.kind === 'resource') out.push(...unknownResource(s, sc.resource));
  if (out.length) return out;
  out.push(...quorumFindings(s), ...staleFindings(s, [], now));
  if (sc.kind === 'resource') {
    const moving = migratingIn(s, sc.resource);
    if (moving.length) out.push({ level: 'error', code: 'resource-migrating', message: `${moving.map((r) => r.id).join(', ')} is migrating: unmanaging it now leaves the migration half done` });
  }
  const label = scopeLabel(sc);
  const now_ = maintenanceOn(s, sc);
  if (now_ === t.on) out.push({ level: 'warning', code: t.on ? 'already-on' : 'already-off', message: `${label} is already ${t.on ? 'in' : 'out of'} maintenance${sc.kind === 'resource' && t.on ? ' (or unmanaged)' : ''}` });
  if (t.on) {
    const ids = covered(s, sc);
    out.push({
      level: 'warning',
      code: 'no-recovery',
      ...(sc.kind === 'node' ? { node: sc.node } : {}),
      message: `while ${label} is in maintenance Pacemaker starts, stops, monitors and recovers nothing it covers${ids.length ? ` (${list(ids)})` : ''}: a failure there stays down until maintenance is off`,
    });
  } else {
    out.push({ level: 'warning', code: 'resumes-management', message: `Pacemaker re-probes ${label === 'cluster' ? 'every resource' : `what ${label} covers`} and acts on what it finds (a resource started by hand elsewhere is stopped); check the what-if` });
  }
  if (sc.kind === 'node') {
    const n = crmNode(s, sc.node);
    if (!n || !n.online) out.push({ level: 'warning', code: 'node-offline', node: sc.node, message: `${sc.node} is not online: the attribute takes effect when it rejoins` });
  }
  return out;
}

export function maintenanceCmdFor(t: MaintenanceTarget) {
  const sc = t.scope;
  return sc.kind === 'cluster' ? clusterMaintenanceCmd(t.on) : sc.kind === 'node' ? nodeMaintenanceCmd(sc.node, t.on) : resourceMaintenanceCmd(sc.resource, t.on);
}

export function maintenancePlan({ state, target: t }: GuardInput<MaintenanceTarget, unknown>): PlanBody {
  const node = healthyNode(state);
  if (!node) throw new Error('no healthy node to run the command on');
  const c = maintenanceCmdFor(t);
  const label = scopeLabel(t.scope);
  return {
    steps: [{ kind: 'cmd', node, cmd: c, purpose: `maintenance ${t.on ? 'on' : 'off'} for ${label}` }],
    summary: t.on
      ? [`Pacemaker leaves ${label === 'cluster' ? 'every resource' : `what ${label} covers`} alone (unmanaged, not monitored); reversible with "maintenance off".`, 'The header shows MAINTENANCE while it is on.']
      : [`Pacemaker manages ${label === 'cluster' ? 'every resource' : `what ${label} covers`} again, after re-probing it.`],
    whatIf: [c],
  };
}

export function verifyMaintenance(s: VdState, t: MaintenanceTarget): VerifyResult {
  const on = maintenanceOn(s, t.scope);
  const label = scopeLabel(t.scope);
  return on === t.on ? { ok: true, message: `${label} is ${t.on ? 'in' : 'out of'} maintenance` } : { ok: false, message: `${label} is not shown ${t.on ? 'in' : 'out of'} maintenance yet` };
}
