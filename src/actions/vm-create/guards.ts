// vm create: name, target, hugepages, NUMA fit, disks and bridges on the target. Pure.
import { mapHealth } from '../../model/multipath.js';
import { devicePath, domainName, isValid } from '../../model/names.js';
import { cpuList, getProfile, isBridgeName, pinToCell, type PinResult } from '../../profiles/index.js';
import type { VdState } from '../../store/types.js';
import { errorText } from '../error-text.js';
import type { NodesDomainReads } from '../gather.js';
import { mapForDisk } from '../migrate/guards.js';
import { lunForDisk } from '../disk-lun.js';
import { roomUnknown } from '../capacity.js';
import { claimsOf, NAME_TOKEN, vmResourceIndex } from '../../store/vm-match.js';
import { clusterManagesVms, hugepagesFreeKb, isActiveMember, isReachable, nodesDefining, quorumFindings, staleFindings, unknownNode } from '../state.js';
import type { Finding, GuardInput } from '../types.js';

export interface CreateTarget {
  name: string;
  profile: string;
  node: string;
  vcpus?: number;
  memoryMiB?: number;
  disks: string[];
  bridges: string[];
  /** Register with Pacemaker (default: when the cluster already manages VirtualDomain resources). */
  cluster?: boolean;
}

/** Domain XML of every VM on every reachable node (see createAction.gather). */
export type CreateFacts = NodesDomainReads;

/** The new VM's resource id: the site's naming rule (config vmResourceName) when set, else vm-NAME,
 *  so the panes and actions match it to the VM. */
export const createResourceId = (name: string, pattern?: string): string => (pattern ? pattern.replace(NAME_TOKEN, () => name) : `vm-${name}`);
export const managedCreate = (s: GuardInput<unknown, unknown>['state'], t: CreateTarget): boolean => t.cluster ?? clusterManagesVms(s);
export const sizes = (t: CreateTarget) => {
  const p = getProfile(t.profile);
  return { vcpus: t.vcpus ?? p.defaults.vcpus, memoryMiB: t.memoryMiB ?? p.defaults.memoryMiB };
};

/**
 * Host CPUs the domains defined on a node pin, running or not (a stopped VM takes its pins back
 * when it starts): `vcpus` are dedicated to their vCPUs, `emulators` maps each CPU their emulator
 * threads are pinned to to those VMs.
 */
export function pinnedCpus(facts: CreateFacts, node: string, except: string): { vcpus: Set<number>; emulators: Map<number, string[]> } {
  const vcpus = new Set<number>();
  const emulators = new Map<number, string[]>();
  for (const [vm, d] of Object.entries(facts.byNode[node] ?? {})) {
    if (vm === except) continue;
    for (const pin of d.vcpuPins ?? []) pin.cpus.forEach((c) => vcpus.add(c));
    for (const c of d.emulatorPin ?? []) emulators.set(c, [...(emulators.get(c) ?? []), vm]);
  }
  return { vcpus, emulators };
}

/** Static pinning for the profile on the target, around the CPUs other domains pin; undefined for auto placement. */
export function createPinning(s: VdState, t: CreateTarget, facts: CreateFacts): PinResult | undefined {
  const profile = getProfile(t.profile);
  if (profile.cpuPlacement !== 'static') return undefined;
  const { vcpus, memoryMiB } = sizes(t);
  const pinned = pinnedCpus(facts, t.node, t.name);
  return pinToCell(s.nodes[t.node]?.capabilities, vcpus, memoryMiB * 1024, profile.hugepageKb, pinned.vcpus, new Set(pinned.emulators.keys()));
}

/** vCPUs that had to go on CPUs where other VMs' emulator threads run: they compete with them. */
function emulatorOverlap(facts: CreateFacts, t: CreateTarget, cpus: readonly number[]): Finding[] {
  const { emulators } = pinnedCpus(facts, t.node, t.name);
  const byVm = new Map<string, number[]>();
  for (const c of cpus) for (const vm of emulators.get(c) ?? []) byVm.set(vm, [...(byVm.get(vm) ?? []), c]);
  return [...byVm].map(([vm, cs]) => ({
    level: 'warning' as const,
    code: 'emulator-overlap',
    node: t.node,
    message: `${t.node}: no other CPU left, so vCPUs of ${t.name} use CPU(s) ${cpuList(cs)} where ${vm}'s emulator threads are pinned; narrow them (virsh emulatorpin ${vm} CPUS --live --config)`,
  }));
}

