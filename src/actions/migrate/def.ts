import { clearCmd, moveCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { need } from '../grammar.js';
import { readDomains } from '../gather.js';
import { nodesDefining, nodesRunning } from '../state.js';
import { readInactiveDigest } from '../gather.js';
import { reachableNodes, vmVerifyReads } from '../reads.js';
import type { Runner } from '../../ssh/runner.js';
import { migrateGuards, type MigrateFacts, type MigrateTarget } from './guards.js';
import { migratePlan } from './plan.js';
import { readVmConfigs } from '../vm-config.js';
import { verifyMigrate } from './verify.js';

/** The VM is also defined on the target: compare both persistent definitions. */
async function readDrift(runner: Runner, uri: string, vm: string, source: string, target: string, errors: string[]): Promise<MigrateFacts['drift']> {
  const [a, b] = await Promise.all([readInactiveDigest(runner, uri, source, vm), readInactiveDigest(runner, uri, target, vm)]);
  for (const r of [a, b]) if (typeof r !== 'string') errors.push(r.error);
  return typeof a === 'string' && typeof b === 'string' ? { source: a, target: b } : undefined;
}

export const migrateAction = defineAction({
  title: 'Migrate VM',
  summary: 'Live-migrate the VM to NODE (a managed VM through Pacemaker, its move constraint cleared after).',
  cli: {
    group: 'vm',
    verb: 'migrate',
    args: [
      { name: 'vm', meta: 'VM', type: 'vm' },
      { name: 'node', meta: 'NODE', type: 'node', help: 'destination' },
    ],
  },
  ui: { bindings: [{ scope: 'vms', key: 'm', desc: 'Live-migrate VM(s)', hint: 'migrate' }], takes: 'rows', pick: { value: 'node', here: 'vm' } },
  destructive: true,
  mutates: true,
  // a managed VM moves through Pacemaker (move, then clear); virsh runs as the user
  sudo: (p) => [moveCmd(p.resource, p.node), clearCmd(p.resource)],
  target: (v): MigrateTarget => ({ vm: need(v, 'vm', 'VM'), node: need(v, 'node', 'NODE') }),
  targetLabel: (t) => `${t.vm} → ${t.node}`,
  confirmWords: (t) => [t.vm],
  async gather(t, ctx, opts): Promise<MigrateFacts> {
    const cfg = await readVmConfigs(ctx.runner, ctx.store.getState(), [t.vm]);
    const running = nodesRunning(ctx.store.getState(), t.vm);
    if (running.length !== 1) return cfg;
    const source = running[0]!;
    const r = await readDomains(ctx.runner, opts.libvirtUri, source, [t.vm]);
    const domain = r.domains[t.vm];
    const errors = [...r.errors];
    const drift = nodesDefining(ctx.store.getState(), t.vm).includes(t.node) ? await readDrift(ctx.runner, opts.libvirtUri, t.vm, source, t.node, errors) : undefined;
    return { ...cfg, source, ...(domain ? { domain } : {}), ...(drift ? { drift } : {}), ...(errors.length ? { error: errors.join('; ') } : {}) };
  },
  guards: migrateGuards,
  plan: migratePlan,
  verify: verifyMigrate,
  reads: (t, s, phase) =>
    phase === 'guards'
      ? // duplicates are looked for on every node; capacity, LUNs and bridges on source and target
        [{ sources: ['pacemaker'] }, { sources: ['vms'], nodes: reachableNodes(s) }, { sources: ['host', 'vms', 'multipath', 'network'], nodes: [...new Set([...nodesRunning(s, t.vm), t.node])] }]
      : vmVerifyReads(s, t.vm, t.node),
});
