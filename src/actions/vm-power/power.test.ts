import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster } from '../../../test/support/actions/state.js';
import { expectRefused } from '../../../test/support/actions/refused.js';

const URI = 'qemu:///system';
const noWhatIf = (r: FakeRunner) => r.allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no tmp' });
async function prep(id: string, target: object, mutate: (s: VdState) => void) {
  const s = cluster();
  mutate(s);
  const r = noWhatIf(new FakeRunner({ ordered: true }));
  const { ctx } = testCtx(s, r);
  return { plan: await preparePlan(id, target, ctx), ctx, r };
}
const errs = (p: { findings: { code: string; level: string }[] }) => p.findings.filter((f) => f.level === 'error').map((f) => f.code);
const stopped = (s: VdState) => {
  s.nodes['n1']!.vms!.find((v) => v.name === 'web1')!.state = 'shut off';
  s.cluster.crm!.resources[0]!.nodes = [];
  s.cluster.crm!.resources[0]!.active = false;
};

describe('vm start', () => {
  it('managed: target-role Started via crm_resource', async () => {
    const { plan } = await prep('vm.start', { vm: 'web1' }, stopped);
    expect(plan.findings).toEqual([]);
    expect(plan.steps.map((s) => s.kind === 'cmd' && [s.node, ...s.cmd.argv])).toEqual([
      ['n1', 'crm_resource', '--resource', 'vm-web1', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Started'],
    ]);
    expect(plan.whatIf?.error).toMatch(/mktemp failed/);
  });
  it('autostart on a cluster-managed VM is a warning to acknowledge (it could start twice after a reboot)', async () => {
    const { plan, ctx, r } = await prep('vm.start', { vm: 'web1' }, (s) => {
      stopped(s);
      s.nodes['n1']!.vms!.find((v) => v.name === 'web1')!.autostart = true;
    });
    expect(plan.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:autostart-managed']);
    expect(plan.findings[0]!.message).toMatch(/autostart on \(n1\).*vm-web1.*virsh autostart --disable web1/);
    expect(await executePlan(plan, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    expect(r.mutations()).toEqual([]);
  });
  it('refuses while the VM runs anywhere', async () => {
    expect(errs((await prep('vm.start', { vm: 'web1' }, () => undefined)).plan)).toEqual(['vm-running']);
  });
  it('refuses while a node that could run it is unreachable and not fenced', async () => {
    const { plan } = await prep('vm.start', { vm: 'web1' }, (s) => {
      stopped(s);
      s.nodes['n3']!.conn.status = 'down';
      s.cluster.crm!.nodes[2]!.online = false;
      s.cluster.crm!.nodes[2]!.unclean = true;
    });
    expect(errs(plan)).toEqual(['node-unreachable-unfenced']);
    expect(plan.findings[0]!.node).toBe('n3');
  });
  it('allows it once that node is fenced', async () => {
    const { plan } = await prep('vm.start', { vm: 'web1' }, (s) => {
      stopped(s);
      s.nodes['n3']!.conn.status = 'down';
      s.cluster.crm!.nodes[2]!.online = false;
      s.cluster.crm!.fenceHistory.push({ target: 'n3', action: 'reboot', status: 'success' });
    });
    expect(errs(plan)).toEqual([]);
  });
  it('unmanaged: virsh start on the node that defines it; executes and verifies', async () => {
    const s = cluster();
    s.nodes['n1']!.vms!.find((v) => v.name === 'app1')!.state = 'shut off';
    const r = new FakeRunner({ ordered: true });
    const { ctx } = testCtx(s, r, { onRefresh: (round, set) => round >= 2 && set((x) => (x.nodes['n1']!.vms!.find((v) => v.name === 'app1')!.state = 'running')) });
    const plan = await preparePlan('vm.start', { vm: 'app1' }, ctx);
    expect(plan.steps.map((st) => st.kind === 'cmd' && st.cmd.argv)).toEqual([['virsh', '-c', URI, 'start', 'app1']]);
    r.expect('n1', ['virsh', '-c', URI, 'start', 'app1']);
    expect(await executePlan(plan, ctx)).toMatchObject({ ok: true, message: 'app1 runs on n1' });
    r.assertAllCalled();
  });
});

describe('vm stop', () => {
  it('managed: target-role Stopped; destructive, VM name typed', async () => {
    const { plan } = await prep('vm.stop', { vm: 'db1' }, () => undefined);
    expect(plan.steps.map((s) => s.kind === 'cmd' && s.cmd.argv.at(-1))).toEqual(['Stopped']);
    expect(plan.confirmWords).toEqual(['db1']);
  });
  it('unmanaged: virsh shutdown on the running node', async () => {
    const { plan } = await prep('vm.stop', { vm: 'app1' }, () => undefined);
    expect(plan.steps.map((s) => s.kind === 'cmd' && [s.node, ...s.cmd.argv])).toEqual([['n1', 'virsh', '-c', URI, 'shutdown', 'app1']]);
  });
  it('refuses a VM that is not running', async () => {
    expect(errs((await prep('vm.stop', { vm: 'app1' }, (s) => (s.nodes['n1']!.vms![1]!.state = 'shut off'))).plan)).toEqual(['vm-not-running']);
  });
});

describe('vm start / stop: each guard refuses the action (nothing runs)', () => {
  const appOff = (s: VdState) => (s.nodes['n1']!.vms!.find((v) => v.name === 'app1')!.state = 'shut off');
  const cases: { name: string; id: string; target: { vm: string; node?: string }; mutate: (s: VdState) => void; codes: string[] }[] = [
    { name: 'start on an unknown node', id: 'vm.start', target: { vm: 'app1', node: 'n9' }, mutate: appOff, codes: ['unknown-node'] },
    { name: 'start while it runs', id: 'vm.start', target: { vm: 'web1' }, mutate: () => undefined, codes: ['vm-running'] },
    {
      name: 'start while a node that defines it is unreachable and unfenced',
      id: 'vm.start',
      target: { vm: 'app1', node: 'n1' },
      mutate: (s) => {
        appOff(s);
        s.nodes['n3']!.vms!.push({ name: 'app1', node: 'n3', state: 'running' });
        s.nodes['n3']!.conn.status = 'down';
      },
      codes: ['vm-running', 'node-unreachable-unfenced'],
    },
    { name: "start while a node's data is stale", id: 'vm.start', target: { vm: 'web1' }, mutate: (s) => (stopped(s), (s.nodes['n2']!.fresh.vms!.lastOk = 0)), codes: ['stale-data'] },
    { name: 'start (managed) without quorum', id: 'vm.start', target: { vm: 'web1' }, mutate: (s) => (stopped(s), (s.cluster.crm!.summary.withQuorum = false)), codes: ['no-quorum'] },
    { name: 'start (managed) with a NODE argument', id: 'vm.start', target: { vm: 'web1', node: 'n2' }, mutate: stopped, codes: ['managed-node-arg'] },
    { name: 'start (managed) of an unmanaged resource', id: 'vm.start', target: { vm: 'web1' }, mutate: (s) => (stopped(s), (s.cluster.crm!.resources[0]!.managed = false)), codes: ['resource-unmanaged'] },
    { name: 'start of a VM defined nowhere', id: 'vm.start', target: { vm: 'ghost' }, mutate: () => undefined, codes: ['vm-not-defined'] },
    { name: 'start on a node that does not define it', id: 'vm.start', target: { vm: 'app1', node: 'n2' }, mutate: appOff, codes: ['vm-not-defined'] },
    { name: 'start without NODE of a VM defined on two nodes', id: 'vm.start', target: { vm: 'app1' }, mutate: (s) => (appOff(s), s.nodes['n3']!.vms!.push({ name: 'app1', node: 'n3', state: 'shut off' })), codes: ['ambiguous-node'] },
    { name: 'start in read-only mode', id: 'vm.start', target: { vm: 'app1' }, mutate: (s) => (appOff(s), (s.readonly = true)), codes: ['read-only'] },
    { name: 'stop of a VM that is not running', id: 'vm.stop', target: { vm: 'app1' }, mutate: appOff, codes: ['vm-not-running'] },
    { name: 'stop on a node it does not run on', id: 'vm.stop', target: { vm: 'app1', node: 'n2' }, mutate: () => undefined, codes: ['vm-not-on-node'] },
    { name: "stop while the node's data is stale", id: 'vm.stop', target: { vm: 'app1' }, mutate: (s) => (s.nodes['n1']!.fresh.host!.lastOk = 0), codes: ['stale-data'] },
    { name: 'stop (managed) without quorum', id: 'vm.stop', target: { vm: 'db1' }, mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'stop in read-only mode', id: 'vm.stop', target: { vm: 'app1' }, mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { plan, ctx, r } = await prep(c.id, c.target, c.mutate);
      await expectRefused(plan, ctx, r, c.codes);
    });
  }
  it('stop of a VM active on two nodes: a warning to acknowledge, then a shutdown on the named node only', async () => {
    const { plan, ctx, r } = await prep('vm.stop', { vm: 'app1', node: 'n3' }, (s) => s.nodes['n3']!.vms!.push({ name: 'app1', node: 'n3', state: 'running' }));
    expect(plan.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:vm-duplicate']);
    expect(plan.steps.map((s) => s.kind === 'cmd' && [s.node, ...s.cmd.argv])).toEqual([['n3', 'virsh', '-c', URI, 'shutdown', 'app1']]);
    expect(await executePlan(plan, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    expect(r.mutations()).toEqual([]);
  });
});
