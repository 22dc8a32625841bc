import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import { operatorCommands } from '../sudoers.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, NOW } from '../../../test/support/actions/state.js';
import { UsageError } from '../types.js';
import { clusterMaintenanceAction, nodeMaintenanceAction, resourceMaintenanceAction } from './def.js';
import { headerLines, maintenanceSegment } from '../../ui/components/Header.js';
import { makeTheme } from '../../ui/theme.js';
import type { MaintenanceTarget } from './maintenance.js';

const TMP = '/tmp/virtdeck-cib.mt';
const SIM = 'Current cluster status:\n\nTransition Summary:\n\nExecuting Cluster Transition:\n';
const CASES: [string, MaintenanceTarget, string[]][] = [
  ['cluster.maintenance', { on: true, scope: { kind: 'cluster' } }, ['crm_attribute', '--type', 'crm_config', '--name', 'maintenance-mode', '--update', 'true']],
  ['node.maintenance', { on: true, scope: { kind: 'node', node: 'n2' } }, ['crm_attribute', '--node', 'n2', '--name', 'maintenance', '--update', 'true']],
  ['resource.maintenance', { on: false, scope: { kind: 'resource', resource: 'vm-db1' } }, ['crm_resource', '--resource', 'vm-db1', '--set-parameter', 'maintenance', '--meta', '--parameter-value', 'false']],
];
const noWhatIf = () => new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });

describe('maintenance on|off: exact argv, simulated first on a CIB copy', () => {
  for (const [id, target, argv] of CASES) {
    it(`${id} ${target.on ? 'on' : 'off'}: ${argv.join(' ')}`, async () => {
      const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
        .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: `${TMP}\n` })
        .expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', TMP])
        .expect('n1', argv, async (c) => {
          expect(c.env).toEqual({ CIB_file: TMP });
          expect(c.sudo).toBe(false);
          return {};
        })
        .expect('n1', ['crm_simulate', '-S', '-x', TMP], { stdout: SIM })
        .expect('n1', ['rm', '-f', TMP]);
      const s = cluster();
      if (!target.on) s.cluster.crm!.resources[1]!.managed = false;
      const { ctx } = testCtx(s, r);
      const p = await preparePlan(id, target, ctx);
      r.assertAllCalled();
      expect(p.steps.map((x) => (x.kind === 'cmd' ? [x.node, ...x.cmd.argv] : [x.node, 'wait']))).toEqual([['n1', ...argv]]);
      const step = p.steps[0]!;
      expect(step.kind === 'cmd' && step.cmd.sudo && step.cmd.mutates).toBe(true);
      expect(p.findings.map((f) => f.code)).toEqual([target.on ? 'no-recovery' : 'resumes-management']);
      expect(p.findings.every((f) => f.level === 'warning')).toBe(true);
      expect(p.whatIf).toEqual({ node: 'n1', changes: [] });
      expect(r.mutations()).toEqual([]);
    });
  }

  it('executes cluster maintenance on after acknowledging "no recovery", verifies it from crm_mon', async () => {
    const r = noWhatIf().expect('n1', CASES[0]![2]);
    const { ctx } = testCtx(cluster(), r, { onRefresh: (round, set) => set((s) => void (round >= 2 && (s.cluster.crm!.summary.maintenanceMode = true))) });
    const p = await preparePlan('cluster.maintenance', CASES[0]![1], ctx);
    expect(p.findings[0]!.message).toMatch(/Pacemaker starts, stops, monitors and recovers nothing it covers \(vm-web1, vm-db1, fence-ipmi\)/);
    expect(p.confirmWords).toEqual(['maintenance']);
    expect(await executePlan(p, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    const res = await executePlan(p, ctx, { ackWarnings: ['no-recovery'] });
    expect(res).toMatchObject({ ok: true, status: 'done', message: expect.stringContaining('cluster is in maintenance') });
    r.assertAllCalled();
  });
});

