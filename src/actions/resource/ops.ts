// move / ban / clear / start / stop of any Pacemaker resource (not only VMs). A move is what vm
// migrate does for a managed VM: crm_resource --move, wait until it runs on the target, then
// ALWAYS crm_resource --clear (a left-over cli-prefer pins it forever). Pure guards/plan/verify.
import type { CrmResource } from '../../model/pacemaker.js';
import type { VdState } from '../../store/types.js';
import { banCmd, clearCmd, targetRoleCmd } from '../commands.js';
import { moveWaitClearSteps } from '../move-steps.js';
import { healthyNode } from '../engine.js';
import { PACEMAKER } from '../reads.js';
import { crmNode, isActiveMember, isVirtualDomain, quorumFindings, staleFindings, unknownNode } from '../state.js';
import type { Finding, GuardInput, PlanBody, PlanStep, VerifyResult } from '../types.js';
import { findResource, migratingIn, unknownResource } from './scope.js';

export type ResourceOp = 'move' | 'ban' | 'clear' | 'start' | 'stop';
export interface ResourceOpTarget {
  op: ResourceOp;
  resource: string;
  /** move: where to; ban: where not (default: where it runs now). */
  node?: string;
}

export const opLabel = (t: ResourceOpTarget): string => (t.op === 'move' ? `${t.resource} → ${t.node}` : t.op === 'ban' && t.node ? `${t.resource} off ${t.node}` : t.resource);

/** Active only on `node` (a clone: at least there). */
export const activeOnlyOn = (r: CrmResource | undefined, node: string): boolean => !!r && r.active && r.nodes.length === 1 && r.nodes[0] === node;

const rsc = (s: VdState, id: string) => findResource(s, id);
const busy = (s: VdState, id: string): Finding[] => {
  const moving = migratingIn(s, id);
  return moving.length ? [{ level: 'error', code: 'resource-migrating', message: `${moving.map((r) => r.id).join(', ')} is migrating: wait until it ends` }] : [];
};

/** Where a resource may be placed: online, not standby or maintenance, reachable. */
function targetFindings(s: VdState, node: string): Finding[] {
  const n = crmNode(s, node);
  if (!n || !n.online) return [{ level: 'error', code: 'target-offline', node, message: `${node} is not online in Pacemaker` }];
  if (n.standby) return [{ level: 'error', code: 'target-standby', node, message: `${node} is in standby` }];
  if (n.maintenance) return [{ level: 'error', code: 'target-maintenance', node, message: `${node} is in maintenance: Pacemaker starts nothing there` }];
  return [];
}

export function resourceOpGuards({ state: s, target: t, now }: GuardInput<ResourceOpTarget, unknown>): Finding[] {
  const out: Finding[] = [...unknownResource(s, t.resource), ...(t.node ? unknownNode(s, t.node) : [])];
  if (out.length) return out;
  out.push(...quorumFindings(s), ...staleFindings(s, [], now));
  const r = rsc(s, t.resource)!;
  if (s.cluster.crm?.summary.maintenanceMode) out.push({ level: 'error', code: 'cluster-maintenance', message: 'the cluster is in maintenance mode: Pacemaker would not act on the change until it is off' });
  else if (!r.managed && t.op !== 'clear') out.push({ level: 'error', code: 'resource-unmanaged', message: `${r.id} is unmanaged (or in maintenance): Pacemaker would not act on it` });
  if (t.op !== 'clear') out.push(...busy(s, t.resource));
  const bans = (s.cluster.crm?.bans ?? []).filter((b) => b.resource === r.id);
  if (t.op === 'move') {
    const to = t.node!;
    if (r.kind !== 'primitive' && r.kind !== 'group') out.push({ level: 'error', code: 'not-movable', message: `${r.id} is a ${r.kind}: move one of its instances' nodes with ban, or use its own constraints` });
    if (activeOnlyOn(r, to)) out.push({ level: 'error', code: 'already-there', node: to, message: `${r.id} already runs on ${to}` });
    out.push(...targetFindings(s, to));
    if (!r.active) out.push({ level: 'warning', code: 'not-running', message: `${r.id} is not running: the move starts it on ${to}` });
    if (bans.some((b) => b.node === to)) out.push({ level: 'error', code: 'banned-there', node: to, message: `${r.id} has a ban on ${to} (${bans.find((b) => b.node === to)!.id}): clear it first` });
    if (isVirtualDomain(r)) out.push({ level: 'warning', code: 'vm-resource', message: `${r.id} runs a VM: "vm migrate" also checks capacity, CPU, LUNs and bridges on ${to}` });
  }
  if (t.op === 'ban') {
    const where = t.node ?? (r.nodes.length === 1 ? r.nodes[0] : undefined);
    if (!where) out.push({ level: 'error', code: 'ban-node-needed', message: `${r.id} runs on ${r.nodes.length ? r.nodes.join(', ') : 'no node'}: say which node to ban it from` });
    else {
      const others = s.nodeOrder.filter((n) => n !== where && isActiveMember(s, n) && !bans.some((b) => b.node === n));
      if (!others.length) out.push({ level: 'error', code: 'no-other-node', node: where, message: `no other active node could run ${r.id}: banning it from ${where} stops it` });
    }
  }
  if (t.op === 'clear' && !bans.length) out.push({ level: 'warning', code: 'no-ban-seen', message: `crm_mon shows no ban of ${r.id} (a cli-prefer is not shown): the clear may remove nothing` });
  if (t.op === 'start') {
    if (r.active && r.targetRole !== 'Stopped') out.push({ level: 'warning', code: 'already-started', message: `${r.id} already runs on ${r.nodes.join(', ')}` });
    if (!s.nodeOrder.some((n) => isActiveMember(s, n))) out.push({ level: 'error', code: 'no-active-node', message: 'no node is online, out of standby and reachable' });
  }
  if (t.op === 'stop') {
    if (!r.active) out.push({ level: 'warning', code: 'already-stopped', message: `${r.id} is not running` });
    if (isVirtualDomain(r)) out.push({ level: 'warning', code: 'vm-resource', message: `${r.id} runs a VM: Pacemaker shuts the guest down` });
  }
  return out;
}

