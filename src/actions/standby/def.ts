import { nodeName } from '../../model/names.js';
import { usageChecked } from '../error-text.js';
import { readDomains } from '../gather.js';
import { runningVmsOn } from '../state.js';
import { GUARD_NODE_SOURCES, PACEMAKER, clusterGuardReads } from '../reads.js';
import { UsageError, type ActionDef } from '../types.js';
import { onlineGuards, standbyGuards, type NodeTarget, type StandbyFacts } from './guards.js';
import { onlinePlan, standbyPlan } from './plan.js';
import { readVmConfigs } from '../vm-config.js';
import { verifyOnline, verifyStandby } from './verify.js';

export const parseNodeTarget = (usage: string) => (args: readonly string[]): NodeTarget => {
  if (args.length !== 1) throw new UsageError(`usage: ${usage}`);
  return { node: usageChecked(() => nodeName(args[0]!)) };
};

export const standbyAction: ActionDef<NodeTarget, StandbyFacts> = {
  id: 'node.standby',
  title: 'Node standby',
  usage: 'node standby NODE',
  destructive: true,
  mutates: true,
  parseTarget: parseNodeTarget('node standby NODE'),
  targetLabel: (t) => t.node,
  async gather(t, ctx, opts) {
    const vms = runningVmsOn(ctx.store.getState(), t.node).map((v) => v.name);
    const r = await readDomains(ctx.runner, opts.libvirtUri, t.node, vms);
    return { ...r, ...(await readVmConfigs(ctx.runner, ctx.store.getState(), vms)) };
  },
  guards: standbyGuards,
  plan: standbyPlan,
  verify: verifyStandby,
  // guards: quorum, fencing (stonith targets), capacity and freshness of every active node
  reads: (_t, s, phase) => (phase === 'guards' ? clusterGuardReads(s, { stonith: true }) : [PACEMAKER]),
};

export const onlineAction: ActionDef<NodeTarget, undefined> = {
  id: 'node.online',
  title: 'Node online',
  usage: 'node online NODE',
  destructive: false,
  mutates: true,
  parseTarget: parseNodeTarget('node online NODE'),
  targetLabel: (t) => t.node,
  guards: onlineGuards,
  plan: onlinePlan,
  verify: verifyOnline,
  reads: (t, _s, phase) => (phase === 'guards' ? [PACEMAKER, { sources: GUARD_NODE_SOURCES, nodes: [t.node] }] : [PACEMAKER]),
};
