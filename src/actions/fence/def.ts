import { cibQueryCmd, fenceCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { healthyNode } from '../engine.js';
import { errorText } from '../error-text.js';
import { need, str } from '../grammar.js';
import { fenceCheckGuards, fenceNodeGuards, type FenceCheckFacts, type FenceCheckTarget, type FenceNodeTarget } from './guards.js';
import { fenceCheckPlan, fenceNodePlan } from './plan.js';
import { parseFencingTopology } from './topology.js';
import { verifyFenced } from './verify.js';
import { victimsReport } from './kills.js';
import { PACEMAKER } from '../reads.js';

export const fenceCheckAction = defineAction({
  title: 'Fence check',
  summary: 'Probe each fence device, sbd slot and watchdog now (read-only) and say whether every node can be fenced.',
  cli: { group: 'fence', verb: 'check', args: [{ name: 'node', meta: 'NODE', type: 'node', optional: true, help: 'only this node' }] },
  // Read-only probes (stonith_admin --query, sbd list, the sysfs watchdog listing): allowed in read-only mode.
  ui: { bindings: [{ scope: 'fence', key: 'f', desc: 'Check fencing: probe each fence device, sbd slot and watchdog now (read-only; Enter runs)', hint: 'fence check' }], takes: 'none' },
  destructive: false,
  mutates: false,
  target: (v): FenceCheckTarget => {
    const node = str(v, 'node');
    return node ? { node } : {};
  },
  targetLabel: (t) => t.node ?? 'all nodes',
  async gather(_t, ctx): Promise<FenceCheckFacts> {
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
});

export const fenceNodeAction = defineAction({
  title: 'Fence node',
  summary: 'Power the node off or reboot it through its fence device: everything running on it dies at once.',
  cli: {
    group: 'fence',
    verb: 'node',
    args: [{ name: 'node', meta: 'NODE', type: 'node' }],
    options: [{ name: 'reason', flag: '--reason', meta: 'TEXT', required: true, help: 'why the node is fenced, written to the audit log (required)' }],
  },
  ui: {
    bindings: [
      { scope: 'fence', key: 'F', desc: "Fence the selected row's node (reason, then type its name)", hint: 'fence node' },
      { id: 'node.fence', scope: 'nodes', key: 'F', desc: 'Fence the node (power off/reboot; reason, then type its name)' },
    ],
    // Fencing acts on exactly one node: several marked rows are refused, not fenced one after another.
    takes: 'one',
    oneReason: 'fencing takes exactly one node',
    form: true,
  },
  destructive: true,
  mutates: true,
  planFresh: ['pacemaker', 'stonith', 'corosync'],
  sudo: (p) => [fenceCmd(p.node)],
  target: (v): FenceNodeTarget => ({ node: need(v, 'node', 'NODE'), reason: need(v, 'reason', '--reason') }),
  targetLabel: (t) => t.node,
  confirmWords: (t) => [t.node],
  reason: (t) => t.reason,
  guards: fenceNodeGuards,
  plan: fenceNodePlan,
  verify: verifyFenced,
  whatIfReport: (s, t, w) => victimsReport(s, t.node, w),
  // the guards' re-check keeps the full round; the fence result is in crm_mon's fence history
  reads: (_t, _s, phase) => (phase === 'verify' ? [PACEMAKER] : undefined),
});
