import { standbyCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { need, type ArgSpec } from '../grammar.js';
import { readDomains } from '../gather.js';
import { runningVmsOn } from '../state.js';
import { GUARD_NODE_SOURCES, PACEMAKER, clusterGuardReads } from '../reads.js';
import { onlineGuards, standbyGuards, type NodeTarget, type StandbyFacts } from './guards.js';
import { onlinePlan, standbyPlan } from './plan.js';
import { readVmConfigs } from '../vm-config.js';
import { verifyOnline, verifyStandby } from './verify.js';

/** The one argument of the node actions. */
export const NODE_ARG: ArgSpec = { name: 'node', meta: 'NODE', type: 'node' };
export const nodeTarget = (v: Parameters<typeof need>[0]): NodeTarget => ({ node: need(v, 'node', 'NODE') });

export const standbyAction = defineAction({
  title: 'Node standby',
  summary: 'Put the node in standby: Pacemaker moves its resources away (VMs live-migrate) and places nothing on it.',
  cli: { group: 'node', verb: 'standby', args: [NODE_ARG] },
  ui: { bindings: [{ scope: 'nodes', key: 't', desc: 'Put node(s) in standby', hint: 'standby' }], takes: 'rows' },
  destructive: true,
  mutates: true,
  target: nodeTarget,
  sudo: (p) => [standbyCmd(p.node, true)],
  targetLabel: (t) => t.node,
  async gather(t, ctx, opts): Promise<StandbyFacts> {
    const vms = runningVmsOn(ctx.store.getState(), t.node).map((v) => v.name);
    const r = await readDomains(ctx.runner, opts.libvirtUri, t.node, vms);
    return { ...r, ...(await readVmConfigs(ctx.runner, ctx.store.getState(), vms)) };
  },
  guards: standbyGuards,
  plan: standbyPlan,
  verify: verifyStandby,
  // guards: quorum, fencing (stonith targets), capacity and freshness of every active node
  reads: (_t, s, phase) => (phase === 'guards' ? clusterGuardReads(s, { stonith: true }) : [PACEMAKER]),
});

export const onlineAction = defineAction({
  title: 'Node online',
  summary: 'Bring the node out of standby: Pacemaker may place resources on it again.',
  cli: { group: 'node', verb: 'online', args: [NODE_ARG] },
  ui: { bindings: [{ scope: 'nodes', key: 'o', desc: 'Bring node(s) online', hint: 'online' }], takes: 'rows' },
  destructive: false,
  mutates: true,
  target: nodeTarget,
  sudo: (p) => [standbyCmd(p.node, false)],
  targetLabel: (t) => t.node,
  guards: onlineGuards,
  plan: onlinePlan,
  verify: verifyOnline,
  reads: (t, _s, phase) => (phase === 'guards' ? [PACEMAKER, { sources: GUARD_NODE_SOURCES, nodes: [t.node] }] : [PACEMAKER]),
});
