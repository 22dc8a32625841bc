import { targetRoleCmd, virshShutdownCmd, virshStartCmd } from '../commands.js';
import { healthyNode } from '../engine.js';
import { nodesDefining, nodesRunning, resourceForVm } from '../state.js';
import type { GuardInput, PlanBody } from '../types.js';
import type { PowerTarget } from './guards.js';

export function startPlan({ state, target, opts }: GuardInput<PowerTarget, unknown>): PlanBody {
  const rsc = resourceForVm(state, target.vm);
  if (rsc) {
    const node = healthyNode(state);
    if (!node) throw new Error('no healthy node to run crm_resource on');
    const c = targetRoleCmd(rsc.id, 'Started');
    return { steps: [{ kind: 'cmd', node, cmd: c, purpose: `set target-role=Started on ${rsc.id}` }], summary: [`Pacemaker starts ${rsc.id} where its constraints allow.`], whatIf: [c] };
  }
  const node = target.node ?? nodesDefining(state, target.vm)[0];
  if (!node) throw new Error(`${target.vm} is not defined on any node`);
  return { steps: [{ kind: 'cmd', node, cmd: virshStartCmd(opts.libvirtUri, target.vm), purpose: `start ${target.vm} on ${node}` }], summary: [`${target.vm} is not managed by Pacemaker: started by libvirt on ${node}.`] };
}

export function stopPlan({ state, target, opts }: GuardInput<PowerTarget, unknown>): PlanBody {
  const rsc = resourceForVm(state, target.vm);
  if (rsc) {
    const node = healthyNode(state);
    if (!node) throw new Error('no healthy node to run crm_resource on');
    const c = targetRoleCmd(rsc.id, 'Stopped');
    return { steps: [{ kind: 'cmd', node, cmd: c, purpose: `set target-role=Stopped on ${rsc.id}` }], summary: [`Pacemaker shuts ${rsc.id} down and keeps it stopped until "vm start".`], whatIf: [c] };
  }
  const node = target.node ?? nodesRunning(state, target.vm)[0];
  if (!node) throw new Error(`${target.vm} is not running`);
  return { steps: [{ kind: 'cmd', node, cmd: virshShutdownCmd(opts.libvirtUri, target.vm), purpose: `shut ${target.vm} down on ${node} (ACPI)` }], summary: [`Guest shutdown request; the guest OS decides how long it takes.`] };
}