describe('maintenance: each guard refuses the action (nothing runs)', () => {
  const cases: { name: string; id: string; target: MaintenanceTarget; mutate?: (s: VdState) => void; codes: string[] }[] = [
    { name: 'unknown node', id: 'node.maintenance', target: { on: true, scope: { kind: 'node', node: 'n9' } }, codes: ['unknown-node'] },
    { name: 'unknown resource', id: 'resource.maintenance', target: { on: true, scope: { kind: 'resource', resource: 'vm-nope' } }, codes: ['unknown-resource'] },
    { name: 'no quorum', id: 'cluster.maintenance', target: { on: true, scope: { kind: 'cluster' } }, mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'quorum unknown', id: 'node.maintenance', target: { on: true, scope: { kind: 'node', node: 'n1' } }, mutate: (s) => (s.cluster.crm!.summary.quorumUnknown = 'no DC'), codes: ['quorum-unknown'] },
    { name: 'stale Pacemaker status', id: 'cluster.maintenance', target: { on: false, scope: { kind: 'cluster' } }, mutate: (s) => (s.cluster.fresh.pacemaker!.lastOk = NOW - 60_000), codes: ['stale-data'] },
    { name: 'the resource is migrating', id: 'resource.maintenance', target: { on: true, scope: { kind: 'resource', resource: 'vm-web1' } }, mutate: (s) => (s.cluster.crm!.resources[0]!.pending = 'Migrating'), codes: ['resource-migrating'] },
    { name: 'read-only mode', id: 'resource.maintenance', target: { on: true, scope: { kind: 'resource', resource: 'vm-web1' } }, mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = cluster();
      c.mutate?.(s);
      const r = noWhatIf();
      const { ctx } = testCtx(s, r);
      await expectRefused(await preparePlan(c.id, c.target, ctx), ctx, r, c.codes);
    });
  }
  it('warnings: already on, an offline node', async () => {
    const s = cluster();
    Object.assign(s.cluster.crm!.nodes[2]!, { maintenance: true, online: false });
    const { ctx } = testCtx(s, noWhatIf());
    const p = await preparePlan('node.maintenance', { on: true, scope: { kind: 'node', node: 'n3' } }, ctx);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:already-on', 'warning:no-recovery', 'warning:node-offline']);
  });
});

describe('maintenance: CLI grammar, sudoers, header', () => {
  it('parses on|off and the name; bad input names the problem', () => {
    expect(clusterMaintenanceAction.parseTarget(['on'])).toEqual({ on: true, scope: { kind: 'cluster' } });
    expect(nodeMaintenanceAction.parseTarget(['off', 'n1'])).toEqual({ on: false, scope: { kind: 'node', node: 'n1' } });
    expect(resourceMaintenanceAction.parseTarget(['on', 'vm-web1'])).toEqual({ on: true, scope: { kind: 'resource', resource: 'vm-web1' } });
    expect(() => clusterMaintenanceAction.parseTarget(['yes'])).toThrow(/"yes" is not on or off/);
    expect(() => clusterMaintenanceAction.parseTarget(['on', 'n1'])).toThrow(UsageError);
    expect(() => nodeMaintenanceAction.parseTarget(['on'])).toThrow(/usage: node maintenance on\|off NODE/);
    expect(() => resourceMaintenanceAction.parseTarget(['on', 'a b'])).toThrow(/resource id/);
  });
  it('the operator sudoers role allows the six maintenance argv', () => {
    const argvs = operatorCommands().map((c) => c.argv.join(' '));
    for (const a of ['crm_attribute --type crm_config --name maintenance-mode --update true', 'crm_attribute --node vdsentinelnode --name maintenance --update false', 'crm_resource --resource vdsentinelrsc --set-parameter maintenance --meta --parameter-value true'])
      expect(argvs).toContain(a);
  });
  it('the header shows cluster maintenance prominently, else nodes and unmanaged resources', () => {
    const theme = makeTheme(false);
    const s = cluster();
    expect(maintenanceSegment(theme, s.cluster.crm, false)).toBe('');
    s.cluster.crm!.nodes[1]!.maintenance = true;
    s.cluster.crm!.resources[0]!.managed = false;
    expect(maintenanceSegment(theme, s.cluster.crm, false)).toBe(' │ ⚙ 1 node in maintenance, 1 unmanaged');
    s.cluster.crm!.summary.maintenanceMode = true;
    const h = headerLines(theme, s, { now: NOW, state: undefined }, { width: 200, view: 'overview', readonly: false, kind: 'cluster' });
    expect(h.left).toContain('⚙ MAINTENANCE MODE: nothing is recovered');
  });
});

describe('demo: maintenance in crm_mon/crm_simulate text as Pacemaker 2.1.5 prints it', () => {
  it('a node in maintenance is its own line; resources it leaves alone say (unmanaged)', async () => {
    const { DemoSim } = await import('../../demo/sim/sim.js');
    const sim = new DemoSim({ seed: 1, nodes: 3, vms: 6 });
    sim.tick(60_000);
    const r = sim.resources.find((x) => x.node)!;
    sim.setMaintenance({ node: r.node! }, true);
    const { crmSimulate } = await import('../../demo/tools/pacemaker.js');
    let out = '';
    const io = { out: (s: string) => void (out += s), err: () => undefined, stdin: async () => '' };
    // crm_simulate --live-check: the live status, as the demo prints it (ctx reduced to what it reads)
    await crmSimulate({ sim, node: sim.nodes[0]!.name, env: {}, io } as never, ['-L']);
    expect(out).toContain(`    * Node ${r.node}: maintenance`);
    expect(out).toMatch(new RegExp(`\\* ${r.id}\\t\\(ocf:heartbeat:VirtualDomain\\):\\t Started ${r.node} \\(unmanaged\\)`));
  });
});