/**
 * What identifies a disk across nodes: the multipath WWID when the node maps the path to a map
 * (user_friendly_names may differ per node), else the path itself.
 */
export function diskIdentity(s: VdState, node: string, path: string): string {
  const l = lunForDisk(s.nodes[node]?.multipath ?? [], path);
  return l?.map.wwid ? `wwid:${l.map.wwid}${l.partition ? `/part${l.partition}` : ''}` : `path:${path}`;
}

/** Same disk, or a LUN and one of its partitions (both write the same blocks). */
const overlaps = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

const SHARED_MEDIA = new Set(['cdrom', 'floppy']);

/** VM → nodes, for every VM (other than the new one) whose domain XML uses the disk. */
export function diskUsers(s: VdState, t: CreateTarget, disk: string, facts: CreateFacts): Map<string, string[]> {
  const want = diskIdentity(s, t.node, disk);
  const users = new Map<string, string[]>();
  for (const [node, domains] of Object.entries(facts.byNode)) {
    for (const [vm, d] of Object.entries(domains)) {
      if (vm === t.name) continue;
      const uses = d.disks.some((x) => x.source !== undefined && !SHARED_MEDIA.has(x.device) && overlaps(diskIdentity(s, node, x.source), want));
      if (uses) users.set(vm, [...(users.get(vm) ?? []), node]);
    }
  }
  return users;
}

