import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { MemoryAuditLog } from '../audit.js';
import { executePlan, preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, mpath, NOW } from '../../../test/support/actions/state.js';
import { expectRefused } from '../../../test/support/actions/refused.js';

const fx = (n: string) => readFileSync(new URL(`../fixtures/${n}`, import.meta.url), 'utf8');
const URI = 'qemu:///system';
const xml = (name: string, extra = '') =>
  `<domain type='kvm'><name>${name}</name><memory unit='KiB'>4194304</memory><vcpu placement='static'>2</vcpu>${extra}<cpu mode='host-passthrough'/><devices>` +
  `<disk type='block' device='disk'><driver name='qemu' type='raw' cache='none' io='native'/><source dev='/dev/mapper/mpatha'/><target dev='vda' bus='virtio'/></disk>` +
  `<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface></devices></domain>`;
const MOVE = ['crm_resource', '--move', '--resource', 'vm-web1', '--node', 'n2'];
const CLEAR = ['crm_resource', '--clear', '--resource', 'vm-web1'];
const MIGRATE_APP1 = ['virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', 'app1', 'qemu+ssh://n2/system'];

function runner(vm = 'web1', domXml = xml(vm)) {
  return new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
    .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', vm], { stdout: domXml })
    .allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.t1\n' })
    .allow(undefined, ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.t1'])
    .allow(undefined, ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.t1'], { stdout: fx('crm_simulate-move.txt') })
    .allow(undefined, ['rm', '-f', '/tmp/virtdeck-cib.t1'])
    .allow(undefined, MOVE, async (c) => {
      if (!c.env?.['CIB_file']) throw new Error('real move outside the expected order');
      return {};
    });
}

async function prep(mutate: (s: VdState) => void = () => undefined, vm = 'web1', node = 'n2', domXml?: string) {
  const s = cluster();
  mutate(s);
  const r = runner(vm, domXml);
  const { ctx } = testCtx(s, r);
  return preparePlan('vm.migrate', { vm, node }, ctx);
}
const errs = (p: { findings: { code: string; level: string }[] }) => p.findings.filter((f) => f.level === 'error').map((f) => f.code);

describe('vm migrate guards (one failure at a time)', () => {
  it('healthy: no findings', async () => {
    const p = await prep();
    expect(p.findings).toEqual([]);
    expect(p.whatIf?.changes).toEqual([{ resource: 'vm-web1', action: 'Migrate', from: 'node1', to: 'node2' }]);
  });
  it('VM active on two nodes', async () => {
    const p = await prep((s) => s.nodes['n3']!.vms!.push({ name: 'web1', node: 'n3', state: 'running' }));
    expect(errs(p)).toEqual(['vm-duplicate']);
  });
  it('target without hugepages for a hugepage-backed VM', async () => {
    const p = await prep((s) => (s.nodes['n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 8, free: 8 }]), 'web1', 'n2', xml('web1', "<memoryBacking><hugepages><page size='1' unit='GiB'/></hugepages></memoryBacking>"));
    expect(errs(p)).toEqual([]);
    const q = await prep((s) => (s.nodes['n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 2, free: 1 }]), 'web1', 'n2', xml('web1', "<memoryBacking><hugepages><page size='1' unit='GiB'/></hugepages></memoryBacking>"));
    expect(errs(q)).toEqual(['no-hugepages']);
  });
  it("target with a failed path to the VM's LUN", async () => {
    const p = await prep((s) => (s.nodes['n2']!.multipath = [mpath('mpatha', 'dm-0', [['sdb', 'ready'], ['sdc', 'faulty']]), mpath('mpathb', 'dm-1')]));
    expect(errs(p)).toEqual(['lun-degraded']);
    expect(p.findings[0]!.message).toBe('n2: mpatha (web1\'s disk) has 1/2 healthy paths');
  });
  it('target without the LUN or the bridge', async () => {
    expect(errs(await prep((s) => (s.nodes['n2']!.multipath = [mpath('mpathb', 'dm-1')])))).toEqual(['lun-missing']);
    expect(errs(await prep((s) => (s.nodes['n2']!.nics = s.nodes['n2']!.nics!.filter((n) => n.iface !== 'br0'))))).toEqual(['bridge-missing']);
  });
  it('target standby, offline, unreachable', async () => {
    expect(errs(await prep((s) => (s.cluster.crm!.nodes[1]!.standby = true)))).toEqual(['target-standby']);
    expect(errs(await prep((s) => (s.cluster.crm!.nodes[1]!.online = false)))).toEqual(['target-offline']);
    expect(errs(await prep((s) => (s.nodes['n2']!.conn.status = 'down')))).toEqual(['target-unreachable', 'capacity-unknown']);
  });
  it('CPU incompatible is an error, unknown a warning', async () => {
    const p = await prep((s) => {
      s.nodes['n2']!.capabilities!.cpuModel = 'Broadwell';
      s.nodes['n2']!.capabilities!.cpuFeatures = ['vmx'];
    });
    expect(errs(p)).toEqual(['cpu-incompatible']);
    const q = await prep((s) => delete s.nodes['n2']!.capabilities);
    expect(errs(q)).toEqual([]);
    expect(q.findings.map((f) => f.code)).toEqual(['cpu-unknown']);
  });
  it('stale target data', async () => {
    expect(errs(await prep((s) => (s.nodes['n2']!.fresh.multipath!.lastOk = NOW - 120_000)))).toEqual(['stale-data']);
  });
  it('vCPU overcommit', async () => {
    expect(errs(await prep((s) => (s.nodes['n2']!.host!.cpu!.cpus = 2)))).toEqual(['insufficient-capacity']);
  });
});

describe('vm migrate execution', () => {
  it('managed: move, wait (job progress), clear; verify', async () => {
    const r = runner().allow('n1', ['virsh', '-c', URI, '-r', 'domjobinfo', 'web1'], { stdout: 'Job type:         Unbounded\nData processed:   1.000 GiB\nData remaining:   1.000 GiB\nData total:       2.000 GiB\n' });
    const { ctx } = testCtx(cluster(), r, {
      onRefresh: (round, set) =>
        round >= 3 &&
        set((s) => {
          s.nodes['n1']!.vms = s.nodes['n1']!.vms!.filter((v) => v.name !== 'web1');
          s.nodes['n2']!.vms!.push({ name: 'web1', node: 'n2', state: 'running', memoryKb: 4194304, vcpus: 2 });
          s.cluster.crm!.resources[0]!.nodes = ['n2'];
        }),
    });
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    expect(p.steps.map((s) => (s.kind === 'cmd' ? s.cmd.argv : 'wait'))).toEqual([MOVE, 'wait', CLEAR]);
    r.expect('n1', MOVE).expect('n1', CLEAR);
    const lines: string[] = [];
    const res = await executePlan(p, ctx, { onProgress: (l) => lines.push(l) });
    expect(res).toMatchObject({ ok: true, status: 'done', message: 'web1 runs on n2' });
    r.assertAllCalled();
    expect(lines).toContain('  web1: live migration in progress, 50% (1 GiB of 2 GiB copied)');
    expect(r.mutations()).toEqual([['n1', ...MOVE], ['n1', ...CLEAR]]);
  });

  it('managed timeout: domjobabort on the source, then clear; never stop/start', async () => {
    const r = runner().allow('n1', ['virsh', '-c', URI, '-r', 'domjobinfo', 'web1'], { stdout: 'Job type: Unbounded\n' });
    const audit = new MemoryAuditLog();
    const { ctx } = testCtx(cluster(), r, { audit });
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    r.expect('n1', MOVE).expect('n1', ['virsh', '-c', URI, 'domjobabort', 'web1']).expect('n1', CLEAR);
    const res = await executePlan(p, ctx);
    expect(res.status).toBe('failed');
    expect(res.message).toMatch(/timed out after 60 s/);
    r.assertAllCalled();
    expect(r.mutations()).toEqual([['n1', ...MOVE], ['n1', 'virsh', '-c', URI, 'domjobabort', 'web1'], ['n1', ...CLEAR]]);
    expect(audit.records.filter((a) => a.type === 'step').map((a) => a.type === 'step' && a.argv)).toEqual([MOVE, [], CLEAR]);
  });

  it('clear runs even when the move itself fails', async () => {
    const r = runner();
    const { ctx } = testCtx(cluster(), r);
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    r.expect('n1', MOVE, { code: 1, stderr: 'Error performing operation: No such device' }).expect('n1', CLEAR);
    const res = await executePlan(p, ctx);
    expect(res.status).toBe('failed');
    expect(res.message).toMatch(/No such device/);
    r.assertAllCalled();
  });

  it('unmanaged timeout: virsh migrate is aborted with domjobabort and reported as failed', async () => {
    let release: (v: { code: number; stderr: string }) => void = () => undefined;
    const r = runner('app1').allow('n1', ['virsh', '-c', URI, '-r', 'domjobinfo', 'app1'], { stdout: 'Job type: Unbounded\nData remaining: 10 GiB\nData total: 10 GiB\n' });
    const { ctx } = testCtx(cluster(), r);
    const p = await preparePlan('vm.migrate', { vm: 'app1', node: 'n2' }, ctx);
    expect(p.whatIf).toBeUndefined();
    expect(p.steps.map((s) => s.kind === 'cmd' && s.cmd.argv)).toEqual([MIGRATE_APP1]);
    r.expect('n1', MIGRATE_APP1, () => new Promise((res) => (release = res)));
    r.expect('n1', ['virsh', '-c', URI, 'domjobabort', 'app1'], async () => {
      release({ code: 1, stderr: 'error: operation aborted: migration out job: canceled by client' });
      return {};
    });
    const res = await executePlan(p, ctx);
    expect(res).toMatchObject({ ok: false, status: 'failed' });
    expect(res.message).toMatch(/timed out/);
    r.assertAllCalled();
    expect(r.mutations().map((m) => m[4])).toEqual(['migrate', 'domjobabort']);
  });
});

describe('vm migrate: each guard refuses the action (nothing runs)', () => {
  const HUGE = xml('web1', "<memoryBacking><hugepages><page size='1' unit='GiB'/></hugepages></memoryBacking>");
  const cases: { name: string; mutate: (s: VdState) => void; codes: string[]; node?: string; vm?: string; domXml?: string }[] = [
    { name: 'unknown target node', mutate: () => undefined, node: 'n9', codes: ['unknown-node'] },
    { name: 'no quorum', mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'VM not running anywhere', mutate: (s) => (s.nodes['n1']!.vms![0]!.state = 'shut off'), codes: ['vm-not-running'] },
    { name: 'VM active on two nodes', mutate: (s) => s.nodes['n3']!.vms!.push({ name: 'web1', node: 'n3', state: 'running' }), codes: ['vm-duplicate'] },
    { name: 'already on the target', mutate: () => undefined, node: 'n1', codes: ['already-there'] },
    { name: 'stale Pacemaker status', mutate: (s) => (s.cluster.fresh.pacemaker!.lastOk = NOW - 120_000), codes: ['stale-data'] },
    { name: "stale data of the source node", mutate: (s) => (s.nodes['n1']!.fresh.vms!.lastOk = NOW - 120_000), codes: ['stale-data'] },
    { name: 'target offline', mutate: (s) => (s.cluster.crm!.nodes[1]!.online = false), codes: ['target-offline'] },
    { name: 'target in standby', mutate: (s) => (s.cluster.crm!.nodes[1]!.standby = true), codes: ['target-standby'] },
    { name: 'target unreachable over SSH', mutate: (s) => (s.nodes['n2']!.conn.status = 'down'), codes: ['target-unreachable', 'capacity-unknown'] },
    { name: 'resource unmanaged in Pacemaker', mutate: (s) => (s.cluster.crm!.resources[0]!.managed = false), codes: ['resource-unmanaged'] },
    { name: 'target without hugepages', mutate: (s) => (s.nodes['n2']!.host!.hugepages = []), domXml: HUGE, codes: ['no-hugepages'] },
    { name: 'target without memory', mutate: (s) => (s.nodes['n2']!.host!.mem.memAvailableKb = 1024 * 1024), codes: ['insufficient-capacity'] },
    { name: 'incompatible target CPU', mutate: (s) => Object.assign(s.nodes['n2']!.capabilities!, { cpuModel: 'Broadwell', cpuFeatures: ['vmx'] }), codes: ['cpu-incompatible'] },
    { name: "failed path to the VM's LUN", mutate: (s) => (s.nodes['n2']!.multipath![0] = mpath('mpatha', 'dm-0', [['sdb', 'faulty'], ['sdc', 'ready']])), codes: ['lun-degraded'] },
    { name: 'LUN missing on the target', mutate: (s) => (s.nodes['n2']!.multipath = []), codes: ['lun-missing'] },
    { name: 'bridge missing on the target', mutate: (s) => (s.nodes['n2']!.nics = []), codes: ['bridge-missing'] },
    { name: 'read-only mode', mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = cluster();
      c.mutate(s);
      const r = runner(c.vm ?? 'web1', c.domXml);
      const { ctx } = testCtx(s, r);
      const p = await preparePlan('vm.migrate', { vm: c.vm ?? 'web1', node: c.node ?? 'n2' }, ctx);
      await expectRefused(p, ctx, r, c.codes);
    });
  }

  it('a leftover ban on the resource is a warning that must be acknowledged', async () => {
    const s = cluster();
    s.cluster.crm!.bans.push({ id: 'cli-ban-vm-web1-on-n2', resource: 'vm-web1', node: 'n2', weight: -1_000_000, promotedOnly: false });
    const r = runner();
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:leftover-constraint']);
    expect(await executePlan(p, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged', findings: [{ code: 'leftover-constraint' }] });
    expect(r.mutations()).toEqual([]);
  });
});

describe('vm migrate: configuration that bites after the move', () => {
  it('autostart on the cluster-managed VM: a warning to acknowledge', async () => {
    const p = await prep((s) => (s.nodes['n1']!.vms!.find((v) => v.name === 'web1')!.autostart = true));
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:autostart-managed']);
  });
  const inactive = (node: string, domXml: string) => [node, ['virsh', '-c', URI, '-r', 'dumpxml', '--inactive', 'web1'], { stdout: domXml }] as const;
  const definedOnTarget = (s: VdState) => s.nodes['n2']!.vms!.push({ name: 'web1', node: 'n2', state: 'shut off' });
  it('XML drift between source and target (VM also defined there): a warning naming both nodes', async () => {
    const s = cluster();
    definedOnTarget(s);
    const r = runner().allow(...inactive('n1', xml('web1'))).allow(...inactive('n2', xml('web1').replace("unit='KiB'>4194304", "unit='KiB'>8388608")));
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:xml-drift']);
    expect(p.findings[0]!.message).toMatch(/web1's domain XML on n2 differs from n1's/);
    expect(await executePlan(p, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    expect(r.mutations()).toEqual([]);
  });
  it('the same definition on both nodes (formatting aside) is not drift', async () => {
    const s = cluster();
    definedOnTarget(s);
    const r = runner().allow(...inactive('n1', xml('web1'))).allow(...inactive('n2', xml('web1').replace('><', '>\n  <')));
    const { ctx } = testCtx(s, r);
    expect((await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx)).findings).toEqual([]);
  });
});

describe('vm migrate: the move constraint is always cleared', () => {
  it('operator cancel right after the move: domjobabort on the source, then crm_resource --clear', async () => {
    const ac = new AbortController();
    const r = runner().allow('n1', ['virsh', '-c', URI, '-r', 'domjobinfo', 'web1'], { stdout: 'Job type: Unbounded\n' });
    const { ctx } = testCtx(cluster(), r);
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    r.expect('n1', MOVE, async () => {
      ac.abort();
      return {};
    })
      .expect('n1', ['virsh', '-c', URI, 'domjobabort', 'web1'])
      .expect('n1', CLEAR);
    const res = await executePlan(p, ctx, { signal: ac.signal });
    expect(res).toMatchObject({ ok: false, status: 'failed' });
    expect(res.message).toMatch(/cancelled by the operator/);
    r.assertAllCalled();
    expect(r.mutations()).toEqual([['n1', ...MOVE], ['n1', 'virsh', '-c', URI, 'domjobabort', 'web1'], ['n1', ...CLEAR]]);
  });

  it('a failed clear fails the action and says so (the constraint would stay behind)', async () => {
    const r = runner();
    const { ctx } = testCtx(cluster(), r, {
      onRefresh: (round, set) =>
        round >= 2 &&
        set((s) => {
          s.nodes['n1']!.vms = s.nodes['n1']!.vms!.filter((v) => v.name !== 'web1');
          s.nodes['n2']!.vms!.push({ name: 'web1', node: 'n2', state: 'running' });
          s.cluster.crm!.resources[0]!.nodes = ['n2'];
        }),
    });
    const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
    r.expect('n1', MOVE).expect('n1', CLEAR, { code: 1, stderr: 'Could not connect to the CIB: Transport endpoint is not connected' });
    const res = await executePlan(p, ctx);
    expect(res).toMatchObject({ ok: false, status: 'failed' });
    expect(res.message).toBe('remove the move constraint of vm-web1 on n1: Could not connect to the CIB: Transport endpoint is not connected');
    r.assertAllCalled();
  });
});
