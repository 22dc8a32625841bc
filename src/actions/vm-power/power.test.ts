import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import { testCtx } from '../test-support/ctx.js';
import { ScriptRunner } from '../test-support/script-runner.js';
import { cluster } from '../test-support/state.js';

const URI = 'qemu:///system';
const noWhatIf = (r: ScriptRunner) => r.allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no tmp' });
async function prep(id: string, target: object, mutate: (s: VdState) => void) {
  const s = cluster();
  mutate(s);
  const r = noWhatIf(new ScriptRunner());
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
    const r = new ScriptRunner();
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
