// A site naming rule (config vmResourceName, e.g. "vm-{name}") is the one exact rule: validated
// with the key path named, carried by the store, used by the panes and the actions.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/index.js';
import { preparePlan } from '../actions/index.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster, vdRes, vm } from '../../test/support/actions/state.js';
import { allVms } from './selectors.js';
import { createVdStore, storeControl } from './store.js';
import { fixtureState, mkVm, mkVmResource } from '../../test/support/store/test-fixtures.js';
import type { VdState } from './types.js';

describe('config vmResourceName', () => {
  it('accepts one {name} and refuses anything else, naming the key', () => {
    expect(validateConfig({ clusters: { a: { nodes: ['a1'], vmResourceName: 'vm-{name}' } } }, 'f').clusters.a!.vmResourceName).toBe('vm-{name}');
    for (const bad of ['vm-', 'vm-{name}-{name}', 'vm {name}', '{vm}-{name}', 7])
      expect(() => validateConfig({ clusters: { a: { nodes: ['a1'], vmResourceName: bad } } }, 'f')).toThrow(/clusters\.a\.vmResourceName must be/);
  });
  it('the store carries it (and the recording options, so replay matches the same way)', () => {
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'], vmResourceName: 'vm-{name}' });
    expect(store.getState().cluster.vmResourceName).toBe('vm-{name}');
    expect(storeControl(store).options.vmResourceName).toBe('vm-{name}');
  });
});

describe('the rule decides between resources the default forms leave ambiguous', () => {
  const withBoth = (pattern?: string) => {
    const s = fixtureState();
    if (pattern) s.cluster.vmResourceName = pattern;
    s.nodes['kvm-n1']!.vms = [mkVm('web', 'kvm-n1')];
    s.cluster.crm!.resources.push(mkVmResource('web', 'kvm-n1'), mkVmResource('vm-web', 'kvm-n1'));
    return s;
  };
  it('panes: no resource by default, vm-web with vm-{name}', () => {
    expect(allVms(withBoth()).find((r) => r.name === 'web')!.resource).toBeUndefined();
    expect(allVms(withBoth('vm-{name}')).find((r) => r.name === 'web')!.resource?.id).toBe('vm-web');
  });
  it('actions: refused by default, planned on vm-web with vm-{name}', async () => {
    for (const pattern of [undefined, 'vm-{name}']) {
      const s = cluster();
      if (pattern) s.cluster.vmResourceName = pattern;
      s.nodes['n1']!.vms!.push(vm('web', 'n1'));
      s.cluster.crm!.resources.push(vdRes('web', ['n1']), vdRes('vm-web', ['n1']));
      const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
      const plan = await preparePlan('vm.stop', { vm: 'web' }, testCtx(s, r).ctx);
      if (!pattern) expect(plan.findings.map((f) => f.code)).toEqual(['vm-resource-ambiguous']);
      else expect(plan.steps.map((st) => (st.kind === 'cmd' ? st.cmd.argv.join(' ') : ''))).toEqual(['crm_resource --resource vm-web --set-parameter target-role --meta --parameter-value Stopped']);
    }
  });
});

describe('vm create names the new resource by the rule, and refuses a name another resource already matches', () => {
  async function create(mutate: (s: VdState) => void) {
    const s = cluster();
    mutate(s);
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    for (const n of s.nodeOrder)
      for (const v of s.nodes[n]!.vms ?? []) r.allow(n, ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', v.name], { stdout: `<domain type='kvm'><name>${v.name}</name><memory unit='KiB'>1024</memory><vcpu>1</vcpu><devices/></domain>` });
    return preparePlan('vm.create', { name: 'new1', profile: 'generic', node: 'n2', disks: ['/dev/mapper/mpatha'], bridges: ['br0'] }, testCtx(s, r).ctx);
  }
  it('res-{name} → primitive res-new1', async () => {
    const p = await create((s) => (s.cluster.vmResourceName = 'res-{name}'));
    const c = p.steps.find((st) => st.kind === 'cmd' && st.cmd.argv[0] === 'cibadmin');
    expect(c && c.kind === 'cmd' && c.cmd.argv.join(' ')).toMatch(/<primitive id="res-new1" /);
  });
  it('an existing rsc_new1 would make the new VM ambiguous: refused', async () => {
    const p = await create((s) => s.cluster.crm!.resources.push(vdRes('rsc_new1', [])));
    expect(p.findings.filter((f) => f.level === 'error').map((f) => f.message)).toEqual(['Pacemaker resource rsc_new1 already matches the name new1']);
  });
});
