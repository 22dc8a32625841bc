import { allVms } from '../../store/selectors.js';
import { targetRoleCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { need, str, type ActionValues, type CliGrammar } from '../grammar.js';
import type { ActionCtx } from '../types.js';
import { startGuards, stopGuards, type PowerTarget } from './guards.js';
import { startPlan, stopPlan } from './plan.js';
import { verifyStart, verifyStop } from './verify.js';
import { PACEMAKER, clusterGuardReads, reachableNodes, vmVerifyReads } from '../reads.js';
import { resourceForVm } from '../state.js';
import { readVmConfigs, type VmConfigFacts } from '../vm-config.js';

const grammar = <V extends string>(verb: V) =>
  ({
    group: 'vm',
    verb,
    args: [
      { name: 'vm', meta: 'VM', type: 'vm' },
      { name: 'node', meta: 'NODE', type: 'node', optional: true, help: 'an unmanaged VM: the node it is defined on' },
    ],
  }) as const satisfies CliGrammar;
const target = (v: ActionValues): PowerTarget => {
  const node = str(v, 'node');
  return { vm: need(v, 'vm', 'VM'), ...(node ? { node } : {}) };
};
const label = (t: PowerTarget) => (t.node ? `${t.vm} on ${t.node}` : t.vm);

/** The VM's resource by its config file's <name> too (guards refuse when that and its name disagree). */
const gather = (t: PowerTarget, ctx: ActionCtx): Promise<VmConfigFacts> => readVmConfigs(ctx.runner, ctx.store.getState(), [t.vm]);

export const startAction = defineAction({
  title: 'Start VM',
  summary: 'Start the VM: a managed VM through Pacemaker (target-role Started), an unmanaged one with virsh start on NODE.',
  cli: grammar('start'),
  ui: {
    bindings: [{ scope: 'vms', key: 'u', desc: 'Start VM(s)' }],
    takes: 'rows',
    // Pacemaker chooses where a managed VM starts; only an unmanaged domain names its node.
    values: (row, s) => {
      const managed = allVms(s).some((v) => v.name === row?.name && v.resource !== undefined);
      return { vm: row?.name, node: managed ? undefined : row?.node };
    },
  },
  destructive: false,
  mutates: true,
  target,
  sudo: (p) => [targetRoleCmd(p.resource, 'Started')],
  targetLabel: label,
  gather,
  guards: startGuards,
  plan: startPlan,
  verify: verifyStart,
  // Pacemaker picks the node of a managed VM: libvirt is read on every reachable node then.
  reads: (t, s, phase) =>
    phase === 'guards' ? clusterGuardReads(s) : resourceForVm(s, t.vm) ? [PACEMAKER, { sources: ['vms'], nodes: reachableNodes(s) }] : vmVerifyReads(s, t.vm, t.node),
});

export const stopAction = defineAction({
  title: 'Stop VM',
  summary: 'Stop the VM: a managed VM through Pacemaker (target-role Stopped), an unmanaged one with virsh shutdown on NODE.',
  cli: grammar('stop'),
  ui: { bindings: [{ scope: 'vms', key: 'x', desc: 'Stop VM(s)' }], takes: 'rows', values: (row) => ({ vm: row?.name, node: row?.node }) },
  destructive: true,
  mutates: true,
  target,
  sudo: (p) => [targetRoleCmd(p.resource, 'Stopped')],
  targetLabel: label,
  confirmWords: (t) => [t.vm],
  gather,
  guards: stopGuards,
  plan: stopPlan,
  verify: verifyStop,
  reads: (t, s, phase) => (phase === 'guards' ? clusterGuardReads(s) : vmVerifyReads(s, t.vm, t.node)),
});
