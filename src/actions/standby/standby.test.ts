import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunError } from '../../ssh/runner.js';
import type { VdState } from '../../store/types.js';
import { AuditLog, MemoryAuditLog } from '../audit.js';
import { executePlan, preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, NOW } from '../../../test/support/actions/state.js';
import { expectRefused } from '../../../test/support/actions/refused.js';

const fx = (n: string) => readFileSync(new URL(`../fixtures/${n}`, import.meta.url), 'utf8');
const DOMXML = (name: string) => `<domain type='kvm'><name>${name}</name><memory unit='KiB'>4194304</memory><vcpu>2</vcpu><devices/></domain>`;
const STANDBY = ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'on'];

function runnerFor(): FakeRunner {
  return new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
    .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'web1'], { stdout: DOMXML('web1') })
    .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'app1'], { stdout: DOMXML('app1') });
}
const expectWhatIf = (r: FakeRunner, sim = fx('crm_simulate-standby.txt')) =>
  r
    .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.abc\n' })
    .expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.abc'])
    .expect('n1', STANDBY)
    .expect('n1', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.abc'], { stdout: sim })
    .expect('n1', ['rm', '-f', '/tmp/virtdeck-cib.abc']);

async function findingsFor(mutate: (s: VdState) => void, node = 'n1') {
  const s = cluster();
  mutate(s);
  const r = runnerFor().allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 }).allow(undefined, ['rm', '-f', '']);
  const { ctx } = testCtx(s, r);
  return preparePlan('node.standby', { node }, ctx);
}
const codes = (p: { findings: { code: string; level: string }[] }) => p.findings.filter((f) => f.level === 'error').map((f) => f.code);

describe('node standby guards (one failure at a time)', () => {
  it('healthy cluster: no errors; unmanaged VM on the node is a warning', async () => {
    const p = await findingsFor(() => undefined);
    expect(codes(p)).toEqual([]);
    expect(p.findings.map((f) => f.code)).toEqual(['unmanaged-vms']);
  });
  it('refuses without quorum', async () => {
    expect(codes(await findingsFor((s) => (s.cluster.crm!.summary.withQuorum = false)))).toEqual(['no-quorum']);
  });
  it('refuses the last online node', async () => {
    const p = await findingsFor((s) => {
      s.cluster.crm!.nodes[1]!.standby = true;
      s.cluster.crm!.nodes[2]!.online = false;
    });
    expect(codes(p)).toContain('last-online-node');
    expect(p.blocked).toBe(true);
  });
  it('refuses when fencing is disabled', async () => {
    expect(codes(await findingsFor((s) => (s.cluster.crm!.summary.stonithEnabled = false)))).toEqual(['stonith-disabled']);
  });
  it('refuses when the only fence device failed', async () => {
    const p = await findingsFor((s) => {
      const dev = s.cluster.crm!.resources.find((r) => r.id === 'fence-ipmi')!;
      dev.failed = true;
    });
    expect(codes(p)).toEqual(['no-fence-device']);
    expect(p.findings.find((f) => f.code === 'no-fence-device')!.message).toMatch(/failed or stopped/);
  });
  it('refuses when the node data is stale', async () => {
    const p = await findingsFor((s) => (s.nodes['n1']!.fresh.vms!.lastOk = NOW - 60_000));
    expect(codes(p)).toEqual(['stale-data']);
    expect(p.findings.find((f) => f.code === 'stale-data')!.message).toMatch(/n1: vms/);
  });
  it('refuses when the remaining nodes lack memory', async () => {
    const p = await findingsFor((s) => {
      s.nodes['n2']!.host!.mem.memAvailableKb = 1024 * 1024;
      s.nodes['n3']!.host!.mem.memAvailableKb = 2 * 1024 * 1024;
    });
    expect(codes(p)).toEqual(['insufficient-capacity', 'insufficient-capacity']);
  });
  it('failed actions are a warning', async () => {
    const p = await findingsFor((s) => s.cluster.crm!.failedActions.push({ opKey: 'vm-db1_monitor_30000', node: 'n2', exitStatus: 'error', exitCode: 1, status: 'complete', resource: 'vm-db1' }));
    expect(codes(p)).toEqual([]);
    expect(p.findings.map((f) => f.code)).toContain('failed-actions');
  });
  it('refuses in read-only mode', async () => {
    const p = await findingsFor((s) => (s.readonly = true));
    expect(codes(p)).toEqual(['read-only']);
  });
});

