// Guards for node standby / online. Pure: (state, target, facts, now) → findings.
import type { Finding, GuardInput } from '../types.js';
import { vmResourceFindings } from '../vm-resource.js';
import { capacityLost } from '../capacity.js';
import { domainsOf, type VmConfigFacts } from '../vm-config.js';
import type { DomainReads } from '../gather.js';
import { loadOf, placeAll, roomOf } from '../placement.js';
import { crmNode, isActiveMember, quorumFindings, resourceForVm, runningVmsOn, staleFindings, unknownNode, usableFenceDevices } from '../state.js';

export interface NodeTarget {
  node: string;
}
export type StandbyFacts = DomainReads & Partial<VmConfigFacts>;

export function fencingFindings(input: { state: GuardInput<unknown, unknown>['state'] }, node: string): Finding[] {
  const s = input.state;
  const out: Finding[] = [];
  if (!s.cluster.crm?.summary.stonithEnabled) {
    out.push({ level: 'error', code: 'stonith-disabled', message: 'stonith-enabled is false: a node that fails while VMs move cannot be fenced' });
    return out;
  }
  const { all, usable, via, unknown } = usableFenceDevices(s, node);
  if (unknown !== undefined) out.push({ level: 'error', code: 'fencing-unknown', node, message: `cannot tell which fence devices can fence ${node}: ${unknown}` });
  else if (all.length === 0) out.push({ level: 'error', code: 'no-fence-device', node, message: `no fence device can fence ${node}${via ? ` (stonith_admin --list on ${via})` : ''}` });
  else if (usable.length === 0) out.push({ level: 'error', code: 'no-fence-device', node, message: `every fence device for ${node} is failed or stopped (${all.join(', ')})` });
  return out;
}

export function standbyGuards({ state: s, target, facts, now, opts }: GuardInput<NodeTarget, StandbyFacts>): Finding[] {
  const node = target.node;
  const unknown = unknownNode(s, node);
  if (unknown.length) return unknown;
  const out: Finding[] = [...quorumFindings(s)];
  const others = s.nodeOrder.filter((n) => n !== node && isActiveMember(s, n));
  out.push(...staleFindings(s, [node, ...others], now));
  const cn = crmNode(s, node);
  if (!cn || !cn.online) out.push({ level: 'error', code: 'node-offline', node, message: `${node} is not online in Pacemaker` });
  else if (cn.standby) out.push({ level: 'warning', code: 'already-standby', node, message: `${node} is already in standby` });
  if (others.length === 0) out.push({ level: 'error', code: 'last-online-node', node, message: `${node} is the last online, non-standby node: nothing could run the cluster's resources` });
  const lost = capacityLost(s, node);
  if (lost.length > 0 && others.length > 0)
    out.push({ level: 'warning', code: 'capacity-reduced', node, message: `capacity is reduced: ${lost.join(', ')}; everything on ${node} must fit on ${others.join(', ')}, with less room left for a further failure` });
  const loads = runningVmsOn(s, node).map((v) => loadOf(s, node, v.name, facts.domains[v.name]));
  if (others.length > 0) {
    const { unplaced } = placeAll(others.map((n) => roomOf(s, n, opts.vcpuOvercommit)), loads);
    // Every reason unknown (not one node known too small): refused as unknown, not as too small.
    const unknownOnly = (why: string) => why.split('; ').every((w) => w.startsWith('unknown: '));
    for (const u of unplaced) out.push({ level: 'error', code: unknownOnly(u.why) ? 'capacity-unknown' : 'insufficient-capacity', node, message: `no room for ${u.vm} on the remaining nodes: ${u.why}` });
  }
  out.push(...fencingFindings({ state: s }, node));
  const failed = s.cluster.crm?.failedActions ?? [];
  if (failed.length > 0) out.push({ level: 'warning', code: 'failed-actions', message: `${failed.length} failed action(s) in the cluster (${failed.slice(0, 3).map((f) => `${f.opKey} on ${f.node}`).join(', ')}); fail counts may block placement` });
  // A VM whose resource is ambiguous would be taken for unmanaged (evacuate migrates it by hand).
  const domains = domainsOf(facts);
  for (const v of runningVmsOn(s, node)) out.push(...vmResourceFindings(s, v.name, domains).map((f) => ({ ...f, node })));
  const unmanaged = runningVmsOn(s, node).filter((v) => !resourceForVm(s, v.name));
  if (unmanaged.length > 0) out.push({ level: 'warning', code: 'unmanaged-vms', node, message: `standby does not move VMs outside Pacemaker: ${unmanaged.map((v) => v.name).join(', ')} (use node evacuate)` });
  for (const e of facts.errors) out.push({ level: 'warning', code: 'domain-xml-unknown', node, message: `${e}: hugepage needs unknown` });
  return out;
}

export function onlineGuards({ state: s, target, now }: GuardInput<NodeTarget, unknown>): Finding[] {
  const node = target.node;
  const unknown = unknownNode(s, node);
  if (unknown.length) return unknown;
  const out: Finding[] = [...quorumFindings(s), ...staleFindings(s, [node], now)];
  const cn = crmNode(s, node);
  if (!cn || !cn.online) out.push({ level: 'error', code: 'node-offline', node, message: `${node} is not online in Pacemaker` });
  else if (!cn.standby) out.push({ level: 'warning', code: 'not-standby', node, message: `${node} is not in standby` });
  return out;
}
