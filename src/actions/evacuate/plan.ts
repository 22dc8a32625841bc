import { standbyCmd, virshMigrateCmd } from '../commands.js';
import { loadOf, placeAll, roomOf } from '../placement.js';
import { drainProgress } from '../standby/plan.js';
import { PACEMAKER } from '../reads.js';
import type { NodeTarget, StandbyFacts } from '../standby/guards.js';
import { resourcesOn } from '../standby/verify.js';
import { isActiveMember, resourceForVm, runningVmsOn } from '../state.js';
import type { GuardInput, PlanBody, PlanStep } from '../types.js';

export function evacuatePlan({ state: s, target, facts, opts }: GuardInput<NodeTarget, StandbyFacts>): PlanBody {
  const node = target.node;
  const running = runningVmsOn(s, node);
  const others = s.nodeOrder.filter((n) => n !== node && isActiveMember(s, n));
  const { placed, unplaced } = placeAll(others.map((n) => roomOf(s, n, opts.vcpuOvercommit)), running.map((v) => loadOf(s, node, v.name, facts.domains[v.name])));
  if (unplaced.length) throw new Error(`no room for ${unplaced.map((u) => u.vm).join(', ')}`);
  const managed = running.filter((v) => resourceForVm(s, v.name));
  const steps: PlanStep[] = [];
  const summary: string[] = [];
  for (const v of running.filter((x) => !resourceForVm(s, x.name))) {
    const to = placed.find((p) => p.vm === v.name)!.to;
    steps.push({ kind: 'cmd', node, cmd: virshMigrateCmd(opts.libvirtUri, v.name, to, opts.migrateTimeoutMs), purpose: `live-migrate ${v.name} → ${to} (libvirt)`, job: { vm: v.name, timeoutMs: opts.migrateTimeoutMs } });
    summary.push(`${v.name}: virsh live migration to ${to} (most free memory)`);
  }
  let whatIf;
  if (managed.length > 0 || resourcesOn(s, node).length > 0) {
    const c = standbyCmd(node, true);
    steps.push(
      { kind: 'cmd', node, cmd: c, purpose: `put ${node} in standby (Pacemaker moves ${managed.map((v) => v.name).join(', ') || 'its resources'})` },
      { kind: 'wait', node, purpose: `wait until Pacemaker resources left ${node}`, timeoutMs: opts.migrateTimeoutMs, until: (x) => resourcesOn(x, node).length === 0, progress: drainProgress(node), reads: [PACEMAKER] },
    );
    whatIf = [c];
    summary.push(`${managed.length} Pacemaker-managed VM(s) leave through standby.`);
  }
  summary.push(`Reversible: "node online ${node}" lets VMs come back (Pacemaker per stickiness; libvirt VMs by hand).`);
  return { steps, summary, ...(whatIf ? { whatIf } : {}) };
}
