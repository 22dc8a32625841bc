import { standbyAction, parseNodeTarget } from '../standby/def.js';
import type { NodeTarget, StandbyFacts } from '../standby/guards.js';
import type { ActionDef } from '../types.js';
import { PACEMAKER } from '../reads.js';
import { evacuateGuards } from './guards.js';
import { evacuatePlan } from './plan.js';
import { verifyEvacuated } from './verify.js';

export const evacuateAction: ActionDef<NodeTarget, StandbyFacts> = {
  id: 'node.evacuate',
  title: 'Evacuate node',
  usage: 'node evacuate NODE',
  destructive: true,
  mutates: true,
  parseTarget: parseNodeTarget('node evacuate NODE'),
  targetLabel: (t) => t.node,
  gather: standbyAction.gather!,
  guards: evacuateGuards,
  plan: evacuatePlan,
  verify: verifyEvacuated,
  reads: (t, s, phase) => (phase === 'guards' ? standbyAction.reads!(t, s, phase) : [PACEMAKER, { sources: ['vms'], nodes: [t.node] }]),
};
