import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { MemoryAuditLog } from '../audit.js';
import { runActionCommand } from '../cli.js';
import { executePlan, preparePlan } from '../index.js';
import { operatorCommands, renderSudoers } from '../sudoers.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, NOW } from '../../../test/support/actions/state.js';
import { UsageError } from '../types.js';
import { cleanupAction, refreshAction } from './def.js';

const TMP = '/tmp/virtdeck-cib.cl';
const SIM = 'Current cluster status:\n\nTransition Summary:\n  * Move       vm-web1     ( n2 -> n1 )\n\nExecuting Cluster Transition:\n';
const ATTRS = (r: string, n: string) => `//node_state[@uname='${n}']//nvpair[starts-with(@name,'fail-count-${r}#') or starts-with(@name,'last-failure-${r}#')]`;

/** vm-web1 failed its monitor on n1 three times (migration-threshold 3) and runs on n2 now. */
function failed(): VdState {
  const s = cluster();
  const crm = s.cluster.crm!;
  crm.resources[0]!.nodes = ['n2'];
  crm.history = [{ node: 'n1', resource: 'vm-web1', failCount: 3, migrationThreshold: 3, lastFailure: 'Mon Dec  7 11:57:12 2026' }];
  crm.failedActions = [{ opKey: 'vm-web1_monitor_10000', node: 'n1', exitStatus: 'not running', exitCode: 7, status: 'complete', lastRcChange: '2026-12-07 11:57:12Z', resource: 'vm-web1', task: 'monitor', interval: 10000 }];
  return s;
}

const whatIf = (r: FakeRunner, deletes: string[][]) => {
  r.expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: `${TMP}\n` }).expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', TMP]);
  for (const d of deletes)
    r.expect('n1', d, async (c) => {
      expect(c.env).toEqual({ CIB_file: TMP });
      expect(c.sudo).toBe(false);
      return {};
    });
  return r.expect('n1', ['crm_simulate', '-S', '-x', TMP], { stdout: SIM }).expect('n1', ['rm', '-f', TMP]);
};

describe('resource cleanup / refresh: plan', () => {
  it('cleanup RESOURCE --node N: exact argv, the fail counts and failed operations it clears, a what-if on a CIB copy', async () => {
    const r = whatIf(new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true }), [
      ['cibadmin', '--delete-all', '--force', '--xpath', ATTRS('vm-web1', 'n1')],
      ['cibadmin', '--delete-all', '--force', '--xpath', "//node_state[@uname='n1']//lrm_resource[@id='vm-web1']/lrm_rsc_op[contains(@id,'_last_failure_')]"],
    ]);
    const { ctx } = testCtx(failed(), r);
    const p = await preparePlan('resource.cleanup', { mode: 'cleanup', resource: 'vm-web1', node: 'n1' }, ctx);
    r.assertAllCalled();
    expect(p.findings).toEqual([]);
    expect(p.steps.map((x) => (x.kind === 'cmd' ? [x.node, ...x.cmd.argv] : [x.node, 'wait']))).toEqual([
      ['n1', 'crm_resource', '--cleanup', '--resource', 'vm-web1', '--node', 'n1'],
      ['n1', 'wait'],
    ]);
    const step = p.steps[0]!;
    expect(step.kind === 'cmd' && step.cmd.sudo && step.cmd.mutates).toBe(true);
    expect(p.summary.join('\n')).toContain('fail count 3 of vm-web1 on n1 (migration-threshold 3 reached: kept off n1 until cleared)');
    expect(p.summary.join('\n')).toContain('failed vm-web1_monitor_10000 on n1: not running, rc 7 at 2026-12-07 11:57:12Z');
    expect(p.whatIf).toEqual({ node: 'n1', changes: [{ resource: 'vm-web1', action: 'Move', from: 'n2', to: 'n1' }] });
    expect(r.mutations()).toEqual([]);
  });

  it('refresh without RESOURCE or node: every resource, the whole operation history in the what-if', async () => {
    const r = whatIf(new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true }), [
      ['cibadmin', '--delete-all', '--force', '--xpath', "//node_state//nvpair[starts-with(@name,'fail-count-') or starts-with(@name,'last-failure-')]"],
      ['cibadmin', '--delete-all', '--force', '--xpath', '//node_state//lrm_resource'],
    ]);
    const { ctx } = testCtx(failed(), r);
    const p = await preparePlan('resource.refresh', { mode: 'refresh' }, ctx);
    expect(p.steps[0]!.kind === 'cmd' && p.steps[0]!.cmd.argv).toEqual(['crm_resource', '--refresh']);
    expect(p.targetLabel).toBe('all resources');
    expect(p.findings).toEqual([]);
  });

  it('executes: runs crm_resource once, waits until the status shows no failure, verifies, audits', async () => {
    const r = whatIf(new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true }), [
      ['cibadmin', '--delete-all', '--force', '--xpath', ATTRS('vm-web1', 'n1')],
      ['cibadmin', '--delete-all', '--force', '--xpath', "//node_state[@uname='n1']//lrm_resource[@id='vm-web1']/lrm_rsc_op[contains(@id,'_last_failure_')]"],
    ]).expect('n1', ['crm_resource', '--cleanup', '--resource', 'vm-web1', '--node', 'n1'], { stdout: 'Cleaned up vm-web1 on n1\n' });
    const audit = new MemoryAuditLog();
    const { ctx } = testCtx(failed(), r, {
      audit,
      onRefresh: (round, set) =>
        set((s) => {
          if (round >= 3) (s.cluster.crm!.history = []), (s.cluster.crm!.failedActions = []);
        }),
    });
    const p = await preparePlan('resource.cleanup', { mode: 'cleanup', resource: 'vm-web1', node: 'n1' }, ctx);
    const lines: string[] = [];
    const res = await executePlan(p, ctx, { onProgress: (l) => lines.push(l) });
    expect(res).toMatchObject({ ok: true, status: 'done' });
    r.assertAllCalled();
    expect(lines.some((l) => l.includes('still: fail count 3 of vm-web1 on n1'))).toBe(true);
    expect(audit.records.map((a) => a.type)).toEqual(['intent', 'step', 'step', 'result']);
  });
});