describe('node standby plan and execution', () => {
  it('plans the exact argv and simulates it on a copy of the CIB', async () => {
    const r = expectWhatIf(runnerFor());
    const { ctx } = testCtx(cluster(), r);
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    r.assertAllCalled();
    expect(p.steps.map((s) => (s.kind === 'cmd' ? [s.node, ...s.cmd.argv] : [s.node, 'wait']))).toEqual([['n1', ...STANDBY], ['n1', 'wait']]);
    const step0 = p.steps[0]!;
    expect(step0.kind === 'cmd' && step0.cmd.sudo && step0.cmd.mutates).toBe(true);
    expect(p.whatIf).toEqual({ node: 'n1', changes: [{ resource: 'vm-web1', action: 'Migrate', from: 'node1', to: 'node2' }, { resource: 'vm-db1', action: 'Move', from: 'node1', to: 'node3' }] });
    expect(p.confirmWords).toEqual(['n1']);
    // the what-if change ran on the copy: CIB_file set, no sudo, not mutating
    const sim = r.calls.find((c) => c.cmd.argv[0] === 'crm_attribute')!;
    expect(sim.cmd.env).toEqual({ CIB_file: '/tmp/virtdeck-cib.abc' });
    expect(sim.cmd.sudo).toBe(false);
    expect(r.mutations()).toEqual([]);
  });

  it('executes: re-checks, runs the step, waits for the drain with progress, verifies, audits', async () => {
    const r = expectWhatIf(runnerFor()).expect('n1', STANDBY);
    const audit = new MemoryAuditLog();
    const { ctx, store } = testCtx(cluster(), r, {
      audit,
      onRefresh: (round, set) =>
        set((s) => {
          // round 1 = re-check; after the step Pacemaker moves one resource per round
          if (round >= 2) s.cluster.crm!.nodes[0]!.standby = true;
          if (round >= 3) s.cluster.crm!.resources[0]!.nodes = ['n2'];
        }),
    });
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    const lines: string[] = [];
    const res = await executePlan(p, ctx, { ackWarnings: ['unmanaged-vms'], onProgress: (l) => lines.push(l) });
    expect(res).toMatchObject({ ok: true, status: 'done' });
    r.assertAllCalled();
    expect(lines).toContain('  draining vm-web1: Started on n1');
    expect(store.progress.at(-1)!.status).toBe('done');
    expect(audit.records.map((a) => a.type)).toEqual(['intent', 'step', 'step', 'result']);
    const intent = audit.records[0]!;
    expect(intent.type === 'intent' && intent.plan[0]).toEqual({ node: 'n1', argv: STANDBY, purpose: 'put n1 in standby' });
    expect(intent.type === 'intent' && intent.acknowledgedWarnings).toEqual(['unmanaged-vms']);
  });

  it('refuses to execute without acknowledging warnings, and in read-only mode', async () => {
    const r = expectWhatIf(runnerFor());
    const { ctx, store } = testCtx(cluster(), r);
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    expect(await executePlan(p, ctx)).toMatchObject({ ok: false, status: 'refused', message: 'warnings not acknowledged' });
    store.set((s) => (s.readonly = true));
    expect(await executePlan(p, ctx, { ackWarnings: true })).toMatchObject({ status: 'refused', message: expect.stringMatching(/read-only/) });
    expect(r.mutations()).toEqual([]);
  });

  it('aborts before step 1 when fresh data drifted (quorum lost since the preview)', async () => {
    const r = expectWhatIf(runnerFor());
    const audit = new MemoryAuditLog();
    const { ctx } = testCtx(cluster(), r, { audit, onRefresh: (_n, set) => set((s) => (s.cluster.crm!.summary.withQuorum = false)) });
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    const res = await executePlan(p, ctx, { ackWarnings: true });
    expect(res.status).toBe('aborted');
    expect(res.message).toMatch(/drifted.*not quorate/);
    expect(r.mutations()).toEqual([]);
    expect(audit.records.map((a) => a.type)).toEqual(['intent', 'result']);
  });

  it('writes and fsyncs the intent (mode 0600) before the first command: visible after step 1 fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vd-audit-'));
    const path = join(dir, 'state', 'audit.jsonl');
    const audit = new AuditLog(path);
    const r = expectWhatIf(runnerFor());
    let seenAtStep1 = '';
    r.expect('n1', STANDBY, async () => {
      seenAtStep1 = readFileSync(path, 'utf8');
      throw new RunError('unreachable', 'n1', 'connection reset');
    });
    const { ctx } = testCtx(cluster(), r, { audit });
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    const res = await executePlan(p, ctx, { ackWarnings: true });
    expect(res.status).toBe('failed');
    const atStep1 = seenAtStep1.trim().split('\n').map((l) => JSON.parse(l));
    expect(atStep1).toHaveLength(1);
    expect(atStep1[0]).toMatchObject({ type: 'intent', cluster: 'prod', action: 'node.standby', target: 'n1', plan: [{ node: 'n1', argv: STANDBY }, { node: 'n1', wait: 'wait until 1 resource(s) left n1' }] });
    expect(atStep1[0].who).toBeTruthy();
    expect(atStep1[0].from).toBeTruthy();
    const all = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(all.map((a) => a.type)).toEqual(['intent', 'step', 'result']);
    expect(all[1]).toMatchObject({ argv: STANDBY, node: 'n1', code: null, error: 'n1: connection reset' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('node standby: each guard refuses the action (nothing runs)', () => {
  const cases: { name: string; mutate: (s: VdState) => void; codes: string[]; node?: string }[] = [
    { name: 'unknown node', mutate: () => undefined, node: 'n9', codes: ['unknown-node'] },
    { name: 'standby without quorum', mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'stale Pacemaker status', mutate: (s) => (s.cluster.fresh.pacemaker!.lastOk = NOW - 60_000), codes: ['stale-data'] },
    { name: "stale data of a node that would take the VMs", mutate: (s) => (s.nodes['n3']!.fresh.host!.lastOk = NOW - 60_000), codes: ['stale-data'] },
    { name: 'node offline in Pacemaker', mutate: (s) => (s.cluster.crm!.nodes[0]!.online = false), codes: ['node-offline'] },
    { name: 'standby of the last online node', mutate: (s) => s.cluster.crm!.nodes.slice(1).forEach((n) => (n.standby = true)), codes: ['last-online-node'] },
    { name: 'no room on the other nodes', mutate: (s) => ['n2', 'n3'].forEach((n) => (s.nodes[n]!.host!.mem.memAvailableKb = 1024)), codes: ['insufficient-capacity', 'insufficient-capacity'] },
    { name: 'fencing disabled', mutate: (s) => (s.cluster.crm!.summary.stonithEnabled = false), codes: ['stonith-disabled'] },
    { name: 'the only fence device failed', mutate: (s) => (s.cluster.crm!.resources.find((r) => r.id === 'fence-ipmi')!.failed = true), codes: ['no-fence-device'] },
    { name: 'the only fence device stopped', mutate: (s) => Object.assign(s.cluster.crm!.resources.find((r) => r.id === 'fence-ipmi')!, { active: false, nodes: [] }), codes: ['no-fence-device'] },
    { name: 'no fence device can fence the node', mutate: (s) => (s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => (t.target === 'n1' ? { ...t, devices: [] } : t))), codes: ['no-fence-device'] },
    {
      name: 'the fencer asked about the node is not answering (unknown, not "no device")',
      mutate: (s) => (s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => (t.target === 'n1' ? { target: 'n1', devices: [], error: 'fencer not answering on n2: Could not connect to fencer: Transport endpoint is not connected' } : t))),
      codes: ['fencing-unknown'],
    },
    { name: 'stonith_admin failing on every node', mutate: (s) => (s.cluster.fresh.stonith = { intervalMs: 60_000, error: 'failed on every node: fencer not answering on n1: x' }), codes: ['fencing-unknown'] },
    { name: 'read-only mode', mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = cluster();
      c.mutate(s);
      const r = runnerFor().allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
      const { ctx } = testCtx(s, r);
      const p = await preparePlan('node.standby', { node: c.node ?? 'n1' }, ctx);
      await expectRefused(p, ctx, r, c.codes);
    });
  }
});

