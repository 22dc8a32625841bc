// Managed: crm_resource --move, wait until it runs there, ALWAYS crm_resource --clear (a left-over
// cli-prefer constraint pins the VM forever; pcs#697). Unmanaged: virsh migrate --live.
import { virshMigrateCmd } from '../commands.js';
import { moveWaitClearSteps } from '../move-steps.js';
import { nodesRunning, resourceForVm } from '../state.js';
import type { GuardInput, PlanBody, PlanStep } from '../types.js';
import type { MigrateFacts, MigrateTarget } from './guards.js';
import { runsOnlyOn } from './verify.js';
import { configSummary } from '../vm-config.js';

export function migrateSteps(state: GuardInput<unknown, unknown>['state'], vm: string, to: string, opts: GuardInput<unknown, unknown>['opts']): PlanStep[] {
  const from = nodesRunning(state, vm)[0];
  if (!from) throw new Error(`${vm} is not running anywhere`);
  const rsc = resourceForVm(state, vm);
  if (!rsc) {
    return [{ kind: 'cmd', node: from, cmd: virshMigrateCmd(opts.libvirtUri, vm, to, opts.migrateTimeoutMs), purpose: `live-migrate ${vm} ${from} → ${to} (libvirt)`, job: { vm, timeoutMs: opts.migrateTimeoutMs } }];
  }
  return moveWaitClearSteps({
    rsc: rsc.id,
    to,
    runOn: from,
    timeoutMs: opts.migrateTimeoutMs,
    until: (s) => runsOnlyOn(s, vm, to),
    waitPurpose: `wait until ${vm} runs on ${to}`,
    reads: [{ sources: ['pacemaker'] }, { sources: ['vms'], nodes: [from, to] }],
    job: { vm, node: from },
  });
}

export function migratePlan({ state, target, facts, opts }: GuardInput<MigrateTarget, MigrateFacts>): PlanBody {
  const steps = migrateSteps(state, target.vm, target.node, opts);
  const rsc = resourceForVm(state, target.vm);
  const first = steps[0];
  return {
    steps,
    summary: rsc
      ? [
          `${target.vm} is Pacemaker resource ${rsc.id}: move, wait, then clear the constraint (also on failure).`,
          ...configSummary(facts, target.vm, rsc.id),
          `On timeout the libvirt job is aborted (virsh domjobabort); the VM is never stopped or restarted.`,
        ]
      : [`${target.vm} is not managed by Pacemaker: virsh live migration, domain moved with its definition.`],
    ...(rsc && first?.kind === 'cmd' ? { whatIf: [first.cmd] } : {}),
  };
}
