// vm start / stop. Starting a VM that might still run on a node we cannot see is how shared
// disks get corrupted: every node that could run it must be reachable or fenced.
import type { VdState } from '../../store/types.js';
import { autostartFindings, crmNode, isReachable, nodesDefining, nodesRunning, quorumFindings, resourceForVm, staleFindings, unknownNode } from '../state.js';
import type { Finding, GuardInput } from '../types.js';
import { vmResourceFindings } from '../vm-resource.js';
import { domainsOf, type VmConfigFacts } from '../vm-config.js';

export interface PowerTarget {
  vm: string;
  node?: string;
}

/** Down and confirmed fenced (a successful fence operation against it, and offline in Pacemaker). */
export function isFenced(s: VdState, node: string): boolean {
  const n = crmNode(s, node);
  return !!n && !n.online && (s.cluster.crm?.fenceHistory ?? []).some((e) => e.target === node && e.status === 'success');
}

export function startGuards({ state: s, target, facts, now }: GuardInput<PowerTarget, Partial<VmConfigFacts> | undefined>): Finding[] {
  const { vm, node } = target;
  if (node) {
    const u = unknownNode(s, node);
    if (u.length) return u;
  }
  const out: Finding[] = [...vmResourceFindings(s, vm, domainsOf(facts))];
  const rsc = resourceForVm(s, vm);
  const running = nodesRunning(s, vm);
  if (running.length > 0) out.push({ level: 'error', code: 'vm-running', message: `${vm} is already running on ${running.join(', ')}` });
  const couldRun = rsc ? s.nodeOrder : nodesDefining(s, vm);
  const blind = couldRun.filter((n) => !isReachable(s, n) && !isFenced(s, n));
  for (const n of blind) out.push({ level: 'error', code: 'node-unreachable-unfenced', node: n, message: `${n} could run ${vm} but is unreachable and not fenced: ${vm} may still be running there` });
  out.push(...staleFindings(s, couldRun.filter((n) => isReachable(s, n)), now));
  if (rsc) {
    out.push(...quorumFindings(s));
    if (node) out.push({ level: 'error', code: 'managed-node-arg', message: `${vm} is Pacemaker resource ${rsc.id}: Pacemaker chooses the node; start without NODE, then migrate` });
    if (!rsc.managed) out.push({ level: 'error', code: 'resource-unmanaged', message: `${rsc.id} is unmanaged in Pacemaker` });
    out.push(...autostartFindings(s, vm));
  } else {
    const defined = nodesDefining(s, vm);
    if (defined.length === 0) out.push({ level: 'error', code: 'vm-not-defined', message: `${vm} is not defined on any node` });
    else if (node && !defined.includes(node)) out.push({ level: 'error', code: 'vm-not-defined', node, message: `${vm} is not defined on ${node} (defined on ${defined.join(', ')})` });
    else if (!node && defined.length > 1) out.push({ level: 'error', code: 'ambiguous-node', message: `${vm} is defined on ${defined.join(', ')}; say which node` });
  }
  return out;
}

export function stopGuards({ state: s, target, facts, now }: GuardInput<PowerTarget, Partial<VmConfigFacts> | undefined>): Finding[] {
  const { vm, node } = target;
  const out: Finding[] = [...vmResourceFindings(s, vm, domainsOf(facts))];
  const running = nodesRunning(s, vm);
  const rsc = resourceForVm(s, vm);
  if (running.length === 0 && !(rsc && rsc.active)) out.push({ level: 'error', code: 'vm-not-running', message: `${vm} is not running` });
  if (node && running.length > 0 && !running.includes(node)) out.push({ level: 'error', code: 'vm-not-on-node', node, message: `${vm} runs on ${running.join(', ')}, not ${node}` });
  if (running.length > 1) out.push({ level: 'warning', code: 'vm-duplicate', message: `${vm} is running on ${running.join(' and ')}` });
  out.push(...staleFindings(s, running, now));
  if (rsc) out.push(...quorumFindings(s));
  return out;
}
