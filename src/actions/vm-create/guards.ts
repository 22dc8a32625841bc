// vm create: name, target, hugepages, NUMA fit, disks and bridges on the target. Pure.
import { mapHealth } from '../../model/multipath.js';
import { devicePath, domainName, isValid } from '../../model/names.js';
import { getProfile, pinToCell } from '../../profiles/index.js';
import { mapForDisk } from '../migrate/guards.js';
import { clusterManagesVms, hugepagesFreeKb, isActiveMember, nodesDefining, quorumFindings, staleFindings, unknownNode } from '../state.js';
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

export const createResourceId = (name: string): string => `vm-${name}`;
export const managedCreate = (s: GuardInput<unknown, unknown>['state'], t: CreateTarget): boolean => t.cluster ?? clusterManagesVms(s);
export const sizes = (t: CreateTarget) => {
  const p = getProfile(t.profile);
  return { vcpus: t.vcpus ?? p.defaults.vcpus, memoryMiB: t.memoryMiB ?? p.defaults.memoryMiB };
};
const BRIDGE = /^[A-Za-z0-9_.:-]{1,15}$/;

export function createGuards({ state: s, target: t, now }: GuardInput<CreateTarget, unknown>): Finding[] {
  const out: Finding[] = [];
  if (!isValid(domainName, t.name)) {
    try {
      domainName(t.name);
    } catch (e) {
      out.push({ level: 'error', code: 'invalid-name', message: e instanceof Error ? e.message : String(e) });
    }
    return out;
  }
  let profile;
  try {
    profile = getProfile(t.profile);
  } catch (e) {
    return [{ level: 'error', code: 'unknown-profile', message: e instanceof Error ? e.message : String(e) }];
  }
  const unknown = unknownNode(s, t.node);
  if (unknown.length) return unknown;
  const defined = nodesDefining(s, t.name);
  if (defined.length > 0) out.push({ level: 'error', code: 'name-exists', message: `a VM named ${t.name} already exists on ${defined.join(', ')}` });
  const managed = managedCreate(s, t);
  if (managed && (s.cluster.crm?.resources ?? []).some((r) => r.id === createResourceId(t.name))) out.push({ level: 'error', code: 'name-exists', message: `Pacemaker resource ${createResourceId(t.name)} already exists` });
  if (managed) out.push(...quorumFindings(s));
  if (!isActiveMember(s, t.node)) out.push({ level: 'error', code: 'target-not-active', node: t.node, message: `${t.node} is not an online, non-standby, reachable node` });
  out.push(...staleFindings(s, [t.node], now, ['capabilities', 'multipath', 'network']));
  const { vcpus, memoryMiB } = sizes(t);
  const memKb = memoryMiB * 1024;
  const slice = s.nodes[t.node];
  if (profile.hugepageKb) {
    const free = hugepagesFreeKb(slice, profile.hugepageKb);
    if (free < memKb) out.push({ level: 'error', code: 'no-hugepages', node: t.node, message: `${t.node} has ${Math.floor(free / 1024)} MiB free in ${profile.hugepageKb} kB hugepages; ${t.name} needs ${memoryMiB} MiB` });
  } else if ((slice?.host?.mem.memAvailableKb ?? 0) < memKb) {
    out.push({ level: 'error', code: 'insufficient-capacity', node: t.node, message: `${t.node} has ${Math.floor((slice?.host?.mem.memAvailableKb ?? 0) / 1024)} MiB available; ${t.name} needs ${memoryMiB} MiB` });
  }
  if ((slice?.host?.mem.swapTotalKb ?? 0) > 0) out.push({ level: 'warning', code: 'host-swap', node: t.node, message: `${t.node} has swap enabled: guest memory may be swapped out under pressure` });
  if (profile.cpuPlacement === 'static') {
    const pin = pinToCell(slice?.capabilities, vcpus, memKb, profile.hugepageKb);
    if (!pin.ok) out.push({ level: 'error', code: 'pinning-does-not-fit', node: t.node, message: `${vcpus} pinned vCPUs and ${memoryMiB} MiB do not fit one NUMA cell of ${t.node}: ${pin.reason}` });
  }
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
  }
  for (const b of t.bridges) {
    if (!BRIDGE.test(b)) out.push({ level: 'error', code: 'invalid-bridge', message: `invalid bridge name ${JSON.stringify(b)}` });
    else if (slice?.nics && !slice.nics.some((n) => n.iface === b)) out.push({ level: 'error', code: 'bridge-missing', node: t.node, message: `${t.node} has no bridge ${b}` });
    else if (!slice?.nics) out.push({ level: 'warning', code: 'network-unknown', node: t.node, message: `interfaces of ${t.node} unknown; bridge ${b} not checked` });
  }
  return out;
}
