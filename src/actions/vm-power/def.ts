import { domainName, nodeName } from '../../model/names.js';
import { usageChecked } from '../error-text.js';
import { UsageError, type ActionDef } from '../types.js';
import { startGuards, stopGuards, type PowerTarget } from './guards.js';
import { startPlan, stopPlan } from './plan.js';
import { verifyStart, verifyStop } from './verify.js';
import { PACEMAKER, clusterGuardReads, reachableNodes, vmVerifyReads } from '../reads.js';
import { resourceForVm } from '../state.js';

const parse = (usage: string) => (args: readonly string[]): PowerTarget => {
  if (args.length < 1 || args.length > 2) throw new UsageError(`usage: ${usage}`);
  return usageChecked(() => ({ vm: domainName(args[0]!), ...(args[1] ? { node: nodeName(args[1]) } : {}) }));
};
const label = (t: PowerTarget) => (t.node ? `${t.vm} on ${t.node}` : t.vm);

export const startAction: ActionDef<PowerTarget, undefined> = {
  id: 'vm.start',
  title: 'Start VM',
  usage: 'vm start VM [NODE]',
  destructive: false,
  mutates: true,
  parseTarget: parse('vm start VM [NODE]'),
  targetLabel: label,
  guards: startGuards,
  plan: startPlan,
  verify: verifyStart,
  // Pacemaker picks the node of a managed VM: libvirt is read on every reachable node then.
  reads: (t, s, phase) =>
    phase === 'guards' ? clusterGuardReads(s) : resourceForVm(s, t.vm) ? [PACEMAKER, { sources: ['vms'], nodes: reachableNodes(s) }] : vmVerifyReads(s, t.vm, t.node),
};

export const stopAction: ActionDef<PowerTarget, undefined> = {
  id: 'vm.stop',
  title: 'Stop VM',
  usage: 'vm stop VM [NODE]',
  destructive: true,
  mutates: true,
  parseTarget: parse('vm stop VM [NODE]'),
  targetLabel: label,
  confirmWords: (t) => [t.vm],
  guards: stopGuards,
  plan: stopPlan,
  verify: verifyStop,
  reads: (t, s, phase) => (phase === 'guards' ? clusterGuardReads(s) : vmVerifyReads(s, t.vm, t.node)),
};
