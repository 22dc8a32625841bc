import { cibCreateResourceCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { list, need, num, type ActionValues } from '../grammar.js';
import { readNodesDomains } from '../gather.js';
import { vmsOn } from '../state.js';
import { createGuards, type CreateFacts, type CreateTarget } from './guards.js';
import { createPlan } from './plan.js';
import { verifyCreate } from './verify.js';

/** `vm create` words → target (the form's values go through the same grammar). */
export const parseCreate = (args: readonly string[]): CreateTarget => createAction.parseTarget(args);

function createTarget(v: ActionValues): CreateTarget {
  const t: CreateTarget = { name: need(v, 'name', 'NAME'), profile: need(v, 'profile', '--profile'), node: need(v, 'node', '--node'), disks: list(v, 'disks'), bridges: list(v, 'networks') };
  const vcpus = num(v, 'vcpus');
  const memory = num(v, 'memory');
  if (vcpus !== undefined) t.vcpus = vcpus;
  if (memory !== undefined) t.memoryMiB = memory;
  if (typeof v['cluster'] === 'boolean') t.cluster = v['cluster'];
  return t;
}

export const createAction = defineAction({
  title: 'Create VM',
  summary: 'Define a VM from a profile on NODE (and, Pacemaker-managed, on every active node), then register it with Pacemaker.',
  cli: {
    group: 'vm',
    verb: 'create',
    args: [{ name: 'name', meta: 'NAME', type: 'vm' }],
    options: [
      { name: 'profile', flag: '--profile', meta: 'P', required: true, help: 'generic|app|database|iointensive|dc: sizes, CPU and disk tuning' },
      { name: 'node', flag: '--node', meta: 'N', type: 'node', required: true, help: 'the node it is defined and started on' },
      { name: 'vcpus', flag: '--vcpus', meta: 'N', type: 'count', help: "vCPUs (default: the profile's)" },
      { name: 'memory', flag: '--memory', meta: 'MiB', type: 'count', help: "memory in MiB (default: the profile's)" },
      { name: 'disks', flag: '--disk', meta: '/dev/mapper/X', repeat: true, help: 'a multipath device as a disk (again for more)' },
      { name: 'networks', flag: '--network', meta: 'BRIDGE', repeat: true, help: 'a bridge to attach (again for more)' },
      { name: 'cluster', flag: '--cluster', negatable: true, help: 'register (or with --no-cluster: do not) a VirtualDomain resource; default: when Pacemaker already manages VMs' },
    ],
  },
  ui: { bindings: [{ scope: 'vms', key: 'n', desc: 'New VM from a profile (form, plan, confirm)', hint: 'new' }], takes: 'none', form: true },
  destructive: false,
  mutates: true,
  target: createTarget,
  sudo: (p) => [cibCreateResourceCmd(p.primitiveXml)],
  targetLabel: (t) => `${t.name} on ${t.node}`,
  // Every domain defined on every reachable node: disks already in use anywhere, CPUs pinned on the target.
  gather: (_t, ctx, opts): Promise<CreateFacts> => readNodesDomains(ctx.runner, opts.libvirtUri, ctx.store.getState(), ctx.store.getState().nodeOrder, (s, n) => vmsOn(s, n).map((v) => v.name)),
  guards: createGuards,
  plan: createPlan,
  verify: verifyCreate,
});
