// Which resources an action on RESOURCE touches (a group or clone: its members and instances
// too) and what the status holds about them. Pure.
import { flattenResources, type CrmFailedAction, type CrmOperationHistory, type CrmResource } from '../../model/pacemaker.js';
import type { VdState } from '../../store/types.js';
import type { Finding } from '../types.js';

/** "dlm:1" → "dlm": fail counts and failed operations of anonymous clones name the base id. */
export const baseId = (id: string): string => id.replace(/:\d+$/, '');

export const findResource = (s: VdState, id: string): CrmResource | undefined => flattenResources(s.cluster.crm?.resources ?? []).find((r) => r.id === id);

/** The resource and everything inside it, as base ids. */
export function idsWithin(r: CrmResource): Set<string> {
  return new Set(flattenResources([r]).map((x) => baseId(x.id)));
}

export interface Failures {
  failCounts: CrmOperationHistory[];
  failedOps: CrmFailedAction[];
}

/** Fail counts above zero and failed operations within (resource, node); undefined = all. */
export function failuresIn(s: VdState, rsc?: string, node?: string): Failures {
  const r = rsc === undefined ? undefined : findResource(s, rsc);
  const ids = r ? idsWithin(r) : rsc !== undefined ? new Set([baseId(rsc)]) : undefined;
  const inScope = (id: string, n: string) => (!ids || ids.has(baseId(id))) && (node === undefined || n === node);
  return {
    failCounts: (s.cluster.crm?.history ?? []).filter((h) => h.failCount > 0 && inScope(h.resource, h.node)),
    failedOps: (s.cluster.crm?.failedActions ?? []).filter((f) => inScope(f.resource, f.node)),
  };
}

/** A live migration Pacemaker is running (crm_mon's pending="Migrating", or the role). */
export const isMigrating = (r: CrmResource): boolean => /migrat/i.test(r.pending ?? '') || /migrat/i.test(r.role);

/** Resources within the scope that are migrating right now. */
export function migratingIn(s: VdState, rsc?: string): CrmResource[] {
  const r = rsc === undefined ? undefined : findResource(s, rsc);
  const pool = r ? flattenResources([r]) : flattenResources(s.cluster.crm?.resources ?? []);
  return pool.filter(isMigrating);
}

export function unknownResource(s: VdState, rsc: string): Finding[] {
  return findResource(s, rsc) ? [] : [{ level: 'error', code: 'unknown-resource', message: `${rsc} is not a resource of cluster ${s.cluster.name}` }];
}
