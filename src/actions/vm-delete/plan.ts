// vm delete's plan: stop (through Pacemaker when managed) and wait, delete the constraints naming
// the resource and the resource itself, undefine on every node holding a persistent definition,
// then (only with --remove-storage) delete each listed volume. Pure.
import type { VdState } from '../../store/types.js';
import { targetRoleCmd, virshShutdownCmd } from '../commands.js';
import { healthyNode } from '../engine.js';
import { PACEMAKER, reachableNodes } from '../reads.js';
import { isReachable, nodesDefining, nodesRunning, resourceForVm } from '../state.js';
import type { PlanBody, PlanStep, VerifyResult } from '../types.js';
import { configSummary, domainsOf } from '../vm-config.js';
import { cibDeleteConstraintCmd, resourceDeleteCmd, virshUndefineCmd, virshVolDeleteCmd } from './commands.js';
import type { DeleteTarget } from './gather.js';
import { storagePlan, type DeleteInput } from './guards.js';

const stillRunning = (s: VdState, vm: string, rsc: string | undefined): string[] => [
  ...nodesRunning(s, vm).map((n) => `${vm} still runs on ${n}`),
  ...(rsc && s.cluster.crm?.resources.some((r) => r.id === rsc && r.active) ? [`${rsc} is still active`] : []),
];

export function deletePlan({ state: s, target: t, facts: f, opts }: DeleteInput): PlanBody {
  const { vm } = t;
  const rsc = resourceForVm(s, vm, domainsOf(f));
  const steps: PlanStep[] = [];
  const summary: string[] = [];
  const running = nodesRunning(s, vm);
  const crmNode = healthyNode(s);
  if (rsc && !crmNode) throw new Error('no healthy node to run crm_resource on');
  const stopReads = [PACEMAKER, { sources: ['vms' as const], nodes: reachableNodes(s) }];
  if (rsc && (rsc.active || running.length)) {
    steps.push({ kind: 'cmd', node: crmNode!, cmd: targetRoleCmd(rsc.id, 'Stopped'), purpose: `stop ${rsc.id} through Pacemaker (target-role=Stopped)` });
    steps.push({ kind: 'wait', node: crmNode!, purpose: `wait until ${vm} is stopped everywhere`, timeoutMs: opts.verifyTimeoutMs, until: (x) => stillRunning(x, vm, rsc.id).length === 0, progress: (x) => stillRunning(x, vm, rsc.id), reads: stopReads });
  } else if (!rsc && running.length) {
    for (const n of running) steps.push({ kind: 'cmd', node: n, cmd: virshShutdownCmd(opts.libvirtUri, vm), purpose: `shut ${vm} down on ${n} (ACPI)` });
    steps.push({ kind: 'wait', node: running[0]!, purpose: `wait until ${vm} is shut off`, timeoutMs: opts.verifyTimeoutMs, until: (x) => stillRunning(x, vm, undefined).length === 0, progress: (x) => stillRunning(x, vm, undefined), reads: [{ sources: ['vms'], nodes: running }] });
  }
  if (rsc) {
    for (const c of f?.constraints ?? []) steps.push({ kind: 'cmd', node: crmNode!, cmd: cibDeleteConstraintCmd(c.tag, c.id), purpose: `delete ${c.tag} ${c.id} (names ${c.resources.join(', ')})` });
    steps.push({ kind: 'cmd', node: crmNode!, cmd: resourceDeleteCmd(rsc.id), purpose: `delete Pacemaker resource ${rsc.id}` });
    steps.push({ kind: 'wait', node: crmNode!, purpose: `wait until ${rsc.id} is gone from the cluster status`, timeoutMs: opts.verifyTimeoutMs, until: (x) => !x.cluster.crm?.resources.some((r) => r.id === rsc.id), reads: [PACEMAKER] });
    summary.push(`${vm} is Pacemaker resource ${rsc.id}: stopped through Pacemaker, then ${f?.constraints?.length ? `its constraints (${f.constraints.map((c) => c.id).join(', ')}) and ` : ''}the resource are deleted.`, ...configSummary(f, vm, rsc.id));
  }
  // A transient domain (the VirtualDomain agent's `virsh create`) disappears when it stops.
  const undefineOn = nodesDefining(s, vm).filter((n) => isReachable(s, n) && f?.defs?.[n]?.persistent !== false);
  for (const n of undefineOn) {
    const nvram = f?.defs?.[n]?.xml?.nvram !== undefined;
    steps.push({ kind: 'cmd', node: n, cmd: virshUndefineCmd(opts.libvirtUri, vm, nvram), purpose: `undefine ${vm} on ${n}${nvram ? ' with its NVRAM file' : ''}` });
  }
  summary.push(undefineOn.length ? `Undefined on ${undefineOn.join(', ')}.` : `No node holds a persistent definition of ${vm}: nothing to undefine.`);
  if (t.removeStorage) {
    const sp = storagePlan(s, vm, f);
    const node = undefineOn[0] ?? running.find((n) => isReachable(s, n)) ?? crmNode;
    if (sp.remove.length && !node) throw new Error('no reachable node to delete the volumes on');
    for (const p of sp.remove) steps.push({ kind: 'cmd', node: node!, cmd: virshVolDeleteCmd(opts.libvirtUri, p), purpose: `delete volume ${p}` });
    summary.push(sp.remove.length ? `Deletes ${sp.remove.length} volume(s) for good:` : 'No volume of its own to delete.', ...sp.remove.map((p) => `  ${p}`), ...sp.kept.map((k) => `  kept: ${k.path} (${k.why})`));
  } else summary.push('Its disks are kept (--remove-storage deletes its own volumes).');
  return { steps, summary };
}

export function verifyDelete(s: VdState, t: DeleteTarget): VerifyResult {
  const left = [...nodesDefining(s, t.vm).filter((n) => isReachable(s, n)).map((n) => `defined on ${n}`), ...(resourceForVm(s, t.vm) ? [`resource ${resourceForVm(s, t.vm)!.id} left`] : [])];
  return left.length ? { ok: false, message: `${t.vm}: ${left.join(', ')}` } : { ok: true, message: `${t.vm} is deleted` };
}
