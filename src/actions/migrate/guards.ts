// Preflight for a live migration. Pure: state + the VM's domain XML facts → findings.
import type { HostCapabilities } from '../../model/host.js';
import { mapHealth, type MultipathMap } from '../../model/multipath.js';
import type { VdState } from '../../store/types.js';
import type { DomainXmlInfo } from '../../model/vm.js';
import { loadOf, misfit, roomOf } from '../placement.js';
import { autostartFindings, crmNode, isReachable, nodesRunning, quorumFindings, resourceForVm, staleFindings, unknownNode } from '../state.js';
import type { Finding, GuardInput } from '../types.js';
import { vmResourceFindings } from '../vm-resource.js';
import { lunForDisk, sameLun } from '../disk-lun.js';
import { domainsOf, type VmConfigFacts } from '../vm-config.js';

export interface MigrateTarget {
  vm: string;
  node: string;
}
export interface MigrateFacts extends Partial<VmConfigFacts> {
  source?: string;
  domain?: DomainXmlInfo;
  error?: string;
  /** `dumpxml --inactive` digests when the VM is also defined on the target. */
  drift?: { source: string; target: string };
}

export function cpuFindings(src: HostCapabilities | undefined, dst: HostCapabilities | undefined, target: string): Finding[] {
  if (!src?.cpuModel || !dst?.cpuModel) return [{ level: 'warning', code: 'cpu-unknown', node: target, message: `host CPU model unknown on ${!src?.cpuModel ? 'the source' : target}; compatibility not checked` }];
  if (src.cpuModel === dst.cpuModel && src.cpuVendor === dst.cpuVendor) return [];
  const dstF = new Set(dst.cpuFeatures);
  const missing = src.cpuFeatures.filter((f) => !dstF.has(f));
  if (src.cpuVendor === dst.cpuVendor && missing.length === 0) return [];
  return [{ level: 'error', code: 'cpu-incompatible', node: target, message: `${target} CPU ${dst.cpuVendor ?? ''} ${dst.cpuModel} lacks what the source offers (${src.cpuModel}${missing.length ? `; missing ${missing.slice(0, 5).join(', ')}` : ''}); a host-passthrough guest would crash` }];
}

/** The multipath map a disk source points at (a kpartx partition's too), if any. */
export function mapForDisk(maps: readonly MultipathMap[], source: string): MultipathMap | undefined {
  return lunForDisk(maps, source)?.map;
}

export function lunFindings(s: VdState, source: string, target: string, d: DomainXmlInfo): Finding[] {
  const out: Finding[] = [];
  const srcMaps = s.nodes[source]?.multipath ?? [];
  const dstMaps = s.nodes[target]?.multipath;
  for (const disk of d.disks) {
    if (!disk.source) continue;
    // Not a map on the source (its multipath data may lag): a /dev/mapper path is still a LUN
    // the target must have, looked up there by name.
    const m = mapForDisk(srcMaps, disk.source);
    if (!m && !disk.source.startsWith('/dev/mapper/')) continue;
    if (!dstMaps) {
      out.push({ level: 'warning', code: 'lun-unknown', node: target, message: `multipath state of ${target} unknown; ${d.name}'s disk ${disk.source} not checked` });
      continue;
    }
    const t = m ? sameLun(dstMaps, m) : mapForDisk(dstMaps, disk.source);
    if (!t) {
      out.push({ level: 'error', code: 'lun-missing', node: target, message: `${target} has no multipath map for ${d.name}'s disk ${disk.source}` });
      continue;
    }
    const h = mapHealth(t);
    if (h.health !== 'ok') out.push({ level: 'error', code: 'lun-degraded', node: target, message: `${target}: ${t.name} (${d.name}'s disk) has ${h.active}/${h.total} healthy paths` });
  }
  return out;
}

