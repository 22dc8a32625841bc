import { domainName, nodeName } from '../../model/names.js';
import { usageChecked } from '../error-text.js';
import { readDomains } from '../gather.js';
import { nodesRunning } from '../state.js';
import { reachableNodes, vmVerifyReads } from '../reads.js';
import { UsageError, type ActionDef } from '../types.js';
import { migrateGuards, type MigrateFacts, type MigrateTarget } from './guards.js';
import { migratePlan } from './plan.js';
import { verifyMigrate } from './verify.js';

const usage = 'vm migrate VM NODE';

export const migrateAction: ActionDef<MigrateTarget, MigrateFacts> = {
  id: 'vm.migrate',
  title: 'Migrate VM',
  usage,
  destructive: true,
  mutates: true,
  parseTarget(args) {
    if (args.length !== 2) throw new UsageError(`usage: ${usage}`);
    return usageChecked(() => ({ vm: domainName(args[0]!), node: nodeName(args[1]!) }));
  },
  targetLabel: (t) => `${t.vm} → ${t.node}`,
  confirmWords: (t) => [t.vm],
  async gather(t, ctx, opts) {
    const running = nodesRunning(ctx.store.getState(), t.vm);
    if (running.length !== 1) return {};
    const source = running[0]!;
    const r = await readDomains(ctx.runner, opts.libvirtUri, source, [t.vm]);
    const domain = r.domains[t.vm];
    return { source, ...(domain ? { domain } : {}), ...(r.errors.length ? { error: r.errors.join('; ') } : {}) };
  },
  guards: migrateGuards,
  plan: migratePlan,
  verify: verifyMigrate,
  reads: (t, s, phase) =>
    phase === 'guards'
      ? // duplicates are looked for on every node; capacity, LUNs and bridges on source and target
        [{ sources: ['pacemaker'] }, { sources: ['vms'], nodes: reachableNodes(s) }, { sources: ['host', 'vms', 'multipath', 'network'], nodes: [...new Set([...nodesRunning(s, t.vm), t.node])] }]
      : vmVerifyReads(s, t.vm, t.node),
};
