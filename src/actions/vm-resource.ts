// The guards' view of "which Pacemaker resource runs this VM" (rules in src/store/vm-match.ts):
// exact, and an ambiguous or unknown name refuses with the candidates listed, because the plan
// built from a wrong match stops or moves another VM.
import type { CrmResource } from '../model/pacemaker.js';
import type { VdState } from '../store/types.js';
import { matchVmResource, vmResourceIndex, type VmMatch } from '../store/vm-match.js';
import type { Finding } from './types.js';

/** Resource id → the domain <name> its `config` file holds (read by readVmDomains when gathering). */
export type VmDomains = ReadonlyMap<string, string>;

/** Every domain name libvirt reports on any node. */
export function domainNames(s: VdState): Set<string> {
  const set = new Set<string>();
  for (const n of s.nodeOrder) for (const v of s.nodes[n]?.vms ?? []) set.add(v.name);
  return set;
}

export function vmMatch(s: VdState, vm: string, domains?: VmDomains): VmMatch {
  let names: Set<string> | undefined; // built only when a name-rule match needs its rivals checked
  return matchVmResource(vmResourceIndex(s.cluster.crm?.resources ?? [], s.cluster.vmResourceName), vm, { ...(domains ? { domains } : {}), known: (n) => (names ??= domainNames(s)).has(n) });
}

const ids = (rs: readonly CrmResource[]): string => rs.map((r) => r.id).join(', ');

/** Refusals when the VM's resource is ambiguous, or when the name is neither a domain nor a
 *  resource's while resources whose id merely contains it exist (listed as what may be meant;
 *  the old substring rule would have acted on one of them). */
export function vmResourceFindings(s: VdState, vm: string, domains?: VmDomains): Finding[] {
  const m = vmMatch(s, vm, domains);
  if (m.candidates.length > 1)
    return [{ level: 'error', code: 'vm-resource-ambiguous', message: `${vm} matches more than one Pacemaker resource (${ids(m.candidates)}); refusing to guess: give each VirtualDomain resource a config whose <name> is its domain` }];
  if (m.rivals.length)
    return [{ level: 'error', code: 'vm-resource-ambiguous', message: `Pacemaker resource ${ids(m.candidates)} fits both domain ${vm} and ${m.rivals.join(', ')} by its name; refusing to guess which one it runs (candidates: ${[vm, ...m.rivals].join(', ')})` }];
  if (domains) {
    // The plan, verify and the panes match by name; acting needs both rules to agree.
    const byName = vmMatch(s, vm);
    if (byName.resource?.id !== m.resource?.id) {
      const cfg = [...domains].filter(([, d]) => d === vm).map(([id]) => id);
      const named = byName.resource ? `${byName.resource.id}, whose config names domain ${domains.get(byName.resource.id) ?? '(not read)'}` : 'none';
      return [{ level: 'error', code: 'vm-resource-mismatch', message: `${vm}: the resource its name gives (${named}) is not the resource whose config file names ${vm} (${cfg.join(', ') || 'none'}); refusing to guess: rename the resource or fix its config` }];
    }
  }
  if (m.resource || domainNames(s).has(vm)) return [];
  const near = vmResourceIndex(s.cluster.crm?.resources ?? []).virtualDomains.filter((r) => r.id.includes(vm) || (domains?.get(r.id) ?? '').includes(vm));
  if (!near.length) return [];
  return [{ level: 'error', code: 'vm-unknown', message: `${vm} is not a domain on any node and no Pacemaker resource belongs to it (resources with similar names: ${ids(near.slice(0, 8))}${near.length > 8 ? ', …' : ''}); name the VM exactly` }];
}
