import { domainName, nodeName } from '../../model/names.js';
import { usageChecked } from '../error-text.js';
import { UsageError, type ActionCtx, type ActionDef } from '../types.js';
import { startGuards, stopGuards, type PowerTarget } from './guards.js';
import { startPlan, stopPlan } from './plan.js';
import { verifyStart, verifyStop } from './verify.js';
import { PACEMAKER, clusterGuardReads, reachableNodes, vmVerifyReads } from '../reads.js';
import { resourceForVm } from '../state.js';
import { readVmConfigs, type VmConfigFacts } from '../vm-config.js';

const parse = (usage: string) => (args: readonly string[]): PowerTarget => {
  if (args.length < 1 || args.length > 2) throw new UsageError(`usage: ${usage}`);
  return usageChecked(() => ({ vm: domainName(args[0]!), ...(args[1] ? { node: nodeName(args[1]) } : {}) }));
};
const label = (t: PowerTarget) => (t.node ? `${t.vm} on ${t.node}` : t.vm);

/** The VM's resource by its config file's <name> too (guards refuse when that and its name disagree). */
const gather = (t: PowerTarget, ctx: ActionCtx): Promise<VmConfigFacts> => readVmConfigs(ctx.runner, ctx.store.getState(), [t.vm]);

export const startAction: ActionDef<PowerTarget, VmConfigFacts> = {
  id: 'vm.start',
  title: 'Start VM',
  usage: 'vm start VM [NODE]',
  destructive: false,
  mutates: true,
  parseTarget: parse('vm start VM [NODE]'),
  targetLabel: label,
  gather,
  guards: startGuards,
  plan: startPlan,
  verify: verifyStart,
  // Pacemaker picks the node of a managed VM: libvirt is read on every reachable node then.
  reads: (t, s, phase) =>
    phase === 'guards' ? clusterGuardReads(s) : resourceForVm(s, t.vm) ? [PACEMAKER, { sources: ['vms'], nodes: reachableNodes(s) }] : vmVerifyReads(s, t.vm, t.node),
};

export const stopAction: ActionDef<PowerTarget, VmConfigFacts> = {
  id: 'vm.stop',
  title: 'Stop VM',
  usage: 'vm stop VM [NODE]',
  destructive: true,
  mutates: true,
  parseTarget: parse('vm stop VM [NODE]'),
  targetLabel: label,
  confirmWords: (t) => [t.vm],
  gather,
  guards: stopGuards,
  plan: stopPlan,
  verify: verifyStop,
  reads: (t, s, phase) => (phase === 'guards' ? clusterGuardReads(s) : vmVerifyReads(s, t.vm, t.node)),
};
