import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import type { Plan } from '../types.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, NOW } from '../../../test/support/actions/state.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { VM_PRIMITIVES_XPATH } from '../commands.js';
import { utilizationAction } from './def.js';

const URI = 'qemu:///system';
const xml = (name: string, vcpus: number, mib: number) => `<domain type='kvm'>\n  <name>${name}</name>\n  <memory unit='KiB'>${mib * 1024}</memory>\n  <vcpu placement='static'>${vcpus}</vcpu>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n</domain>\n`;
const withUtil = (s: VdState, resources: NonNullable<VdState['cluster']['utilization']>['resources'], placementStrategy = 'balanced') => {
  s.cluster.utilization = { nodes: {}, resources, placementStrategy };
  s.cluster.fresh.utilization = { lastOk: NOW - 1_000, lastAttempt: NOW - 1_000, intervalMs: 30_000 };
};
async function prep(vm: string, mutate: (s: VdState) => void, dumpxml?: { node: string; stdout: string; code?: number }) {
  const s = cluster();
  mutate(s);
  const r = new FakeRunner();
  r.allow(undefined, ['cibadmin', '--query', '--xpath', VM_PRIMITIVES_XPATH], { code: 105 });
  if (dumpxml) r.allow(dumpxml.node, ['virsh', '-c', URI, '-r', 'dumpxml', '--inactive', vm], { stdout: dumpxml.stdout, code: dumpxml.code ?? 0 });
  const { ctx } = testCtx(s, r);
  return { plan: await preparePlan('vm.utilization', { vm }, ctx), ctx, r };
}
const argv = (p: Plan) => p.steps.map((s) => (s.kind === 'cmd' ? [s.node, ...s.cmd.argv] : ['wait']));

describe('vm utilization', () => {
  it('sets what is missing or differs from the domain XML: exact crm_resource --utilization commands', async () => {
    const { plan } = await prep('db1', (s) => withUtil(s, { 'vm-db1': { cpu: 4 } }), { node: 'n2', stdout: xml('db1', 8, 16384) });
    expect(plan.findings).toEqual([]);
    expect(argv(plan)).toEqual([
      ['n1', 'crm_resource', '--resource', 'vm-db1', '--utilization', '--set-parameter', 'cpu', '--parameter-value', '8'],
      ['n1', 'crm_resource', '--resource', 'vm-db1', '--utilization', '--set-parameter', 'hv_memory', '--parameter-value', '16384'],
    ]);
    expect(plan.steps.map((s) => s.purpose)).toEqual(['vm-db1 utilization cpu 4 → 8', 'vm-db1 utilization hv_memory (unset) → 16384']);
    expect(plan.summary[0]).toBe("From db1's domain XML on n2: 8 vCPUs, 16384 MiB.");
  });
  it('only the attribute that differs', async () => {
    const { plan } = await prep('web1', (s) => withUtil(s, { 'vm-web1': { cpu: 2, hvMemory: 2048 } }, 'default'), { node: 'n1', stdout: xml('web1', 2, 4096) });
    expect(argv(plan)).toEqual([['n1', 'crm_resource', '--resource', 'vm-web1', '--utilization', '--set-parameter', 'hv_memory', '--parameter-value', '4096']]);
    expect(plan.summary[1]).toMatch(/placement-strategy is default: Pacemaker ignores utilization/);
  });
  it('grammar', () => {
    expect(utilizationAction.parseTarget(['web1'])).toEqual({ vm: 'web1' });
  });
});

describe('vm utilization: each guard refuses the action (nothing runs)', () => {
  const ok = { node: 'n1', stdout: xml('web1', 2, 4096) };
  const cases: { name: string; vm: string; mutate: (s: VdState) => void; dumpxml?: { node: string; stdout: string; code?: number }; codes: string[] }[] = [
    { name: 'an unmanaged VM', vm: 'app1', mutate: (s) => withUtil(s, {}), dumpxml: { node: 'n1', stdout: xml('app1', 4, 8192) }, codes: ['vm-unmanaged'] },
    { name: 'an ambiguous VM ↔ resource match', vm: 'web1', mutate: (s) => (withUtil(s, {}), s.cluster.crm!.resources.push({ ...s.cluster.crm!.resources[0]!, id: 'web1' })), dumpxml: ok, codes: ['vm-resource-ambiguous'] },
    { name: 'utilization not read yet', vm: 'web1', mutate: () => undefined, dumpxml: ok, codes: ['utilization-unread'] },
    { name: 'a stale utilization read', vm: 'web1', mutate: (s) => (withUtil(s, {}), (s.cluster.fresh.utilization!.lastOk = 0)), dumpxml: ok, codes: ['stale-data'] },
    { name: 'the domain XML cannot be read', vm: 'web1', mutate: (s) => withUtil(s, {}), dumpxml: { node: 'n1', stdout: '', code: 1 }, codes: ['vm-xml-unread'] },
    { name: 'already current', vm: 'web1', mutate: (s) => withUtil(s, { 'vm-web1': { cpu: 2, hvMemory: 4096 } }), dumpxml: ok, codes: ['utilization-current'] },
    { name: 'without quorum', vm: 'web1', mutate: (s) => (withUtil(s, {}), (s.cluster.crm!.summary.withQuorum = false)), dumpxml: ok, codes: ['no-quorum'] },
    { name: 'read-only mode', vm: 'web1', mutate: (s) => (withUtil(s, {}), (s.readonly = true)), dumpxml: ok, codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { plan, ctx, r } = await prep(c.vm, c.mutate, c.dumpxml);
      await expectRefused(plan, ctx, r, c.codes);
    });
  }
  it('executes and verifies against the next utilization read', async () => {
    const s = cluster();
    withUtil(s, { 'vm-web1': { cpu: 1, hvMemory: 4096 } });
    const r = new FakeRunner();
    r.allow(undefined, ['cibadmin', '--query', '--xpath', VM_PRIMITIVES_XPATH], { code: 105 });
    r.allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', '--inactive', 'web1'], { stdout: xml('web1', 2, 4096) });
    r.expect('n1', ['crm_resource', '--resource', 'vm-web1', '--utilization', '--set-parameter', 'cpu', '--parameter-value', '2']);
    const { ctx } = testCtx(s, r, { onRefresh: (round, set) => round >= 2 && set((x) => (x.cluster.utilization!.resources['vm-web1']!.cpu = 2)) });
    const plan = await preparePlan('vm.utilization', { vm: 'web1' }, ctx);
    expect(await executePlan(plan, ctx)).toMatchObject({ ok: true, message: 'vm-web1 utilization cpu 2, hv_memory 4096' });
    r.assertAllCalled();
  });
});
