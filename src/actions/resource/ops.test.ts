import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { MemoryAuditLog } from '../audit.js';
import { executePlan, preparePlan } from '../index.js';
import { operatorCommands } from '../sudoers.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, NOW } from '../../../test/support/actions/state.js';
import { mkPrimitive } from '../../../test/support/store/test-fixtures.js';
import { UsageError } from '../types.js';
import { banAction, moveAction, resourceStopAction } from './def.js';
import type { ResourceOpTarget } from './ops.js';

const TMP = '/tmp/virtdeck-cib.op';
const SIM = 'Current cluster status:\n\nTransition Summary:\n  * Move       ip-web     ( n1 -> n3 )\n\nExecuting Cluster Transition:\n';

/** cluster() plus a non-VM resource ip-web (IPaddr2) on n1. */
function withIp(): VdState {
  const s = cluster();
  s.cluster.crm!.resources.push(mkPrimitive('ip-web', 'ocf:heartbeat:IPaddr2', ['n1']));
  return s;
}
const noWhatIf = () => new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
const MOVE = ['crm_resource', '--move', '--resource', 'ip-web', '--node', 'n3'];
const CLEAR = ['crm_resource', '--clear', '--resource', 'ip-web'];

describe('resource move/ban/clear/start/stop: exact argv', () => {
  const cases: [string, ResourceOpTarget, string[][], (s: VdState) => void][] = [
    ['resource.move', { op: 'move', resource: 'ip-web', node: 'n3' }, [MOVE, ['wait'], CLEAR], () => undefined],
    ['resource.ban', { op: 'ban', resource: 'ip-web', node: 'n1' }, [['crm_resource', '--ban', '--resource', 'ip-web', '--node', 'n1'], ['wait']], () => undefined],
    ['resource.clear', { op: 'clear', resource: 'ip-web' }, [CLEAR], (s) => s.cluster.crm!.bans.push({ id: 'cli-ban-ip-web-on-n1', resource: 'ip-web', node: 'n1', weight: -1e6, promotedOnly: false })],
    ['resource.start', { op: 'start', resource: 'ip-web' }, [['crm_resource', '--resource', 'ip-web', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Started'], ['wait']], (s) => Object.assign(s.cluster.crm!.resources[3]!, { active: false, nodes: [], role: 'Stopped' })],
    ['resource.stop', { op: 'stop', resource: 'ip-web' }, [['crm_resource', '--resource', 'ip-web', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Stopped'], ['wait']], () => undefined],
  ];
  for (const [id, target, steps, mutate] of cases) {
    it(`${id}: ${steps[0]!.join(' ')}, simulated first on a CIB copy`, async () => {
      const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
        .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: `${TMP}\n` })
        .expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', TMP])
        .expect('n1', steps[0]!, async (c) => {
          expect(c.env).toEqual({ CIB_file: TMP });
          return {};
        })
        .expect('n1', ['crm_simulate', '-S', '-x', TMP], { stdout: SIM })
        .expect('n1', ['rm', '-f', TMP]);
      const s = withIp();
      mutate(s);
      const { ctx } = testCtx(s, r);
      const p = await preparePlan(id, target, ctx);
      r.assertAllCalled();
      expect(p.findings.filter((f) => f.level === 'error')).toEqual([]);
      expect(p.steps.map((x) => (x.kind === 'cmd' ? x.cmd.argv : ['wait']))).toEqual(steps);
      expect(p.whatIf?.changes).toEqual([{ resource: 'ip-web', action: 'Move', from: 'n1', to: 'n3' }]);
      expect(r.mutations()).toEqual([]);
    });
  }

  it('move executes move → wait → clear, and clears even when the wait times out', async () => {
    const r = noWhatIf().expect('n1', MOVE).expect('n1', CLEAR);
    const audit = new MemoryAuditLog();
    const { ctx } = testCtx(withIp(), r, { audit }); // the fake clock runs out the 60 s wait: it never lands on n3
    const p = await preparePlan('resource.move', { op: 'move', resource: 'ip-web', node: 'n3' }, ctx);
    const res = await executePlan(p, ctx, { ackWarnings: true });
    expect(res.ok).toBe(false);
    r.assertAllCalled();
    expect(r.mutations()).toEqual([['n1', ...MOVE], ['n1', ...CLEAR]]);
    expect(audit.records.at(-1)).toMatchObject({ type: 'result', status: 'failed' });
  });

  it('move done: the resource runs on the target and the clear ran', async () => {
    const r = noWhatIf().expect('n1', MOVE).expect('n1', CLEAR);
    const { ctx } = testCtx(withIp(), r, { onRefresh: (round, set) => set((s) => void (round >= 2 && (s.cluster.crm!.resources[3]!.nodes = ['n3']))) });
    const p = await preparePlan('resource.move', { op: 'move', resource: 'ip-web', node: 'n3' }, ctx);
    expect(p.confirmWords).toEqual(['ip-web']);
    const res = await executePlan(p, ctx);
    expect(res).toMatchObject({ ok: true, status: 'done', message: expect.stringContaining('ip-web runs on n3') });
    r.assertAllCalled();
  });
});

describe('resource ops: each guard refuses the action (nothing runs)', () => {
  const ip = (s: VdState) => s.cluster.crm!.resources[3]!;
  const cases: { name: string; t: ResourceOpTarget; mutate?: (s: VdState) => void; codes: string[] }[] = [
    { name: 'unknown resource', t: { op: 'stop', resource: 'nope' }, codes: ['unknown-resource'] },
    { name: 'unknown node', t: { op: 'move', resource: 'ip-web', node: 'n9' }, codes: ['unknown-node'] },
    { name: 'no quorum', t: { op: 'start', resource: 'ip-web' }, mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'quorum unknown', t: { op: 'stop', resource: 'ip-web' }, mutate: (s) => (s.cluster.crm!.summary.quorumUnknown = 'no DC'), codes: ['quorum-unknown'] },
    { name: 'stale status', t: { op: 'clear', resource: 'ip-web' }, mutate: (s) => (s.cluster.fresh.pacemaker!.lastOk = NOW - 60_000), codes: ['stale-data'] },
    { name: 'cluster in maintenance', t: { op: 'stop', resource: 'ip-web' }, mutate: (s) => (s.cluster.crm!.summary.maintenanceMode = true), codes: ['cluster-maintenance'] },
    { name: 'resource unmanaged', t: { op: 'stop', resource: 'ip-web' }, mutate: (s) => (ip(s).managed = false), codes: ['resource-unmanaged'] },
    { name: 'resource migrating', t: { op: 'move', resource: 'ip-web', node: 'n3' }, mutate: (s) => (ip(s).pending = 'Migrating'), codes: ['resource-migrating'] },
    { name: 'move target offline', t: { op: 'move', resource: 'ip-web', node: 'n3' }, mutate: (s) => (s.cluster.crm!.nodes[2]!.online = false), codes: ['target-offline'] },
    { name: 'move target in standby', t: { op: 'move', resource: 'ip-web', node: 'n3' }, mutate: (s) => (s.cluster.crm!.nodes[2]!.standby = true), codes: ['target-standby'] },
    { name: 'move target in maintenance', t: { op: 'move', resource: 'ip-web', node: 'n3' }, mutate: (s) => (s.cluster.crm!.nodes[2]!.maintenance = true), codes: ['target-maintenance'] },
    { name: 'move to where it runs', t: { op: 'move', resource: 'ip-web', node: 'n1' }, codes: ['already-there'] },
    { name: 'move to a node it is banned from', t: { op: 'move', resource: 'ip-web', node: 'n3' }, mutate: (s) => s.cluster.crm!.bans.push({ id: 'cli-ban-ip-web-on-n3', resource: 'ip-web', node: 'n3', weight: -1e6, promotedOnly: false }), codes: ['banned-there'] },
    { name: 'move of a clone', t: { op: 'move', resource: 'cl', node: 'n3' }, mutate: (s) => s.cluster.crm!.resources.push({ ...mkPrimitive('cl', 'ocf:pacemaker:controld', ['n1']), kind: 'clone' }), codes: ['not-movable'] },
    { name: 'ban from the last active node', t: { op: 'ban', resource: 'ip-web', node: 'n1' }, mutate: (s) => [1, 2].forEach((i) => (s.cluster.crm!.nodes[i]!.standby = true)), codes: ['no-other-node'] },
    { name: 'start with no active node', t: { op: 'start', resource: 'ip-web' }, mutate: (s) => s.cluster.crm!.nodes.forEach((n) => (n.standby = true)), codes: ['no-active-node'] },
    { name: 'read-only mode', t: { op: 'stop', resource: 'ip-web' }, mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = withIp();
      c.mutate?.(s);
      const r = noWhatIf();
      const { ctx } = testCtx(s, r);
      await expectRefused(await preparePlan(`resource.${c.t.op}`, c.t, ctx), ctx, r, c.codes);
    });
  }
  it('warnings: a VM resource moved without vm migrate checks; stopping a stopped one', async () => {
    const { ctx } = testCtx(withIp(), noWhatIf());
    expect((await preparePlan('resource.move', { op: 'move', resource: 'vm-web1', node: 'n3' }, ctx)).findings.map((f) => f.code)).toEqual(['vm-resource']);
    const s = withIp();
    Object.assign(s.cluster.crm!.resources[3]!, { active: false, nodes: [] });
    const { ctx: c2 } = testCtx(s, noWhatIf());
    expect((await preparePlan('resource.stop', { op: 'stop', resource: 'ip-web' }, c2)).findings.map((f) => f.code)).toEqual(['already-stopped']);
  });
});

describe('resource ops: CLI grammar and sudoers', () => {
  it('parses RESOURCE NODE; bad input names the problem', () => {
    expect(moveAction.parseTarget(['ip-web', 'n3'])).toEqual({ op: 'move', resource: 'ip-web', node: 'n3' });
    expect(() => banAction.parseTarget(['ip-web'])).toThrow(/usage: resource ban RESOURCE NODE/);
    expect(() => resourceStopAction.parseTarget(['ip-web', 'n1'])).toThrow(UsageError);
    expect(() => moveAction.parseTarget(['ip-web', 'n;3'])).toThrow(/node/);
  });
  it('the operator sudoers role allows ban (move, clear and target-role were there)', () => {
    expect(operatorCommands().map((c) => c.argv.join(' '))).toContain('crm_resource --ban --resource vdsentinelrsc --node vdsentinelnode');
  });
});
