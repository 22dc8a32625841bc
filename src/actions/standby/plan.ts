// Plans for node standby / online: one crm_attribute, then wait for the node to drain.
import type { VdState } from '../../store/types.js';
import { standbyCmd } from '../commands.js';
import type { GuardInput, PlanBody } from '../types.js';
import type { NodeTarget } from './guards.js';
import { resourcesOn } from './verify.js';
import { PACEMAKER } from '../reads.js';

export const drainProgress = (node: string) => (s: VdState): string[] =>
  resourcesOn(s, node).map((r) => `draining ${r.id}: ${r.role} on ${node}`);

export function standbyPlan({ state, target, opts }: GuardInput<NodeTarget, unknown>): PlanBody {
  const change = standbyCmd(target.node, true);
  const count = resourcesOn(state, target.node).length;
  return {
    steps: [
      { kind: 'cmd', node: target.node, cmd: change, purpose: `put ${target.node} in standby` },
      {
        kind: 'wait',
        node: target.node,
        purpose: `wait until ${count} resource(s) left ${target.node}`,
        timeoutMs: opts.migrateTimeoutMs,
        until: (s) => resourcesOn(s, target.node).length === 0,
        progress: drainProgress(target.node),
        reads: [PACEMAKER],
      },
    ],
    summary: [`Pacemaker moves the ${count} resource(s) running on ${target.node} away; reversible with "node online ${target.node}".`],
    whatIf: [change],
  };
}

export function onlinePlan({ target }: GuardInput<NodeTarget, unknown>): PlanBody {
  const change = standbyCmd(target.node, false);
  return {
    steps: [{ kind: 'cmd', node: target.node, cmd: change, purpose: `take ${target.node} out of standby` }],
    summary: [`${target.node} may run resources again; Pacemaker may move resources back depending on stickiness.`],
    whatIf: [change],
  };
}

