import { describe, expect, it } from 'vitest';
import { preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import type { VdState } from '../../store/types.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { cluster, NOW } from '../../../test/support/actions/state.js';

const URI = 'qemu:///system';
const dom = (n: string, mem: number) => `<domain><name>${n}</name><memory unit='KiB'>${mem}</memory><vcpu>2</vcpu></domain>`;

describe('node evacuate', () => {
  it('per-VM plan: unmanaged VM by virsh to the node with most free memory, managed via standby', async () => {
    const s = cluster();
    s.nodes['n3']!.host!.mem.memAvailableKb = 100 * 1024 * 1024; // n3 has more room than n2
    const r = new FakeRunner({ ordered: true })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: dom('web1', 4194304) })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'app1'], { stdout: dom('app1', 8388608) })
      .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 })
      .allow('n1', ['rm', '-f', '']);
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('node.evacuate', { node: 'n1' }, ctx);
    expect(p.findings).toEqual([]);
    expect(p.steps.map((x) => (x.kind === 'cmd' ? [x.node, ...x.cmd.argv] : [x.node, 'wait']))).toEqual([
      ['n1', 'virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', 'app1', 'qemu+ssh://n3/system'],
      ['n1', 'crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'on'],
      ['n1', 'wait'],
    ]);
    expect(p.summary.at(-1)).toMatch(/Reversible: "node online n1"/);
    r.assertAllCalled();
  });
  it('refuses the last online node', async () => {
    const s = cluster();
    s.cluster.crm!.nodes[1]!.standby = true;
    s.cluster.crm!.nodes[2]!.standby = true;
    const r = new FakeRunner({ ordered: true }).allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: dom('web1', 1) }).allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'app1'], { stdout: dom('app1', 1) });
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('node.evacuate', { node: 'n1' }, ctx);
    expect(p.findings.filter((f) => f.level === 'error').map((f) => f.code)).toEqual(['last-online-node']);
    expect(r.mutations()).toEqual([]);
  });
});

describe('node evacuate: guards', () => {
  async function prep(mutate: (s: VdState) => void) {
    const s = cluster();
    mutate(s);
    const r = new FakeRunner({ ordered: true })
      .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: dom('web1', 4194304) })
      .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'app1'], { stdout: dom('app1', 8388608) })
      .allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    const { ctx } = testCtx(s, r);
    return { p: await preparePlan('node.evacuate', { node: 'n1' }, ctx), ctx, r };
  }
  const cases: { name: string; mutate: (s: VdState) => void; codes: string[] }[] = [
    { name: 'no quorum', mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: "stale data of the node's VMs", mutate: (s) => (s.nodes['n1']!.fresh.vms!.lastOk = NOW - 60_000), codes: ['stale-data'] },
    { name: 'no room on the other nodes', mutate: (s) => ['n2', 'n3'].forEach((n) => (s.nodes[n]!.host!.mem.memAvailableKb = 1024)), codes: ['insufficient-capacity', 'insufficient-capacity'] },
    { name: 'fencing disabled while managed VMs leave through standby', mutate: (s) => (s.cluster.crm!.summary.stonithEnabled = false), codes: ['stonith-disabled'] },
    { name: 'the only fence device failed while managed VMs leave through standby', mutate: (s) => (s.cluster.crm!.resources.find((r) => r.id === 'fence-ipmi')!.failed = true), codes: ['no-fence-device'] },
    { name: 'read-only mode', mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(`refuses: ${c.name}`, async () => {
      const { p, ctx, r } = await prep(c.mutate);
      await expectRefused(p, ctx, r, c.codes);
    });
  }
  it('only libvirt VMs on the node: fencing is not needed (no standby), the plan is virsh migrate only', async () => {
    const { p } = await prep((s) => {
      s.cluster.crm!.summary.stonithEnabled = false;
      s.cluster.crm!.resources = s.cluster.crm!.resources.filter((r) => r.id !== 'vm-web1');
    });
    expect(p.findings).toEqual([]);
    const mig = (vm: string, to: string) => ['n1', 'virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', vm, `qemu+ssh://${to}/system`];
    expect(p.steps.map((x) => x.kind === 'cmd' && [x.node, ...x.cmd.argv])).toEqual([mig('web1', 'n3'), mig('app1', 'n2')]);
  });
});