describe('node online', () => {
  const ONLINE = ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'off'];
  const inStandby = (s: VdState) => (s.cluster.crm!.nodes[0]!.standby = true);
  async function prepOnline(mutate: (s: VdState) => void, node = 'n1') {
    const s = cluster();
    mutate(s);
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    const { ctx } = testCtx(s, r);
    return { p: await preparePlan('node.online', { node }, ctx), ctx, r };
  }
  it('plans exactly one crm_attribute --update off on the node, simulated first on an active node', async () => {
    const s = cluster();
    inStandby(s);
    const r = new FakeRunner({ ordered: true })
      .expect('n2', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.on\n' })
      .expect('n2', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.on'])
      .expect('n2', ONLINE, async (c) => {
        expect(c.env).toEqual({ CIB_file: '/tmp/virtdeck-cib.on' });
        return {};
      })
      .expect('n2', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.on'], { stdout: fx('crm_simulate-start.txt') })
      .expect('n2', ['rm', '-f', '/tmp/virtdeck-cib.on']);
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('node.online', { node: 'n1' }, ctx);
    r.assertAllCalled();
    expect(p.findings).toEqual([]);
    expect(p.steps.map((x) => (x.kind === 'cmd' ? [x.node, ...x.cmd.argv] : [x.node, 'wait']))).toEqual([['n1', ...ONLINE]]);
    expect(p.destructive).toBe(false);
    expect(p.whatIf).toEqual({ node: 'n2', changes: [{ resource: 'vm-db1', action: 'Start', to: 'node1' }] });
    expect(r.mutations()).toEqual([]);
  });
  it('a node that is not in standby is a warning to acknowledge', async () => {
    const { p, ctx, r } = await prepOnline(() => undefined);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:not-standby']);
    expect(await executePlan(p, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    expect(r.mutations()).toEqual([]);
  });
  const cases: { name: string; mutate: (s: VdState) => void; codes: string[]; node?: string }[] = [
    { name: 'unknown node', mutate: inStandby, node: 'n9', codes: ['unknown-node'] },
    { name: 'no quorum', mutate: (s) => (inStandby(s), (s.cluster.crm!.summary.withQuorum = false)), codes: ['no-quorum'] },
    { name: "the node's data is stale", mutate: (s) => (inStandby(s), (s.nodes['n1']!.fresh.host!.lastOk = NOW - 60_000)), codes: ['stale-data'] },
    { name: 'node offline', mutate: (s) => (inStandby(s), (s.cluster.crm!.nodes[0]!.online = false)), codes: ['node-offline'] },
    { name: 'read-only mode', mutate: (s) => (inStandby(s), (s.readonly = true)), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(`refuses: ${c.name}`, async () => {
      const { p, ctx, r } = await prepOnline(c.mutate, c.node);
      await expectRefused(p, ctx, r, c.codes);
    });
  }
});

describe('execution re-checks on fresh data', () => {
  it("aborts before step 1 when a node's data is stale at execution (its collector failed since the preview)", async () => {
    const r = expectWhatIf(runnerFor());
    const { ctx } = testCtx(cluster(), r, { onRefresh: (_n, set) => set((s) => (s.nodes['n2']!.fresh.vms!.lastOk = NOW - 120_000)) });
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    const res = await executePlan(p, ctx, { ackWarnings: true });
    expect(res).toMatchObject({ ok: false, status: 'aborted', findings: [{ code: 'stale-data', node: 'n2' }] });
    expect(res.message).toBe('state drifted since the preview: n2: vms data is stale or missing');
    expect(r.mutations()).toEqual([]);
  });
  it('aborts when the plan itself would now be different (another resource landed on the node)', async () => {
    const r = expectWhatIf(runnerFor());
    const { ctx } = testCtx(cluster(), r, { onRefresh: (_n, set) => set((s) => (s.cluster.crm!.resources[1]!.nodes = ['n1'])) });
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    const res = await executePlan(p, ctx, { ackWarnings: true });
    expect(res).toMatchObject({ ok: false, status: 'aborted', message: 'state drifted since the preview: the plan would now be different; review it again' });
    expect(r.mutations()).toEqual([]);
  });
});
