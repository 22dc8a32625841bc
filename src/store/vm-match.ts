// Which Pacemaker resource runs a libvirt domain? Sites name them differently, so try, in order:
// the id equals the domain name, the id is a common prefix + the name, or a VirtualDomain
// primitive whose id contains the name (shortest such id wins).
import { flattenResources, type CrmResource } from '../model/pacemaker.js';

export const VM_RESOURCE_PREFIXES = ['vm-', 'vm_', 'res-', 'rsc_', 'p_'] as const;

export interface VmResourceIndex {
  byId: Map<string, CrmResource>;
  virtualDomains: CrmResource[];
}

const cache = new WeakMap<readonly CrmResource[], VmResourceIndex>();

export const isVirtualDomain = (r: CrmResource): boolean => r.kind === 'primitive' && /(^|:)VirtualDomain$/.test(r.agent ?? '');
export const isStonith = (r: CrmResource): boolean => r.kind === 'primitive' && (r.agent ?? '').startsWith('stonith:');

export function vmResourceIndex(resources: readonly CrmResource[]): VmResourceIndex {
  const hit = cache.get(resources);
  if (hit) return hit;
  const byId = new Map<string, CrmResource>();
  const virtualDomains: CrmResource[] = [];
  for (const r of flattenResources(resources)) {
    if (r.kind !== 'primitive') continue;
    if (!byId.has(r.id)) byId.set(r.id, r);
    if (isVirtualDomain(r)) virtualDomains.push(r);
  }
  const idx = { byId, virtualDomains };
  cache.set(resources, idx);
  return idx;
}

export function findVmResource(idx: VmResourceIndex, vmName: string): CrmResource | undefined {
  const exact = idx.byId.get(vmName);
  if (exact) return exact;
  for (const p of VM_RESOURCE_PREFIXES) {
    const r = idx.byId.get(p + vmName);
    if (r) return r;
  }
  let best: CrmResource | undefined;
  for (const r of idx.virtualDomains) if (r.id.includes(vmName) && (!best || r.id.length < best.id.length)) best = r;
  return best;
}
