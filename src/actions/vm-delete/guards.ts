// vm delete: guards and the storage it would remove. Pure. A VM defined on a node we cannot see
// could be running there (or come back defined): every node that has or might have it must be
// reachable or fenced; a resource whose constraints we cannot read is not deleted half-way.
import type { VdState } from '../../store/types.js';
import { isFenced } from '../vm-power/guards.js';
import { isReachable, nodesDefining, nodesRunning, quorumFindings, resourceForVm, staleFindings } from '../state.js';
import type { Finding, GuardInput } from '../types.js';
import { vmResourceFindings } from '../vm-resource.js';
import { domainsOf } from '../vm-config.js';
import type { DeleteFacts, DeleteTarget } from './gather.js';

export type DeleteInput = GuardInput<DeleteTarget, Partial<DeleteFacts> | undefined>;

/** Nodes that have or might have the VM defined: every node for a managed VM (Pacemaker may have
 *  run it anywhere), else the nodes listing it and those whose list was never read. */
export function nodesThatMayDefine(s: VdState, vm: string, managed: boolean): string[] {
  return managed ? [...s.nodeOrder] : s.nodeOrder.filter((n) => nodesDefining(s, vm).includes(n) || s.nodes[n]?.vms === undefined);
}

export interface StoragePlan {
  /** File-backed volumes to delete (virsh vol-delete). */
  remove: string[];
  /** Disks kept, each with why. */
  kept: { path: string; why: string }[];
}

/** The VM's disks (union over the nodes whose XML was read), split into what --remove-storage
 *  deletes and what it keeps: CD-ROMs, block devices (LUNs, LVs: removed on the storage side)
 *  and anything another VM's definition or runtime names. */
export function storagePlan(s: VdState, vm: string, f: Partial<DeleteFacts> | undefined): StoragePlan {
  const users = new Map<string, Set<string>>();
  const use = (path: string, who: string) => users.set(path, (users.get(path) ?? new Set()).add(who));
  for (const byVm of Object.values(f?.others?.byNode ?? {})) for (const [name, d] of Object.entries(byVm)) for (const k of d.disks) if (k.source && name !== vm) use(k.source, name);
  for (const n of s.nodeOrder) for (const v of s.nodes[n]?.vms ?? []) if (v.name !== vm) for (const p of v.disks ?? []) use(p, v.name);
  const out: StoragePlan = { remove: [], kept: [] };
  const seen = new Set<string>();
  for (const def of Object.values(f?.defs ?? {})) {
    for (const d of def.xml?.disks ?? []) {
      if (!d.source || seen.has(d.source)) continue;
      seen.add(d.source);
      const others = users.get(d.source);
      if (others) out.kept.push({ path: d.source, why: `also used by ${[...others].sort().join(', ')}` });
      else if (d.device !== 'disk') out.kept.push({ path: d.source, why: `a ${d.device}, not the VM's own volume` });
      else if (d.source.startsWith('/dev/')) out.kept.push({ path: d.source, why: 'a block device (LUN or LV): remove it on the storage side' });
      else out.remove.push(d.source);
    }
  }
  return out;
}

export function deleteGuards({ state: s, target: t, facts: f, now }: DeleteInput): Finding[] {
  const { vm } = t;
  const matched = vmResourceFindings(s, vm, domainsOf(f));
  if (matched.length) return matched;
  const rsc = resourceForVm(s, vm, domainsOf(f));
  const defined = nodesDefining(s, vm);
  const running = nodesRunning(s, vm);
  if (!rsc && defined.length === 0) return [{ level: 'error', code: 'vm-not-defined', message: `${vm} is not defined on any node and no Pacemaker resource runs it` }];
  const out: Finding[] = [];
  const mayDefine = nodesThatMayDefine(s, vm, rsc !== undefined);
  for (const n of mayDefine.filter((x) => !isReachable(s, x) && !isFenced(s, x)))
    out.push({ level: 'error', code: 'node-unreachable-unfenced', node: n, message: `${n} ${defined.includes(n) ? 'has' : 'may have'} ${vm} defined but is unreachable and not fenced: it could be running there or stay defined` });
  for (const n of defined.filter((x) => !isReachable(s, x) && isFenced(s, x)))
    out.push({ level: 'warning', code: 'defined-on-fenced-node', node: n, message: `${n} is fenced and down: ${vm} stays defined there; undefine it (virsh undefine ${vm}) when ${n} is back` });
  out.push(...staleFindings(s, mayDefine.filter((x) => isReachable(s, x)), now));
  for (const [n, d] of Object.entries(f?.defs ?? {})) if (d.error) out.push({ level: 'error', code: 'domain-unread', node: n, message: `${d.error}: cannot tell what to undefine` });
  if (running.length > 1) out.push({ level: 'warning', code: 'vm-duplicate', message: `${vm} is running on ${running.join(' and ')}: every copy is stopped` });
  if (rsc) {
    out.push(...quorumFindings(s));
    if (rsc.parent) out.push({ level: 'error', code: 'resource-in-group', message: `${rsc.id} is part of ${rsc.parent}: take it out of ${rsc.parent} first` });
    if (!rsc.managed) out.push({ level: 'error', code: 'resource-unmanaged', message: `${rsc.id} is unmanaged in Pacemaker: it cannot be stopped through the cluster` });
    if (f?.constraintsError !== undefined || (f && !f.constraints)) out.push({ level: 'error', code: 'constraints-unread', message: `constraints of ${rsc.id} not read${f?.constraintsError ? `: ${f.constraintsError}` : ''}: the resource cannot be deleted while constraints name it` });
    const shared = (f?.constraints ?? []).filter((c) => c.sets && c.resources.some((r) => r !== rsc.id));
    if (shared.length) out.push({ level: 'error', code: 'constraint-shared', message: `${shared.map((c) => c.id).join(', ')} also order or place ${[...new Set(shared.flatMap((c) => c.resources.filter((r) => r !== rsc.id)))].join(', ')}: take ${rsc.id} out of the set first` });
  }
  if (t.removeStorage) {
    const unread = [...(Object.values(f?.defs ?? {}).some((d) => d.xml) ? [] : [`no definition of ${vm} was read: its volumes cannot be listed`]), ...(f?.others?.errors ?? [])];
    if (unread.length) out.push({ level: 'error', code: 'storage-unread', message: `${unread.join('; ')}: --remove-storage needs every definition to know which disks are ${vm}'s alone` });
    const sp = storagePlan(s, vm, f);
    for (const k of sp.kept.filter((x) => x.why.startsWith('also used'))) out.push({ level: 'warning', code: 'disk-shared', message: `${k.path} is ${k.why}: kept` });
  }
  return out;
}
