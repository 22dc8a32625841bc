// Resources two existing domains claim by name (vm-match.ts): matched to neither VM. Depends on
// the resources, the naming pattern and every node's VM list; kept per resource list (data, not
// a store: the same inputs always give the same answer), and per state so the per-node callers
// of one derivation compute it once.
import type { CrmResource } from '../model/pacemaker.js';
import type { VdState } from './types.js';
import { contestedResources, vmResourceIndex } from './vm-match.js';

export interface Contested {
  ids: ReadonlySet<string>;
  /** The ids joined: equal keys, same answer. */
  key: string;
}

const NONE: Contested = { ids: new Set<string>(), key: '' };
const byResources = new WeakMap<readonly CrmResource[], { pattern: string | undefined; nodeOrder: readonly string[]; lists: unknown[]; c: Contested }>();
const byState = new WeakMap<VdState, Contested>();

/** The contested resources of `s`: the same object while the answer is the same. */
export function contestedOf(s: VdState): Contested {
  const resources = s.cluster.crm?.resources;
  if (!resources) return NONE;
  let c = byState.get(s);
  if (c) return c;
  const pattern = s.cluster.vmResourceName;
  const last = byResources.get(resources);
  if (last && last.pattern === pattern && last.nodeOrder === s.nodeOrder && last.lists.every((l, i) => l === s.nodes[s.nodeOrder[i]!]?.vms)) c = last.c;
  else {
    const lists = s.nodeOrder.map((n) => s.nodes[n]?.vms);
    const ids = contestedResources(vmResourceIndex(resources, pattern), function* () {
      for (const l of lists) for (const v of l ?? []) yield v.name;
    });
    const key = ids.join('\n');
    c = last && last.c.key === key ? last.c : key === '' ? NONE : { ids: new Set(ids), key };
    byResources.set(resources, { pattern, nodeOrder: s.nodeOrder, lists, c });
  }
  byState.set(s, c);
  return c;
}
