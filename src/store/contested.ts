// Resources two existing domains claim by name (vm-match.ts): matched to neither VM. Depends on
// the resources, the naming pattern and every node's VM list. Kept per node: a report from one
// node re-reads that node's VM names only (at 256 nodes × 8,000 VMs, walking every name on every
// derivation was O(VMs) per commit); the cluster-wide step looks at the few domains named like a
// prefixed resource id, and at each node's set of names only when there is one. Per state too, so
// the per-node callers of one derivation compute it once.
import type { CrmResource } from '../model/pacemaker.js';
import type { VmRuntime } from '../model/vm.js';
import type { VdState } from './types.js';
import { contestedOfClaims, prefixedIdClaim, vmResourceIndex, type VmResourceIndex } from './vm-match.js';

export interface Contested {
  ids: ReadonlySet<string>;
  /** The ids joined: equal keys, same answer. */
  key: string;
}

type Claim = readonly [CrmResource, string];
const NONE: Contested = { ids: new Set<string>(), key: '' };
const NO_CLAIMS: readonly Claim[] = [];
/** A VM list's claims under one resource index, and (made when asked) its set of names. */
interface ListEntry {
  idx: VmResourceIndex;
  claims: readonly Claim[];
  names?: Set<string>;
}
const perList = new WeakMap<readonly VmRuntime[], ListEntry>();
/** The last answer made: an equal answer is the same object, across crm_mon reads too (the VM
 *  rows are re-matched when it changes). Data, not state: equal ids, same answer, in any store. */
let lastAnswer: Contested = NONE;
const byState = new WeakMap<VdState, Contested>();

function listEntry(idx: VmResourceIndex, vms: readonly VmRuntime[]): ListEntry {
  let e = perList.get(vms);
  if (e && e.idx === idx) return e;
  let claims: Claim[] | undefined;
  for (const v of vms) {
    const r = prefixedIdClaim(idx, v.name);
    if (r) (claims ??= []).push([r, v.name]);
  }
  perList.set(vms, (e = { idx, claims: claims ?? NO_CLAIMS }));
  return e;
}

/** The contested resources of `s`: the same object while the answer is the same. */
export function contestedOf(s: VdState): Contested {
  const resources = s.cluster.crm?.resources;
  if (!resources) return NONE;
  let c = byState.get(s);
  if (c) return c;
  const pattern = s.cluster.vmResourceName;
  c = NONE;
  if (pattern === undefined) {
    const idx = vmResourceIndex(resources, pattern);
    const entries: { vms: readonly VmRuntime[]; e: ListEntry }[] = [];
    let claims: Claim[] | undefined;
    for (const n of s.nodeOrder) {
      const vms = s.nodes[n]?.vms;
      if (!vms) continue;
      const e = listEntry(idx, vms);
      entries.push({ vms, e });
      for (const cl of e.claims) (claims ??= []).push(cl);
    }
    if (claims) {
      const exists = (name: string): boolean => entries.some(({ vms, e }) => (e.names ??= new Set(vms.map((v) => v.name))).has(name));
      const ids = contestedOfClaims(claims, exists);
      const key = ids.join('\n');
      if (key !== '') c = lastAnswer.key === key ? lastAnswer : (lastAnswer = { ids: new Set(ids), key });
    }
  }
  byState.set(s, c);
  return c;
}
