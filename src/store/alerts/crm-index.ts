// What the alert rules derive from crm_mon's resource list alone, once per list (keyed by the
// list object: the store's data is immutable, so one list always gives the same index).
import type { CrmResource } from '../../model/pacemaker.js';
import { isStonith, vmResourceIndex } from '../vm-match.js';

export interface CrmIndex {
  /** Any stonith resource at all (fenceability when stonith_admin was not asked). */
  anyStonith: boolean;
  /** VirtualDomain resources active per node. */
  activeOn: ReadonlyMap<string, readonly CrmResource[]>;
}

const cache = new WeakMap<readonly CrmResource[], CrmIndex>();

export function crmIndex(resources: readonly CrmResource[]): CrmIndex {
  let c = cache.get(resources);
  if (c) return c;
  const idx = vmResourceIndex(resources);
  const activeOn = new Map<string, CrmResource[]>();
  for (const r of idx.virtualDomains) {
    if (!r.active) continue;
    for (const node of new Set(r.nodes)) activeOn.set(node, [...(activeOn.get(node) ?? []), r]);
  }
  c = { anyStonith: [...idx.byId.values()].some(isStonith), activeOn };
  cache.set(resources, c);
  return c;
}
