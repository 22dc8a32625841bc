// Issue 14, 0a: actions must never act on a resource whose id merely contains the VM name.
import { describe, expect, it } from 'vitest';
import type { VdState } from '../store/types.js';
import type { Plan } from './types.js';
import { preparePlan } from './index.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster, vdRes, vm } from '../../test/support/actions/state.js';
import { expectRefused } from '../../test/support/actions/refused.js';

const URI = 'qemu:///system';
const domXml = (name: string) =>
  `<domain type='kvm'><name>${name}</name><memory unit='KiB'>4194304</memory><vcpu placement='static'>2</vcpu><cpu mode='host-passthrough'/><devices>` +
  `<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface></devices></domain>`;

/** web01 (vm-web01) on n1, db01 (vm-db01) on n2. */
function twoVms(mutate: (s: VdState) => void = () => undefined): VdState {
  const s = cluster();
  s.nodes['n1']!.vms = [vm('web01', 'n1')];
  s.nodes['n2']!.vms = [vm('db01', 'n2')];
  s.cluster.crm!.resources = [vdRes('vm-web01', ['n1']), vdRes('vm-db01', ['n2']), ...s.cluster.crm!.resources.filter((r) => !r.id.startsWith('vm-'))];
  mutate(s);
  return s;
}

async function prep(s: VdState, id: string, target: object) {
  const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
    .allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no tmp' })
    .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web'], { stdout: domXml('web') });
  const { ctx } = testCtx(s, r);
  return { plan: await preparePlan(id, target, ctx), ctx, r };
}
const argvs = (p: Plan) => p.steps.map((st) => (st.kind === 'cmd' ? st.cmd.argv.join(' ') : st.kind));

describe('VM name → resource in actions: exact, refusing with the candidates', () => {
  it('vm stop eb does not plan a stop of vm-web01', async () => {
    const { plan, ctx, r } = await prep(twoVms(), 'vm.stop', { vm: 'eb' });
    expect(argvs(plan).join('\n')).not.toMatch(/vm-web01/);
    await expectRefused(plan, ctx, r, ['vm-unknown', 'vm-not-running']);
    expect(plan.findings.find((f) => f.code === 'vm-unknown')!.message).toBe(
      'eb is not a domain on any node and no Pacemaker resource belongs to it (resources with similar names: vm-web01); name the VM exactly',
    );
  });

  it('vm stop 01 does not plan a stop of vm-db01 (both candidates are listed)', async () => {
    const { plan, ctx, r } = await prep(twoVms(), 'vm.stop', { vm: '01' });
    expect(argvs(plan).join('\n')).not.toMatch(/vm-(db|web)01/);
    await expectRefused(plan, ctx, r, ['vm-unknown', 'vm-not-running']);
    expect(plan.findings.find((f) => f.code === 'vm-unknown')!.message).toMatch(/similar names: vm-web01, vm-db01\)/);
  });

  it('vm migrate web moves domain web (libvirt), not the production VM behind vm-web01', async () => {
    const s = twoVms((x) => x.nodes['n1']!.vms!.push(vm('web', 'n1')));
    const { plan } = await prep(s, 'vm.migrate', { vm: 'web', node: 'n3' });
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(argvs(plan).join('\n')).not.toMatch(/vm-web01/);
    expect(argvs(plan)).toContain(`virsh -c ${URI} migrate --live --persistent --undefinesource --verbose web qemu+ssh://n3/system`);
  });

  it('two resources fit one name: refused, both named', async () => {
    const s = twoVms((x) => {
      x.nodes['n1']!.vms!.push(vm('web', 'n1'));
      x.cluster.crm!.resources.push(vdRes('web', ['n1']), vdRes('vm-web', ['n1']));
    });
    const { plan, ctx, r } = await prep(s, 'vm.stop', { vm: 'web' });
    await expectRefused(plan, ctx, r, ['vm-resource-ambiguous']);
    expect(plan.findings[0]!.message).toMatch(/^web matches more than one Pacemaker resource \(web, vm-web\)/);
  });

  it('one resource two existing domains fit (vm-db01 for "db01" and for "vm-db01"): refused, both domains named', async () => {
    const s = twoVms((x) => x.nodes['n3']!.vms!.push(vm('vm-db01', 'n3')));
    const { plan, ctx, r } = await prep(s, 'vm.stop', { vm: 'db01' });
    await expectRefused(plan, ctx, r, ['vm-resource-ambiguous']);
    expect(plan.findings[0]!.message).toMatch(/vm-db01 fits both domain db01 and vm-db01.*candidates: db01, vm-db01/);
  });

  it('node standby refuses while a VM on the node has an ambiguous resource', async () => {
    const s = twoVms((x) => x.cluster.crm!.resources.push(vdRes('web01', ['n1'])));
    const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 }).allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web01'], { stdout: domXml('web01') });
    const { ctx } = testCtx(s, r);
    const plan = await preparePlan('node.standby', { node: 'n1' }, ctx);
    expect(plan.findings.filter((f) => f.level === 'error').map((f) => f.code)).toEqual(['vm-resource-ambiguous']);
  });
});
