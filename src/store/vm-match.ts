// Which Pacemaker resource runs a libvirt domain? Exactly, never by substring (a "contains" rule
// once planned `vm stop eb` as a stop of vm-web01). A VirtualDomain resource belongs to:
//   1. the domain its `config` file names in <name>, when that was read (`domains`), else
//   2. the name its id gives under the naming rule: the site's `pattern` (e.g. "vm-{name}"), or by
//      default the id itself or a common prefix + the name (vm-, vm_, res-, rsc_, p_).
// The default rule has several forms, so one id can be claimed by two names (resource "vm-db"
// by domain "vm-db" and by domain "db"): when both domains exist the match is ambiguous.
import { flattenResources, type CrmResource } from '../model/pacemaker.js';

export const VM_RESOURCE_PREFIXES = ['vm-', 'vm_', 'res-', 'rsc_', 'p_'] as const;

/** `{name}` stands for the domain name; anything else is literal. */
export const NAME_TOKEN = '{name}';

export interface VmResourceIndex {
  byId: Map<string, CrmResource>;
  virtualDomains: CrmResource[];
  /** The naming rule the claims were made with (undefined = the default forms). */
  pattern?: string;
  /** Domain name → VirtualDomain resources whose id that name gives under the naming rule. */
  claims: Map<string, CrmResource[]>;
  /** Resource id → every domain name that could claim it under the rule. */
  claimants: Map<string, string[]>;
}

/** Per resources array, per naming rule ('' = default forms). */
const cache = new WeakMap<readonly CrmResource[], Map<string, VmResourceIndex>>();

export const isVirtualDomain = (r: CrmResource): boolean => r.kind === 'primitive' && /(^|:)VirtualDomain$/.test(r.agent ?? '');
export const isStonith = (r: CrmResource): boolean => r.kind === 'primitive' && (r.agent ?? '').startsWith('stonith:');

/** Checks a site naming rule: one `{name}` and nothing else braced. Returns the problem or undefined. */
export function patternProblem(p: string): string | undefined {
  const at = p.indexOf(NAME_TOKEN);
  if (at < 0 || p.indexOf(NAME_TOKEN, at + 1) >= 0) return `must contain ${NAME_TOKEN} exactly once (e.g. "vm-{name}")`;
  if (/[{}]/.test(p.slice(0, at) + p.slice(at + NAME_TOKEN.length))) return `only ${NAME_TOKEN} may be braced`;
  return undefined;
}

/** Domain names a resource id stands for under the rule (several only for the default forms). */
export function namesForId(id: string, pattern?: string): string[] {
  if (pattern !== undefined) {
    const at = pattern.indexOf(NAME_TOKEN);
    const pre = pattern.slice(0, at);
    const post = pattern.slice(at + NAME_TOKEN.length);
    return id.length > pre.length + post.length && id.startsWith(pre) && id.endsWith(post) ? [id.slice(pre.length, id.length - post.length)] : [];
  }
  const out = [id];
  for (const p of VM_RESOURCE_PREFIXES) if (id.length > p.length && id.startsWith(p)) out.push(id.slice(p.length));
  return out;
}

export function vmResourceIndex(resources: readonly CrmResource[], pattern?: string): VmResourceIndex {
  let byPattern = cache.get(resources);
  const hit = byPattern?.get(pattern ?? '');
  if (hit) return hit;
  const byId = new Map<string, CrmResource>();
  const virtualDomains: CrmResource[] = [];
  const claims = new Map<string, CrmResource[]>();
  const claimants = new Map<string, string[]>();
  for (const r of flattenResources(resources)) {
    if (r.kind !== 'primitive') continue;
    if (!byId.has(r.id)) byId.set(r.id, r);
    if (!isVirtualDomain(r) || claimants.has(r.id)) continue;
    virtualDomains.push(r);
    const names = namesForId(r.id, pattern);
    claimants.set(r.id, names);
    for (const n of names) {
      const list = claims.get(n);
      if (list) list.push(r);
      else claims.set(n, [r]);
    }
  }
  const idx: VmResourceIndex = { byId, virtualDomains, claims, claimants, ...(pattern !== undefined ? { pattern } : {}) };
  if (!byPattern) cache.set(resources, (byPattern = new Map()));
  byPattern.set(pattern ?? '', idx);
  return idx;
}

export interface VmMatchOptions {
  /** Resource id → the <name> in its `config` file, where that was read: such a resource matches
   *  that domain only, whatever its id says. */
  domains?: ReadonlyMap<string, string>;
  /** Is there a domain of this name (anywhere in the cluster)? Used to see that another domain
   *  claims the same resource under the default rule. Absent = only the asked name is known. */
  known?: (name: string) => boolean;
}

export interface VmMatch {
  /** Set only when exactly one resource matches and no other domain claims it. */
  resource?: CrmResource;
  /** Every resource the name could mean (more than one, or one with `rivals` = ambiguous). */
  candidates: CrmResource[];
  /** Other existing domains that claim the single candidate under the naming rule. */
  rivals: string[];
}

export function matchVmResource(idx: VmResourceIndex, vmName: string, o: VmMatchOptions = {}): VmMatch {
  const candidates: CrmResource[] = [];
  if (o.domains) for (const r of idx.virtualDomains) if (o.domains.get(r.id) === vmName) candidates.push(r);
  for (const r of idx.claims.get(vmName) ?? []) if (!o.domains?.has(r.id) && !candidates.includes(r)) candidates.push(r);
  if (candidates.length !== 1) return { candidates, rivals: [] };
  const r = candidates[0]!;
  // A config-read owner is exact; a name-rule owner must be the only existing domain the rule allows.
  const rivals = o.domains?.has(r.id) || !o.known ? [] : (idx.claimants.get(r.id) ?? []).filter((n) => n !== vmName && o.known!(n));
  return rivals.length ? { candidates, rivals } : { resource: r, candidates, rivals };
}

/** The one resource of a domain, or undefined when none or ambiguous (the panes show nothing
 *  rather than a wrong resource). */
export function findVmResource(idx: VmResourceIndex, vmName: string, o?: VmMatchOptions): CrmResource | undefined {
  return matchVmResource(idx, vmName, o).resource;
}

/** Resources two or more existing domains claim under the naming rule (`names` = every domain
 *  name in the cluster, duplicates allowed): ids in sorted order, for a cheap equality key. */
export function contestedResources(idx: VmResourceIndex, names: Iterable<string>): string[] {
  const first = new Map<string, string>();
  const out = new Set<string>();
  for (const n of names) {
    for (const r of idx.claims.get(n) ?? []) {
      const f = first.get(r.id);
      if (f === undefined) first.set(r.id, n);
      else if (f !== n) out.add(r.id);
    }
  }
  return [...out].sort();
}
