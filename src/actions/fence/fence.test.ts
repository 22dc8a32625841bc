import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster } from '../../../test/support/actions/state.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { parseFencingTopology } from './topology.js';

const TOPO = readFileSync(new URL('../fixtures/cibadmin-fencing-topology.xml', import.meta.url), 'utf8');
const Q = ['cibadmin', '--query', '--scope', 'fencing-topology'];

async function check(mutate: (s: VdState) => void = () => undefined, topo: { stdout?: string; code?: number; stderr?: string } = { stdout: TOPO.replaceAll('node1', 'n1') }) {
  const s = cluster();
  mutate(s);
  const r = new FakeRunner({ ordered: true }).expect('n1', Q, topo);
  const { ctx } = testCtx(s, r);
  const p = await preparePlan('fence.check', {}, ctx);
  r.assertAllCalled();
  return p;
}

describe('fencing topology parser (real cibadmin output)', () => {
  it('levels with device lists', () => {
    expect(parseFencingTopology(TOPO)).toEqual([
      { id: 'fl-node1-1', target: 'node1', index: 1, devices: ['fence-ipmi-node1'] },
      { id: 'fl-node1-2', target: 'node1', index: 2, devices: ['fence-sbd', 'fence-pdu'] },
    ]);
    expect(() => parseFencingTopology('<cib/>')).toThrow(/fencing-topology/);
  });
});

describe('fence check (never fences)', () => {
  it('all ready without a topology (exit 105), runs no mutating command', async () => {
    const p = await check(() => undefined, { code: 105, stderr: 'Call failed: No such device or address' });
    expect(p.mutates).toBe(false);
    // The probes are read-only commands, run only when the check is run (probes.test.ts).
    expect(p.steps.every((x) => x.kind === 'cmd' && !x.cmd.mutates)).toBe(true);
    expect(p.report!.map((l) => `${l.subject} ${l.level} ${l.message}`)).toEqual(['n1 ok ready: devices fence-ipmi', 'n2 ok ready: devices fence-ipmi', 'n3 ok ready: devices fence-ipmi']);
  });
  it('topology levels naming unregistered devices degrade the node', async () => {
    const p = await check();
    expect(p.report![0]).toMatchObject({ subject: 'n1', level: 'warning' });
    expect(p.report![0]!.message).toMatch(/^degraded: level 1 uses fence-ipmi-n1, which is not registered/);
  });
  it('fencing disabled → not fenceable everywhere', async () => {
    const p = await check((s) => (s.cluster.crm!.summary.stonithEnabled = false), { code: 105 });
    expect(p.report!.every((l) => l.level === 'error' && l.message.startsWith('not fenceable: stonith-enabled is false'))).toBe(true);
  });
  it('the only fence device failed → not fenceable', async () => {
    const p = await check((s) => (s.cluster.crm!.resources.find((r) => r.id === 'fence-ipmi')!.failed = true), { code: 105 });
    expect(p.report![1]!.message).toBe('not fenceable: every device that can fence it is failed or stopped: fence-ipmi');
  });
  it('sbd slot not clear, missing watchdog, recent fence failure → degraded with reasons', async () => {
    const p = await check((s) => {
      s.nodes['n2']!.sbd = { devices: [{ path: '/dev/mapper/sbd', readable: true, slots: [{ slot: 1, node: 'n2', message: 'reset', sender: 'n1' }] }], watchdog: { present: false } };
      s.cluster.crm!.fenceHistory.push({ target: 'n2', action: 'reboot', status: 'failed', exitReason: 'timeout' });
    }, { code: 105 });
    expect(p.report![1]).toEqual({ level: 'warning', subject: 'n2', message: 'degraded: sbd slot of n2 on /dev/mapper/sbd holds "reset"; no watchdog device for sbd; 1 failed fence attempt(s) recorded (timeout)' });
  });
});