export function networkFindings(s: VdState, target: string, d: DomainXmlInfo): Finding[] {
  const out: Finding[] = [];
  const ifaces = s.nodes[target]?.nics?.map((n) => n.iface);
  const bonds = s.nodes[target]?.bonds?.map((b) => b.name) ?? [];
  for (const nic of d.interfaces) {
    if (nic.type === 'bridge' && nic.source) {
      if (!ifaces) out.push({ level: 'warning', code: 'network-unknown', node: target, message: `interfaces of ${target} unknown; bridge ${nic.source} not checked` });
      else if (!ifaces.includes(nic.source) && !bonds.includes(nic.source)) out.push({ level: 'error', code: 'bridge-missing', node: target, message: `${target} has no bridge ${nic.source} (used by ${d.name})` });
    } else if (nic.source) {
      out.push({ level: 'warning', code: 'network-unknown', node: target, message: `${d.name} uses ${nic.type} ${nic.source}; not checked on ${target}` });
    }
  }
  return out;
}

export function migrateGuards({ state: s, target, facts, now, opts }: GuardInput<MigrateTarget, MigrateFacts>): Finding[] {
  const { vm, node } = target;
  const unknown = unknownNode(s, node);
  if (unknown.length) return unknown;
  const out: Finding[] = [...quorumFindings(s), ...vmResourceFindings(s, vm, domainsOf(facts))];
  const running = nodesRunning(s, vm);
  if (running.length === 0) return [...out, { level: 'error', code: 'vm-not-running', message: `${vm} is not running on any node` }];
  if (running.length > 1) return [...out, { level: 'error', code: 'vm-duplicate', message: `${vm} is running on ${running.join(' and ')}: split brain, resolve before migrating` }];
  const source = running[0]!;
  if (source === node) return [...out, { level: 'error', code: 'already-there', message: `${vm} already runs on ${node}` }];
  out.push(...staleFindings(s, [source, node], now, ['multipath', 'network']));
  const cn = crmNode(s, node);
  if (!cn || !cn.online) out.push({ level: 'error', code: 'target-offline', node, message: `${node} is not online in Pacemaker` });
  else if (cn.standby) out.push({ level: 'error', code: 'target-standby', node, message: `${node} is in standby` });
  if (!isReachable(s, node)) out.push({ level: 'error', code: 'target-unreachable', node, message: `${node} is not reachable over SSH` });
  const rsc = resourceForVm(s, vm);
  if (rsc && !rsc.managed) out.push({ level: 'error', code: 'resource-unmanaged', message: `${rsc.id} is unmanaged in Pacemaker` });
  if (rsc && (s.cluster.crm?.bans ?? []).some((b) => b.resource === rsc.id)) out.push({ level: 'warning', code: 'leftover-constraint', message: `${rsc.id} already has a ban constraint; it may keep it off ${node}` });
  out.push(...autostartFindings(s, vm));
  if (facts.drift && facts.drift.source !== facts.drift.target)
    out.push({ level: 'warning', code: 'xml-drift', node, message: `${vm}'s domain XML on ${node} differs from ${source}'s (dumpxml --inactive); ${rsc ? 'a later restart there uses the other definition' : 'the migration overwrites it'}: run cluster validate` });
  if (facts.error) out.push({ level: 'warning', code: 'domain-xml-unknown', node: source, message: `${facts.error}; disks, bridges and hugepages not checked` });
  for (const p of facts.domain?.problems ?? []) out.push({ level: 'warning', code: 'domain-xml-partial', node: source, message: `${p}: not read (the rest of the domain XML is checked)` });
  const load = loadOf(s, source, vm, facts.domain);
  const room = roomOf(s, node, opts.vcpuOvercommit);
  const why = misfit(room, load);
  if (why) out.push({ level: 'error', code: room.unknown || load.unknown ? 'capacity-unknown' : load.hugepageKb ? 'no-hugepages' : 'insufficient-capacity', node, message: why });
  out.push(...cpuFindings(s.nodes[source]?.capabilities, s.nodes[node]?.capabilities, node));
  if (facts.domain) out.push(...lunFindings(s, source, node, facts.domain), ...networkFindings(s, node, facts.domain));
  return out;
}