describe('resource cleanup: each guard refuses the action (nothing runs)', () => {
  const cases: { name: string; mutate: (s: VdState) => void; codes: string[]; target?: { resource?: string; node?: string } }[] = [
    { name: 'unknown resource', mutate: () => undefined, target: { resource: 'vm-nope' }, codes: ['unknown-resource'] },
    { name: 'unknown node', mutate: () => undefined, target: { resource: 'vm-web1', node: 'n9' }, codes: ['unknown-node'] },
    { name: 'no quorum', mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'quorum unknown (no DC)', mutate: (s) => (s.cluster.crm!.summary.quorumUnknown = 'no DC'), codes: ['quorum-unknown'] },
    { name: 'stale Pacemaker status', mutate: (s) => (s.cluster.fresh.pacemaker!.lastOk = NOW - 60_000), codes: ['stale-data'] },
    { name: 'the resource is migrating (crm_mon pending)', mutate: (s) => (s.cluster.crm!.resources[0]!.pending = 'Migrating'), codes: ['resource-migrating'] },
    { name: 'a resource is migrating while cleaning up all', mutate: (s) => (s.cluster.crm!.resources[1]!.role = 'Migrating'), target: {}, codes: ['resource-migrating'] },
    { name: 'read-only mode', mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = failed();
      c.mutate(s);
      const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
      const { ctx } = testCtx(s, r);
      const p = await preparePlan('resource.cleanup', { mode: 'cleanup', ...(c.target ?? { resource: 'vm-web1' }) }, ctx);
      await expectRefused(p, ctx, r, c.codes);
    });
  }
  it('warnings: nothing to clean, node offline', async () => {
    const s = cluster();
    s.cluster.crm!.nodes[2]!.online = false;
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('resource.cleanup', { mode: 'cleanup', resource: 'vm-db1', node: 'n3' }, ctx);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:node-offline', 'warning:nothing-to-clean']);
    expect(await executePlan(p, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    expect(r.mutations()).toEqual([]);
  });
});

describe('resource cleanup: CLI grammar and sudoers', () => {
  it('parses RESOURCE and --node in any order, or nothing (all failed)', () => {
    expect(cleanupAction.parseTarget(['vm-web1', '--node', 'n1'])).toEqual({ mode: 'cleanup', resource: 'vm-web1', node: 'n1' });
    expect(cleanupAction.parseTarget(['--node', 'n1'])).toEqual({ mode: 'cleanup', node: 'n1' });
    expect(refreshAction.parseTarget([])).toEqual({ mode: 'refresh' });
  });
  it('bad input is a usage error naming the thing', () => {
    expect(() => cleanupAction.parseTarget(['a', 'b'])).toThrow(UsageError);
    expect(() => cleanupAction.parseTarget(['--node'])).toThrow(/--node needs a node name/);
    expect(() => cleanupAction.parseTarget(['--all'])).toThrow(/unknown option --all/);
    expect(() => cleanupAction.parseTarget(['x;reboot'])).toThrow(/resource id/);
  });
  it('`resource cleanup` without --yes prints the plan and runs nothing that changes the cluster', async () => {
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    const out: string[] = [];
    const { ctx } = testCtx(failed(), r);
    const code = await runActionCommand(['resource', 'cleanup', 'vm-web1'], { ...ctx, out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('crm_resource --cleanup --resource vm-web1');
    expect(out.join('\n')).toMatch(/Dry run: nothing changed/);
    expect(r.mutations()).toEqual([]);
  });
  it('the operator sudoers role allows each argv shape, and only those', () => {
    const argvs = operatorCommands().map((c) => c.argv.join(' '));
    expect(argvs).toContain('crm_resource --cleanup --resource vdsentinelrsc --node vdsentinelnode');
    expect(argvs).toContain('crm_resource --refresh');
    const text = renderSudoers({ role: 'operator', user: 'op' });
    expect(text).toContain('/usr/sbin/crm_resource ^--cleanup --resource [A-Za-z_][A-Za-z0-9_.-]* --node [A-Za-z0-9][A-Za-z0-9._-]*$');
    expect(renderSudoers({ role: 'readonly', user: 'op' })).not.toContain('--cleanup');
  });
});

describe('migrating: real crm_mon output', () => {
  it('a pending migrate_to shows as role="Migrating" (real capture): cleanup refused', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseCrmMon } = await import('../../collectors/pacemaker/parse.js');
    const crm = parseCrmMon(readFileSync(new URL('../fixtures/crm_mon-migrating.xml', import.meta.url), 'utf8'));
    const s = cluster(['node1', 'node2', 'node3']);
    s.cluster.crm = crm;
    s.cluster.fresh.pacemaker!.via = 'node1';
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('resource.cleanup', { mode: 'cleanup', resource: 'vm-web1' }, ctx);
    expect(p.findings.filter((f) => f.level === 'error').map((f) => f.message)).toEqual(['vm-web1 (Migrating) is migrating: wait until it ends, then clean up']);
  });

  it("the parser keeps a resource's pending operation (record-pending), which the migrating guard reads", async () => {
    const { parseCrmMon } = await import('../../collectors/pacemaker/parse.js');
    const { fixturesOf } = await import('../../../test/support/collectors/parse-test-helpers.js');
    const xml = fixturesOf('pacemaker')('healthy.crm_mon.xml');
    const m = /<resource id="([^"]+)" resource_agent="ocf:heartbeat:VirtualDomain"/.exec(xml)!;
    const s = parseCrmMon(xml.replace(m[0], `${m[0]} pending="Migrating"`));
    const { flattenResources } = await import('../../model/pacemaker.js');
    const all = flattenResources(s.resources);
    expect(all.find((r) => r.id === m[1])!.pending).toBe('Migrating');
    expect(all.filter((r) => r.pending !== undefined)).toHaveLength(1);
  });
});

describe('resource cleanup: the TUI path (C in :res)', () => {
  it('the row becomes the same typed target as `virtdeck resource cleanup RESOURCE`, with no CLI words between', async () => {
    const { makePlanAction, requestValues } = await import('../../cli/action-bridge.js');
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    const { ctx } = testCtx(failed(), r);
    // a :res row is RESOURCE@NODE; the cleanup key takes the resource (every node, as the CLI without --node)
    const req = { kind: 'resource.cleanup' as const, targets: ['vm-web1'], nodes: ['n2'] };
    expect(requestValues(cleanupAction, req, 0, ctx.store.getState())).toEqual({ resource: 'vm-web1' });
    const view = await makePlanAction(ctx)(req);
    expect(view.title).toBe('Resource cleanup: vm-web1');
    expect(view.steps[0]?.display).toBe('sudo crm_resource --cleanup --resource vm-web1');
    await expect(makePlanAction(ctx)({ ...req, targets: ['x;reboot'] })).rejects.toMatchObject({ name: 'InputError', field: 'resource' });
    expect(r.mutations()).toEqual([]);
  });
});
