import { fenceCmd } from '../commands.js';
import { healthyNode } from '../engine.js';
import { isActiveMember } from '../state.js';
import type { GuardInput, PlanBody } from '../types.js';
import { victims, victimsSummary } from './kills.js';
import { fenceProbes } from './probes.js';
import { fenceReport, type FenceCheckFacts, type FenceCheckTarget, type FenceNodeTarget } from './guards.js';

/** The collected view (report) now; the probes (steps) run fresh when the check is run. */
export function fenceCheckPlan({ state, target, facts }: GuardInput<FenceCheckTarget, FenceCheckFacts>): PlanBody {
  const { steps, notes } = fenceProbes(state, target.node ? [target.node] : state.nodeOrder);
  const summary = ['read-only: nothing is fenced; the commands are probes', ...notes];
  return { steps, summary, report: fenceReport(state, target, facts) };
}

export function fenceNodePlan({ state, target }: GuardInput<FenceNodeTarget, unknown>): PlanBody {
  const via = [healthyNode(state), ...state.nodeOrder.filter((n) => isActiveMember(state, n))].find((n) => n && n !== target.node);
  if (!via) throw new Error(`no healthy node other than ${target.node} to fence from`);
  return {
    steps: [{ kind: 'cmd', node: via, cmd: fenceCmd(target.node), purpose: `fence ${target.node} (power it off/reboot through its fence devices)` }],
    summary: [`${target.node} is powered off or rebooted by its fence device; everything running on it dies. Reason: ${target.reason}`, victimsSummary(target.node, victims(state, target.node))],
    // Where Pacemaker recovers what dies: the scheduler on a CIB copy with the node failed.
    whatIfNodeFail: [target.node],
  };
}
