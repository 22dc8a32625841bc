import { nodeName } from '../../model/names.js';
import { cibQueryCmd } from '../commands.js';
import { healthyNode } from '../engine.js';
import { errorText, usageChecked } from '../error-text.js';
import { UsageError, type ActionDef } from '../types.js';
import { fenceCheckGuards, fenceNodeGuards, type FenceCheckFacts, type FenceCheckTarget, type FenceNodeTarget } from './guards.js';
import { fenceCheckPlan, fenceNodePlan } from './plan.js';
import { parseFencingTopology } from './topology.js';
import { verifyFenced } from './verify.js';
import { victimsReport } from './kills.js';
import { PACEMAKER } from '../reads.js';

const node = (v: string) => usageChecked(() => nodeName(v));

export const fenceCheckAction: ActionDef<FenceCheckTarget, FenceCheckFacts> = {
  id: 'fence.check',
  title: 'Fence check',
  usage: 'fence check [NODE]',
  destructive: false,
  mutates: false,
  parseTarget(args) {
    if (args.length > 1) throw new UsageError('usage: fence check [NODE]');
    return args[0] ? { node: node(args[0]) } : {};
  },
  targetLabel: (t) => t.node ?? 'all nodes',
  async gather(_t, ctx) {
    const via = healthyNode(ctx.store.getState());
    if (!via) return { error: 'no reachable node to read the fencing topology from' };
    try {
      const r = await ctx.runner.run(via, cibQueryCmd('fencing-topology'));
      // exit 105 (no such object): no topology configured
      if (r.code === 105 || (r.code !== 0 && /No such/i.test(r.stderr))) return { levels: [] };
      if (r.code !== 0) return { error: `cibadmin --query --scope fencing-topology on ${via}: exit ${r.code}` };
      return { levels: parseFencingTopology(r.stdout) };
    } catch (e) {
      return { error: errorText(e) };
    }
  },
  guards: fenceCheckGuards,
  plan: fenceCheckPlan,
};

export const fenceNodeAction: ActionDef<FenceNodeTarget, undefined> = {
  id: 'fence.node',
  title: 'Fence node',
  usage: 'fence node NODE --reason TEXT',
  destructive: true,
  mutates: true,
  parseTarget(args) {
    const [n, flag, reason, ...rest] = args;
    if (!n || flag !== '--reason' || reason === undefined || rest.length) throw new UsageError('usage: fence node NODE --reason TEXT');
    return { node: node(n), reason };
  },
  targetLabel: (t) => t.node,
  confirmWords: (t) => [t.node],
  reason: (t) => t.reason,
  guards: fenceNodeGuards,
  plan: fenceNodePlan,
  verify: verifyFenced,
  whatIfReport: (s, t, w) => victimsReport(s, t.node, w),
  // the guards' re-check keeps the full round; the fence result is in crm_mon's fence history
  reads: (_t, _s, phase) => (phase === 'verify' ? [PACEMAKER] : undefined),
};
