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
  /** VirtualDomain primitives by id (the first of each id). */
  vdById: Map<string, CrmResource>;
  /** The naming rule (undefined = the default forms). */
  pattern?: string;
  /** claimsOf results per name asked: rows are re-matched on every VM list change of a node,
   *  while the resources (and so this index) usually stay the same. */
  claimCache: Map<string, readonly CrmResource[]>;
}

/** Per resources array, per naming rule ('' = default forms). Built per crm_mon change, so it
 *  holds only what the old index held (by id); a name's candidates are looked up (≤ 6 gets). */
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
  const vdById = new Map<string, CrmResource>();
  for (const r of flattenResources(resources)) {
    if (r.kind !== 'primitive') continue;
    if (!byId.has(r.id)) byId.set(r.id, r);
    if (!isVirtualDomain(r) || vdById.has(r.id)) continue;
    virtualDomains.push(r);
    vdById.set(r.id, r);
  }
  const idx: VmResourceIndex = { byId, virtualDomains, vdById, claimCache: new Map(), ...(pattern !== undefined ? { pattern } : {}) };
  if (!byPattern) cache.set(resources, (byPattern = new Map()));
  byPattern.set(pattern ?? '', idx);
  return idx;
}

/** VirtualDomain resources whose id `name` gives under the naming rule. */
const NONE: readonly CrmResource[] = [];

export function claimsOf(idx: VmResourceIndex, name: string): readonly CrmResource[] {
  const hit = idx.claimCache.get(name);
  if (hit) return hit;
  const out: CrmResource[] = [];
  const add = (id: string) => {
    const r = idx.vdById.get(id);
    if (r && !out.includes(r)) out.push(r);
  };
  if (idx.pattern !== undefined) add(idx.pattern.replace(NAME_TOKEN, () => name)); // a function: "$&" in a name stays literal
  else {
    add(name);
    for (const p of VM_RESOURCE_PREFIXES) add(p + name);
  }
  const r = out.length ? out : NONE;
  idx.claimCache.set(name, r);
  return r;
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
  for (const r of claimsOf(idx, vmName)) if (!o.domains?.has(r.id) && !candidates.includes(r)) candidates.push(r);
  if (candidates.length !== 1) return { candidates, rivals: [] };
  const r = candidates[0]!;
  // A config-read owner is exact; a name-rule owner must be the only existing domain the rule allows.
  const rivals = o.domains?.has(r.id) || !o.known ? [] : namesForId(r.id, idx.pattern).filter((n) => n !== vmName && o.known!(n));
  return rivals.length ? { candidates, rivals } : { resource: r, candidates, rivals };
}

/** The one resource of a domain, or undefined when none or ambiguous (the panes show nothing
 *  rather than a wrong resource). */
export function findVmResource(idx: VmResourceIndex, vmName: string, o?: VmMatchOptions): CrmResource | undefined {
  return matchVmResource(idx, vmName, o).resource;
}

/** The resource a domain of this exact name would contest under the default rule: a
 *  VirtualDomain whose id is `name` and also reads as prefix + another name ("vm-db" beside "db").
 *  Undefined for a site naming rule (one form only: nothing to contest). */
export function prefixedIdClaim(idx: VmResourceIndex, name: string): CrmResource | undefined {
  if (idx.pattern !== undefined) return undefined;
  const r = idx.vdById.get(name);
  return r && r.id.length > 0 && VM_RESOURCE_PREFIXES.some((p) => r.id.length > p.length && r.id.startsWith(p)) ? r : undefined;
}

/** Of the (resource, name) pairs prefixedIdClaim found, the ids another existing domain claims
 *  too, sorted (a cheap equality key). */
export function contestedOfClaims(claims: Iterable<readonly [CrmResource, string]>, exists: (name: string) => boolean): string[] {
  const out = new Set<string>();
  for (const [r, n] of claims) if (!out.has(r.id) && namesForId(r.id).some((x) => x !== n && exists(x))) out.add(r.id);
  return [...out].sort();
}

/** Resources two or more existing domains claim under the naming rule, ids sorted (a cheap
 *  equality key). Only the default forms allow it, and only through a domain named exactly like a
 *  prefixed resource id ("vm-db" beside "db"), so a pass over the names finds those first and
 *  builds the set of names only then. `names` is called once or twice. */
export function contestedResources(idx: VmResourceIndex, names: () => Iterable<string>): string[] {
  if (idx.pattern !== undefined) return [];
  const maybe: [CrmResource, string][] = [];
  for (const n of names()) {
    const r = prefixedIdClaim(idx, n);
    if (r) maybe.push([r, n]);
  }
  if (!maybe.length) return [];
  const all = new Set(names());
  return contestedOfClaims(maybe, (x) => all.has(x));
}
