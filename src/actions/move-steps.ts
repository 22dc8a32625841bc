// The one Pacemaker move: crm_resource --move, wait until the store shows the resource where it
// was asked to go, then ALWAYS crm_resource --clear (also after a failure or timeout): a left-over
// cli-prefer pins the resource forever (pcs#697). vm migrate and resource move both build it here.
import { clearCmd, moveCmd } from './commands.js';
import type { PlanStep, WaitStep } from './types.js';

export interface MoveStepsInput {
  rsc: string;
  to: string;
  /** Node the crm_resource commands run on. */
  runOn: string;
  timeoutMs: number;
  /** What "arrived" means (a VM: libvirt agrees too). */
  until: WaitStep['until'];
  waitPurpose: string;
  reads: WaitStep['reads'];
  progress?: WaitStep['progress'];
  job?: WaitStep['job'];
}

export function moveWaitClearSteps(m: MoveStepsInput): PlanStep[] {
  const wait: WaitStep = { kind: 'wait', node: m.to, purpose: m.waitPurpose, timeoutMs: m.timeoutMs, until: m.until, reads: m.reads };
  if (m.progress) wait.progress = m.progress;
  if (m.job) wait.job = m.job;
  return [
    { kind: 'cmd', node: m.runOn, cmd: moveCmd(m.rsc, m.to), purpose: `ask Pacemaker to move ${m.rsc} to ${m.to}` },
    wait,
    { kind: 'cmd', node: m.runOn, cmd: clearCmd(m.rsc), purpose: `remove the move constraint of ${m.rsc}`, always: true },
  ];
}
