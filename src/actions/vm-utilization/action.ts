// vm utilization: set the VM resource's utilization (cpu = vCPUs, hv_memory = memory in MiB)
// from its domain XML. Gather, guards, plan, verify; pure except gather.
import { utilizationGap, memoryMiB } from '../../collectors/utilization/compare.js';
import { dumpxmlInactiveCmd } from '../commands.js';
import { parseDumpxml } from '../../collectors/virsh/parse.js';
import type { VdState } from '../../store/types.js';
import { healthyNode } from '../engine.js';
import { errorText } from '../error-text.js';
import { isReachable, isStale, nodesDefining, quorumFindings, resourceForVm, staleFindings } from '../state.js';
import type { ActionCtx, ActionOptions, Finding, GuardInput, PlanBody, VerifyResult } from '../types.js';
import { domainsOf, readVmConfigs, type VmConfigFacts } from '../vm-config.js';
import { vmResourceFindings } from '../vm-resource.js';
import { utilizationSetCmd, type UtilizationName } from './commands.js';

export interface UtilizationTarget {
  vm: string;
}

export interface UtilizationFacts extends VmConfigFacts {
  /** vCPUs and memory of `virsh dumpxml --inactive` (what the VM boots with), and where read. */
  size?: { vcpus: number; memoryKb: number; node: string };
  sizeError?: string;
}

export async function gatherUtilization(t: UtilizationTarget, ctx: ActionCtx, opts: ActionOptions): Promise<UtilizationFacts> {
  const s = ctx.store.getState();
  const out: UtilizationFacts = await readVmConfigs(ctx.runner, s, [t.vm]);
  const node = nodesDefining(s, t.vm).find((n) => isReachable(s, n));
  if (!node) return { ...out, sizeError: `no reachable node lists ${t.vm}: its domain XML cannot be read` };
  try {
    const r = await ctx.runner.run(node, dumpxmlInactiveCmd(opts.libvirtUri, t.vm));
    if (r.code !== 0) return { ...out, sizeError: `${node}: virsh dumpxml --inactive ${t.vm}: exit ${r.code}` };
    const d = parseDumpxml(r.stdout, node);
    return { ...out, size: { vcpus: d.vcpus, memoryKb: d.memoryKb, node } };
  } catch (e) {
    return { ...out, sizeError: `${node}: virsh dumpxml --inactive ${t.vm}: ${errorText(e)}` };
  }
}

type Input = GuardInput<UtilizationTarget, Partial<UtilizationFacts> | undefined>;

/** The attributes to write: those missing or differing from the XML. */
function changes(s: VdState, rsc: string, f: Partial<UtilizationFacts> | undefined): { name: UtilizationName; value: number; was?: number }[] {
  if (!f?.size) return [];
  const u = s.cluster.utilization?.resources[rsc];
  const want = { cpu: f.size.vcpus, hv_memory: memoryMiB(f.size.memoryKb) };
  const has = { cpu: u?.cpu, hv_memory: u?.hvMemory };
  return (['cpu', 'hv_memory'] as const).filter((n) => has[n] !== want[n]).map((n) => ({ name: n, value: want[n], ...(has[n] !== undefined ? { was: has[n] } : {}) }));
}

export function utilizationGuards({ state: s, target: t, facts: f, now }: Input): Finding[] {
  const matched = vmResourceFindings(s, t.vm, domainsOf(f));
  if (matched.length) return matched;
  const rsc = resourceForVm(s, t.vm, domainsOf(f));
  if (!rsc) return [{ level: 'error', code: 'vm-unmanaged', message: `${t.vm} is not managed by Pacemaker: utilization belongs to its resource` }];
  const out: Finding[] = [...quorumFindings(s), ...staleFindings(s, [], now)];
  if (s.cluster.utilization && isStale(s.cluster.fresh.utilization, now, 'utilization')) out.push({ level: 'error', code: 'stale-data', message: 'the CIB utilization read is stale; refresh before acting' });
  if (!s.cluster.utilization) out.push({ level: 'error', code: 'utilization-unread', message: 'the CIB utilization was not read yet: cannot tell what changes' });
  if (f?.sizeError !== undefined || !f?.size) out.push({ level: 'error', code: 'vm-xml-unread', message: `${f?.sizeError ?? `${t.vm}'s domain XML was not read`}: its size is unknown` });
  else if (s.cluster.utilization && !changes(s, rsc.id, f).length) out.push({ level: 'error', code: 'utilization-current', message: `${rsc.id} already has cpu ${f.size.vcpus} and hv_memory ${memoryMiB(f.size.memoryKb)}: nothing to change` });
  return out;
}

export function utilizationPlan({ state: s, target: t, facts: f }: Input): PlanBody {
  const rsc = resourceForVm(s, t.vm, domainsOf(f))!;
  const node = healthyNode(s);
  if (!node) throw new Error('no healthy node to run crm_resource on');
  const ch = changes(s, rsc.id, f);
  return {
    steps: ch.map((c) => ({ kind: 'cmd' as const, node, cmd: utilizationSetCmd(rsc.id, c.name, c.value), purpose: `${rsc.id} utilization ${c.name} ${c.was ?? '(unset)'} → ${c.value}` })),
    summary: [
      `From ${t.vm}'s domain XML on ${f?.size?.node}: ${f?.size?.vcpus} vCPUs, ${memoryMiB(f?.size?.memoryKb ?? 0)} MiB.`,
      `placement-strategy is ${s.cluster.utilization?.placementStrategy ?? '?'}${s.cluster.utilization?.placementStrategy === 'default' ? ': Pacemaker ignores utilization until it is set to utilization, minimal or balanced' : ''}.`,
    ],
  };
}

export function verifyUtilization(s: VdState, t: UtilizationTarget): VerifyResult {
  const rsc = resourceForVm(s, t.vm);
  const u = rsc ? s.cluster.utilization?.resources[rsc.id] : undefined;
  const vm = s.nodeOrder.flatMap((n) => s.nodes[n]?.vms ?? []).find((v) => v.name === t.vm);
  const gap = utilizationGap(u, vm?.vcpus, vm?.memoryKb);
  if (!u || gap.missing.length || gap.differs.length) return { ok: false, message: `${rsc?.id ?? t.vm}: ${[...gap.differs, ...gap.missing.map((m) => `no ${m}`)].join(', ') || 'utilization not read'}` };
  return { ok: true, message: `${rsc!.id} utilization cpu ${u.cpu}, hv_memory ${u.hvMemory}` };
}
