import { standbyCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { NODE_ARG, nodeTarget, standbyAction } from '../standby/def.js';
import { PACEMAKER } from '../reads.js';
import { evacuateGuards } from './guards.js';
import { evacuatePlan } from './plan.js';
import { verifyEvacuated } from './verify.js';

export const evacuateAction = defineAction({
  title: 'Evacuate node',
  summary: 'Evacuate the node: its VMs go to the other active nodes, placed by free capacity.',
  cli: { group: 'node', verb: 'evacuate', args: [NODE_ARG] },
  ui: { bindings: [{ scope: 'nodes', key: 'e', desc: 'Evacuate node (migrate its VMs away)', hint: 'evacuate' }], takes: 'rows' },
  destructive: true,
  mutates: true,
  target: nodeTarget,
  sudo: (p) => [standbyCmd(p.node, true)],
  targetLabel: (t) => t.node,
  gather: standbyAction.gather!,
  guards: evacuateGuards,
  plan: evacuatePlan,
  verify: verifyEvacuated,
  reads: (t, s, phase) => (phase === 'guards' ? standbyAction.reads!(t, s, phase) : [PACEMAKER, { sources: ['vms'], nodes: [t.node] }]),
});