describe('fence node', () => {
  const prep = async (mutate: (s: VdState) => void = () => undefined, reason = 'hung kernel, console dead') => {
    const s = cluster();
    mutate(s);
    // The what-if (probes.test.ts covers it) cannot run here: its mktemp fails.
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no tmp' });
    const { ctx } = testCtx(s, r);
    return { plan: await preparePlan('fence.node', { node: 'n2', reason }, ctx), r, ctx };
  };
  const errs = (p: { findings: { code: string; level: string }[] }) => p.findings.filter((f) => f.level === 'error').map((f) => f.code);

  it('plans stonith_admin --fence from another node; confirm = node name, reason audited', async () => {
    const { plan, r, ctx } = await prep();
    expect(plan.findings).toEqual([]);
    expect(plan.steps.map((s) => s.kind === 'cmd' && [s.node, ...s.cmd.argv])).toEqual([['n1', 'stonith_admin', '--fence', 'n2']]);
    expect(plan.confirmWords).toEqual(['n2']);
    expect(plan.reason).toBe('hung kernel, console dead');
    r.expect('n1', ['stonith_admin', '--fence', 'n2']);
    const { MemoryAuditLog } = await import('../audit.js');
    const audit = new MemoryAuditLog();
    const res = await executePlan(plan, { ...ctx, audit, refresh: async () => undefined });
    expect(res.ok).toBe(false); // the fixture never shows n2 going down: verification times out
    expect(audit.records[0]).toMatchObject({ type: 'intent', reason: 'hung kernel, console dead', target: 'n2' });
  });
  it('refuses when fencing would lose quorum', async () => {
    const { plan } = await prep((s) => {
      for (const n of Object.values(s.nodes)) n.quorum!.totalVotes = 2; // n3 already gone
    });
    expect(errs(plan)).toEqual(['would-lose-quorum']);
  });
  it('refuses without a reason, without fencing, without quorum', async () => {
    expect(errs((await prep(() => undefined, ' ')).plan)).toEqual(['no-reason']);
    expect(errs((await prep((s) => (s.cluster.crm!.summary.stonithEnabled = false))).plan)).toEqual(['stonith-disabled']);
    expect(errs((await prep((s) => (s.cluster.crm!.summary.withQuorum = false))).plan)).toEqual(['no-quorum']);
  });
});

describe('fence node: each guard refuses the action (nothing runs)', () => {
  const cases: { name: string; mutate: (s: VdState) => void; codes: string[]; node?: string; reason?: string }[] = [
    { name: 'unknown node', mutate: () => undefined, node: 'n9', codes: ['unknown-node'] },
    { name: 'no quorum', mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'no reason given', mutate: () => undefined, reason: '', codes: ['no-reason'] },
    { name: 'fencing disabled', mutate: (s) => (s.cluster.crm!.summary.stonithEnabled = false), codes: ['stonith-disabled'] },
    { name: 'the only fence device failed', mutate: (s) => (s.cluster.crm!.resources.find((r) => r.id === 'fence-ipmi')!.failed = true), codes: ['no-fence-device'] },
    { name: 'no fence device can fence the node', mutate: (s) => (s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ ...t, devices: [] }))), codes: ['no-fence-device'] },
    {
      name: 'the fencer asked about the node is not answering (unknown, not "no device")',
      mutate: (s) => (s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ target: t.target, devices: [], error: 'fencer not answering on n1: Could not connect to fencer: Transport endpoint is not connected' }))),
      codes: ['fencing-unknown'],
    },
    { name: 'would lose quorum (corosync votes)', mutate: (s) => Object.values(s.nodes).forEach((n) => (n.quorum!.totalVotes = 2)), codes: ['would-lose-quorum'] },
    {
      name: 'would lose quorum (no corosync data: Pacemaker membership)',
      mutate: (s) => {
        Object.values(s.nodes).forEach((n) => delete n.quorum);
        s.cluster.crm!.nodes[2]!.online = false;
      },
      codes: ['would-lose-quorum'],
    },
    { name: 'no other reachable node to fence from', mutate: (s) => ['n1', 'n3'].forEach((n) => (s.nodes[n]!.conn.status = 'down')), codes: ['no-fencer'] },
    { name: 'read-only mode', mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = cluster();
      c.mutate(s);
      const r = new FakeRunner({ ordered: true });
      const { ctx } = testCtx(s, r);
      const p = await preparePlan('fence.node', { node: c.node ?? 'n2', reason: c.reason ?? 'kernel hung' }, ctx);
      await expectRefused(p, ctx, r, c.codes);
    });
  }
});

describe('report-only actions are blocked without Pacemaker data', () => {
  it('fence check of an unknown node, and without crm_mon data', async () => {
    const r = new FakeRunner({ ordered: true }).allow(undefined, Q, { code: 105 });
    const { ctx } = testCtx(cluster(), r);
    const p = await preparePlan('fence.check', { node: 'n9' }, ctx);
    expect(p.findings.map((f) => f.code)).toEqual(['unknown-node']);
    expect(p.blocked).toBe(true);
    const s = cluster();
    delete s.cluster.crm;
    const q = await preparePlan('fence.check', {}, testCtx(s, r).ctx);
    expect(q.findings.map((f) => f.code)).toEqual(['no-pacemaker-status']);
    expect(q.blocked).toBe(true);
    expect(r.mutations()).toEqual([]);
  });
});
