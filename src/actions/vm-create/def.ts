import { domainName, nodeName } from '../../model/names.js';
import { usageChecked } from '../error-text.js';
import { readNodesDomains } from '../gather.js';
import { vmsOn } from '../state.js';
import { UsageError, type ActionDef } from '../types.js';
import { createGuards, type CreateFacts, type CreateTarget } from './guards.js';
import { createPlan } from './plan.js';
import { verifyCreate } from './verify.js';

const usage = 'vm create NAME --profile P --node N [--vcpus N] [--memory MiB] [--disk /dev/mapper/X]… [--network BRIDGE]… [--no-cluster|--cluster]';

export function parseCreate(args: readonly string[]): CreateTarget {
  const [name, ...rest] = args;
  if (!name || name.startsWith('--')) throw new UsageError(`usage: ${usage}`);
  // A bad name is a usage error before anything is read or planned (the guard repeats the check).
  usageChecked(() => domainName(name));
  const t: CreateTarget = { name, profile: '', node: '', disks: [], bridges: [] };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const val = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const int = (v: string) => {
      if (!/^\d+$/.test(v)) throw new UsageError(`${flag} needs a whole number, got ${JSON.stringify(v)}`);
      return Number(v);
    };
    if (flag === '--profile') t.profile = val();
    else if (flag === '--node') t.node = val();
    else if (flag === '--vcpus') t.vcpus = int(val());
    else if (flag === '--memory') t.memoryMiB = int(val());
    else if (flag === '--disk') t.disks.push(val());
    else if (flag === '--network') t.bridges.push(val());
    else if (flag === '--no-cluster') t.cluster = false;
    else if (flag === '--cluster') t.cluster = true;
    else throw new UsageError(`unknown option ${JSON.stringify(flag)}; usage: ${usage}`);
  }
  if (!t.profile) throw new UsageError('--profile is required');
  if (!t.node) throw new UsageError('--node is required');
  usageChecked(() => nodeName(t.node));
  return t;
}

export const createAction: ActionDef<CreateTarget, CreateFacts> = {
  id: 'vm.create',
  title: 'Create VM',
  usage,
  destructive: false,
  mutates: true,
  parseTarget: parseCreate,
  targetLabel: (t) => `${t.name} on ${t.node}`,
  // Every domain defined on every reachable node: disks already in use anywhere, CPUs pinned on the target.
  gather: (_t, ctx, opts) => readNodesDomains(ctx.runner, opts.libvirtUri, ctx.store.getState(), ctx.store.getState().nodeOrder, (s, n) => vmsOn(s, n).map((v) => v.name)),
  guards: createGuards,
  plan: createPlan,
  verify: verifyCreate,
};