export function resourceOpPlan({ state, target: t, opts }: GuardInput<ResourceOpTarget, unknown>): PlanBody {
  const node = healthyNode(state);
  if (!node) throw new Error('no healthy node to run crm_resource on');
  const r = rsc(state, t.resource);
  if (!r) throw new Error(`${t.resource} is not a resource`);
  const progress = (s: VdState): string[] => {
    const x = rsc(s, t.resource);
    return [`${t.resource}: ${x ? `${x.role}${x.nodes.length ? ` on ${x.nodes.join(', ')}` : ''}` : 'gone'}`];
  };
  const wait = (purpose: string, until: (s: VdState) => boolean, timeoutMs = opts.verifyTimeoutMs): PlanStep => ({ kind: 'wait', node, purpose, timeoutMs, until, progress, reads: [PACEMAKER] });
  if (t.op === 'move') {
    const to = t.node!;
    const steps = moveWaitClearSteps({ rsc: r.id, to, runOn: node, timeoutMs: opts.migrateTimeoutMs, until: (s) => activeOnlyOn(rsc(s, t.resource), to), waitPurpose: `wait until ${r.id} runs on ${to}`, reads: [PACEMAKER], progress });
    const c = steps[0]!.kind === 'cmd' ? steps[0]!.cmd : undefined;
    return {
      steps,
      summary: [`${r.id} (${r.nodes.join(', ') || 'stopped'}) → ${to}: move, wait, then clear the cli-prefer constraint (also on failure or timeout).`],
      ...(c ? { whatIf: [c] } : {}),
    };
  }
  if (t.op === 'ban') {
    const where = t.node ?? r.nodes[0]!;
    const c = banCmd(r.id, where);
    return {
      steps: [{ kind: 'cmd', node, cmd: c, purpose: `ban ${r.id} from ${where}` }, wait(`wait until ${r.id} left ${where}`, (s) => !(rsc(s, t.resource)?.nodes ?? []).includes(where), opts.migrateTimeoutMs)],
      summary: [`Adds cli-ban-${r.id}-on-${where} (-INFINITY): ${r.id} stays off ${where} until "resource clear ${r.id}".`],
      whatIf: [c],
    };
  }
  if (t.op === 'clear') {
    const c = clearCmd(r.id);
    return { steps: [{ kind: 'cmd', node, cmd: c, purpose: `remove cli-prefer/cli-ban constraints of ${r.id}` }], summary: [`Removes the constraints move/ban left for ${r.id}; Pacemaker may move it back (stickiness decides).`], whatIf: [c] };
  }
  const role = t.op === 'start' ? 'Started' : 'Stopped';
  const c = targetRoleCmd(r.id, role);
  return {
    steps: [{ kind: 'cmd', node, cmd: c, purpose: `set target-role=${role} on ${r.id}` }, wait(t.op === 'start' ? `wait until ${r.id} runs` : `wait until ${r.id} is stopped`, (s) => verifyResourceOp(s, t).ok)],
    summary: [t.op === 'start' ? `Pacemaker starts ${r.id} where its constraints allow.` : `Pacemaker stops ${r.id} and keeps it stopped until "resource start ${r.id}".`],
    whatIf: [c],
  };
}

export function verifyResourceOp(s: VdState, t: ResourceOpTarget): VerifyResult {
  const r = rsc(s, t.resource);
  const where = r?.nodes.join(', ') || 'no node';
  switch (t.op) {
    case 'move': {
      // Not only on the target: the clear must also have left no cli-prefer (crm_mon does not list it; the plan's always-step removes it).
      return activeOnlyOn(r, t.node!) ? { ok: true, message: `${t.resource} runs on ${t.node}` } : { ok: false, message: `${t.resource} runs on ${where}` };
    }
    case 'ban': {
      const banned = (s.cluster.crm?.bans ?? []).some((b) => b.resource === t.resource && (!t.node || b.node === t.node));
      return banned && !(t.node && r?.nodes.includes(t.node)) ? { ok: true, message: `${t.resource} is banned${t.node ? ` from ${t.node}` : ''} and runs on ${where}` } : { ok: false, message: `${t.resource} runs on ${where}${banned ? '' : ', no ban shown yet'}` };
    }
    case 'clear':
      return (s.cluster.crm?.bans ?? []).some((b) => b.resource === t.resource && /^cli-(ban|prefer)-/.test(b.id)) ? { ok: false, message: `a cli- constraint of ${t.resource} is still shown` } : { ok: true, message: `no cli-prefer/cli-ban left for ${t.resource}` };
    case 'start':
      return r?.active ? { ok: true, message: `${t.resource} runs on ${where}` } : { ok: false, message: `${t.resource} is not running yet` };
    case 'stop':
      return r && !r.active ? { ok: true, message: `${t.resource} is stopped` } : { ok: false, message: `${t.resource} still runs on ${where}` };
  }
}