export function createGuards({ state: s, target: t, facts, now }: GuardInput<CreateTarget, CreateFacts>): Finding[] {
  const out: Finding[] = [];
  if (!isValid(domainName, t.name)) {
    try {
      domainName(t.name);
    } catch (e) {
      out.push({ level: 'error', code: 'invalid-name', message: errorText(e) });
    }
    return out;
  }
  let profile;
  try {
    profile = getProfile(t.profile);
  } catch (e) {
    return [{ level: 'error', code: 'unknown-profile', message: errorText(e) }];
  }
  const unknown = unknownNode(s, t.node);
  if (unknown.length) return unknown;
  const defined = nodesDefining(s, t.name);
  if (defined.length > 0) out.push({ level: 'error', code: 'name-exists', message: `a VM named ${t.name} already exists on ${defined.join(', ')}` });
  const managed = managedCreate(s, t);
  const rid = createResourceId(t.name, s.cluster.vmResourceName);
  if (managed && (s.cluster.crm?.resources ?? []).some((r) => r.id === rid)) out.push({ level: 'error', code: 'name-exists', message: `Pacemaker resource ${rid} already exists` });
  // Another resource the name would also match (e.g. rsc_NAME) would make the new VM ambiguous.
  else if (managed) {
    const taken = claimsOf(vmResourceIndex(s.cluster.crm?.resources ?? [], s.cluster.vmResourceName), t.name);
    if (taken.length) out.push({ level: 'error', code: 'name-exists', message: `Pacemaker resource ${taken.map((r) => r.id).join(', ')} already matches the name ${t.name}` });
  }
  if (managed) out.push(...quorumFindings(s));
  if (!isActiveMember(s, t.node)) out.push({ level: 'error', code: 'target-not-active', node: t.node, message: `${t.node} is not an online, non-standby, reachable node` });
  out.push(...staleFindings(s, [t.node], now, ['capabilities', 'multipath', 'network']));
  // The name must be unique on every node: the other nodes' VM lists must be current, and a node
  // that cannot be read might define it already.
  const others = s.nodeOrder.filter((n) => n !== t.node);
  out.push(...staleFindings(s, others.filter((n) => isReachable(s, n)), now).filter((f) => f.node));
  for (const n of others.filter((x) => !isReachable(s, x))) out.push({ level: 'warning', code: 'name-unchecked', node: n, message: `${n} is not reachable: whether it defines a VM named ${t.name} was not checked` });
  const { vcpus, memoryMiB } = sizes(t);
  const memKb = memoryMiB * 1024;
  const slice = s.nodes[t.node];
  const unknownRoom = roomUnknown(s, t.node);
  if (unknownRoom) out.push({ level: 'error', code: 'capacity-unknown', node: t.node, message: `unknown: ${unknownRoom}; ${t.name} needs ${memoryMiB} MiB` });
  else if (profile.hugepageKb) {
    const free = hugepagesFreeKb(slice, profile.hugepageKb);
    if (free < memKb) out.push({ level: 'error', code: 'no-hugepages', node: t.node, message: `${t.node} has ${Math.floor(free / 1024)} MiB free in ${profile.hugepageKb} kB hugepages; ${t.name} needs ${memoryMiB} MiB` });
  } else if ((slice?.host?.mem.memAvailableKb ?? 0) < memKb) {
    out.push({ level: 'error', code: 'insufficient-capacity', node: t.node, message: `${t.node} has ${Math.floor((slice?.host?.mem.memAvailableKb ?? 0) / 1024)} MiB available; ${t.name} needs ${memoryMiB} MiB` });
  }
  if ((slice?.host?.mem.swapTotalKb ?? 0) > 0) out.push({ level: 'warning', code: 'host-swap', node: t.node, message: `${t.node} has swap enabled: guest memory may be swapped out under pressure` });
  const pin = createPinning(s, t, facts);
  if (pin && !pin.ok) out.push({ level: 'error', code: 'pinning-does-not-fit', node: t.node, message: `${vcpus} pinned vCPUs and ${memoryMiB} MiB do not fit one NUMA cell of ${t.node}: ${pin.reason}` });
  if (pin?.ok) out.push(...emulatorOverlap(facts, t, pin.pinning.cpus));
  if (t.disks.length === 0) out.push({ level: 'warning', code: 'no-disk', message: `${t.name} has no disk (--disk /dev/mapper/NAME)` });
  for (const d of t.disks) {
    if (!isValid(devicePath, d)) {
      out.push({ level: 'error', code: 'invalid-disk', message: `invalid disk path ${JSON.stringify(d)}` });
      continue;
    }
    const maps = slice?.multipath ?? [];
    const m = mapForDisk(maps, d);
    if (!m && d.startsWith('/dev/mapper/')) out.push({ level: 'error', code: 'lun-missing', node: t.node, message: `${t.node} has no multipath map ${d}` });
    else if (m && mapHealth(m).health !== 'ok') out.push({ level: 'error', code: 'lun-degraded', node: t.node, message: `${t.node}: ${m.name} has failed paths` });
    // Two guests writing one LUN corrupt it: refuse a disk any other VM's XML names.
    for (const [vm, nodes] of diskUsers(s, t, d, facts)) out.push({ level: 'error', code: 'disk-in-use', node: t.node, message: `${d} is already used by VM ${vm} (defined on ${nodes.join(', ')})` });
  }
  if (facts.errors.length > 0) {
    const shown = facts.errors.slice(0, 3).join('; ');
    const more = facts.errors.length > 3 ? ` and ${facts.errors.length - 3} more` : '';
    out.push({ level: 'warning', code: 'domain-xml-unknown', message: `domain XML not read (${shown}${more}): disks in use${profile.cpuPlacement === 'static' ? ' and pinned CPUs' : ''} of those VMs not checked` });
  }
  for (const b of t.bridges) {
    if (!isBridgeName(b)) out.push({ level: 'error', code: 'invalid-bridge', message: `invalid bridge name ${JSON.stringify(b)}` });
    else if (slice?.nics && !slice.nics.some((n) => n.iface === b)) out.push({ level: 'error', code: 'bridge-missing', node: t.node, message: `${t.node} has no bridge ${b}` });
    else if (!slice?.nics) out.push({ level: 'warning', code: 'network-unknown', node: t.node, message: `interfaces of ${t.node} unknown; bridge ${b} not checked` });
  }
  return out;
}
