import type { VdState } from '../../store/types.js';
import { targetRoleCmd, virshShutdownCmd, virshStartCmd, type TargetRole } from '../commands.js';
import { healthyNode } from '../engine.js';
import { nodesDefining, nodesRunning, resourceForVm } from '../state.js';
import type { GuardInput, PlanBody } from '../types.js';
import type { PowerTarget } from './guards.js';
import { configSummary, type VmConfigFacts } from '../vm-config.js';

/** A managed VM is started/stopped by Pacemaker: one target-role change, simulated first. */
function targetRolePlan(state: VdState, rsc: string, role: TargetRole, summary: string, more: string[] = []): PlanBody {
  const node = healthyNode(state);
  if (!node) throw new Error('no healthy node to run crm_resource on');
  const c = targetRoleCmd(rsc, role);
  return { steps: [{ kind: 'cmd', node, cmd: c, purpose: `set target-role=${role} on ${rsc}` }], summary: [summary, ...more], whatIf: [c] };
}

export function startPlan({ state, target, facts, opts }: GuardInput<PowerTarget, Partial<VmConfigFacts> | undefined>): PlanBody {
  const rsc = resourceForVm(state, target.vm);
  if (rsc) return targetRolePlan(state, rsc.id, 'Started', `Pacemaker starts ${rsc.id} where its constraints allow.`, configSummary(facts, target.vm, rsc.id));
  const node = target.node ?? nodesDefining(state, target.vm)[0];
  if (!node) throw new Error(`${target.vm} is not defined on any node`);
  return { steps: [{ kind: 'cmd', node, cmd: virshStartCmd(opts.libvirtUri, target.vm), purpose: `start ${target.vm} on ${node}` }], summary: [`${target.vm} is not managed by Pacemaker: started by libvirt on ${node}.`] };
}

export function stopPlan({ state, target, facts, opts }: GuardInput<PowerTarget, Partial<VmConfigFacts> | undefined>): PlanBody {
  const rsc = resourceForVm(state, target.vm);
  if (rsc) return targetRolePlan(state, rsc.id, 'Stopped', `Pacemaker shuts ${rsc.id} down and keeps it stopped until "vm start".`, configSummary(facts, target.vm, rsc.id));
  const node = target.node ?? nodesRunning(state, target.vm)[0];
  if (!node) throw new Error(`${target.vm} is not running`);
  return { steps: [{ kind: 'cmd', node, cmd: virshShutdownCmd(opts.libvirtUri, target.vm), purpose: `shut ${target.vm} down on ${node} (ACPI)` }], summary: [`Guest shutdown request; the guest OS decides how long it takes.`] };
}
