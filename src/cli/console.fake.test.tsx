/** @jsxRuntime automatic */
// Scenario with a FakeRunner: the whole app (UI + action bridge + engine) over the fixture store,
// the node side scripted. Deterministic check of what the operator sees (exact command, the
// scheduler's what-if) and of what is sent and audited after the typed confirmation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { AuditLog, type ActionCtx } from '../actions/index.js';
import { fixtureStore, mkCrm } from '../../test/support/store/test-fixtures.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import { makePlanAction } from './action-bridge.js';
import { KEY, renderApp, tick, waitFor } from '../../test/support/ui/render.js';
import { CIB_TMP as TMP, DOMAIN_WEB01 as DOMAIN, SIMULATE_STANDBY as SIMULATE, VM_PRIMITIVES } from '../../test/support/cli/test-support.js';

const STANDBY = ['crm_attribute', '--node', 'kvm-n1', '--name', 'standby', '--update', 'on'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-fake-scenario-'));
});
afterEach(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});


function setup() {
  const { store, clock } = fixtureStore();
  const runner = new FakeRunner({ nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] });
  let standbySent = false;
  runner.respond((node, cmd) => {
    const [prog] = cmd.argv;
    if (prog === 'virsh' && cmd.argv.includes('dumpxml')) {
      const vm = cmd.argv[cmd.argv.length - 1]!;
      return { stdout: DOMAIN.replace(/<name>[^<]*<\/name>/, `<name>${vm}</name>`) };
    }
    if (prog === 'mktemp') return { stdout: `${TMP}\n` };
    if (prog === 'cibadmin' && cmd.argv.includes('--xpath')) return { stdout: VM_PRIMITIVES };
    if (prog === 'grep' && cmd.argv[1] === '-E') return { stdout: `  <name>${/([^/]+)\.xml$/.exec(cmd.argv.at(-1)!)![1]}</name>\n` };
    if (prog === 'sh' && cmd.argv.includes(TMP)) return { stdout: '' };
    if (prog === 'crm_attribute' && cmd.env?.CIB_file === TMP) return { stdout: '' };
    if (prog === 'crm_simulate') return { stdout: SIMULATE };
    if (prog === 'rm') return { stdout: '' };
    if (prog === 'crm_attribute' && node === 'kvm-n1' && !cmd.env?.CIB_file) {
      standbySent = true;
      return { stdout: '' };
    }
    return undefined; // anything else is unexpected (assertAllCalled reports it)
  });
  // The collectors' part: each refresh stamps fresh data; after the standby the node is empty.
  const refresh = async () => {
    clock.now += 1000;
    const crm = mkCrm();
    if (standbySent) {
      crm.nodes = crm.nodes.map((n) => (n.name === 'kvm-n1' ? { ...n, standby: true } : n));
      // Pacemaker drains the node: clone instances stop there, everything else moves to kvm-n2.
      for (const r of crm.resources) {
        if (r.kind === 'clone') r.children = r.children?.filter((c) => !c.nodes.includes('kvm-n1'));
        else if (r.nodes.includes('kvm-n1')) r.nodes = ['kvm-n2'];
      }
    }
    const s = store.getState();
    s.setClusterData('pacemaker', 'kvm-n1', { crm });
    for (const n of s.nodeOrder) s.setNodeData(n, 'host', { host: s.nodes[n]!.host! });
    for (const n of s.nodeOrder) s.setNodeData(n, 'vms', { vms: s.nodes[n]!.vms ?? [] });
  };
  const audit = join(dir, 'audit.jsonl');
  const ctx: ActionCtx = {
    store,
    runner,
    refresh,
    audit: new AuditLog(audit),
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    options: { pollMs: 1000 },
  };
  return { store, clock, runner, ctx, audit };
}

describe('console scenario with a FakeRunner', () => {
  it(':nodes → t shows the exact command and the what-if; typing the node and Enter sends it once and audits it', async () => {
    const { store, clock, runner, ctx, audit } = setup();
    const a = renderApp({ store, planAction: makePlanAction(ctx), now: () => clock.now, columns: 180, rows: 48 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter);
    expect(a.frame()).toContain('Nodes [');
    await a.type('t');
    const plan = await waitFor(a.frame, (f) => f.includes('to confirm'), 10_000, 'the plan');
    expect(plan).toContain('Node standby: kvm-n1');
    expect(plan).toContain('1. [kvm-n1] sudo crm_attribute --node kvm-n1 --name standby --update on');
    expect(plan).toContain('What-if (scheduler simulation):');
    expect(plan).toContain(`crm_simulate on kvm-n1:`);
    expect(plan).toContain('Migrate vm-web1 (kvm-n1 → kvm-n2)');
    expect(plan).toContain('Move vm-db1 (kvm-n1 → kvm-n3)');
    // Only reads and the what-if on the CIB copy so far.
    expect(runner.calls.filter((c) => c.argv[0] === 'crm_attribute' && !c.cmd.env?.CIB_file)).toEqual([]);

    // Wrong name: Enter is refused and nothing runs.
    await a.type('k', 'v', 'm', '-', 'n', '2', KEY.enter);
    expect(a.frame()).toContain('type "kvm-n1" to confirm');
    await a.type(...Array(6).fill(KEY.backspace));
    if (plan.includes('press Tab to acknowledge the warnings')) await a.type(KEY.tab);
    await a.type(...'kvm-n1'.split(''), KEY.enter);
    await waitFor(a.frame, (f) => /done\. Esc closes\.|failed:/.test(f), 15_000, 'the result');
    expect(a.frame()).toContain('done. Esc closes.');

    const live = runner.calls.filter((c) => c.argv[0] === 'crm_attribute' && !c.cmd.env?.CIB_file);
    expect(live.map((c) => [c.node, c.argv])).toEqual([['kvm-n1', STANDBY]]);
    runner.assertAllCalled();
    expect(store.getState().actions.at(-1)).toMatchObject({ status: 'done' });

    const recs = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(recs.map((r) => r.type)).toEqual(['intent', 'step', 'step', 'result']);
    expect(recs[0]).toMatchObject({ action: 'node.standby', target: 'kvm-n1', cluster: 'kvm-lab' });
    expect(recs[1]).toMatchObject({ node: 'kvm-n1', argv: STANDBY, code: 0 });
    expect(recs[3]).toMatchObject({ status: 'done' });
    expect(statSync(audit).mode & 0o777).toBe(0o600);

    // A second Enter on the finished dialog does not run the plan again.
    await a.type(KEY.enter);
    expect(runner.calls.filter((c) => c.argv[0] === 'crm_attribute' && !c.cmd.env?.CIB_file)).toHaveLength(1);
  }, 60_000);

  it('marked rows: one plan per node, run in order; a refused first plan stops the rest', async () => {
    const { store, clock, ctx, runner } = setup();
    ctx.refresh = async () => undefined; // the collectors stopped: nothing gets fresh again
    const planAction = makePlanAction(ctx);
    const view = await planAction({ kind: 'node.online', targets: ['kvm-n2', 'kvm-n3'] });
    expect(view.title).toMatch(/^Node online ×2: kvm-n2, kvm-n3$/);
    expect(view.steps.map((s) => s.node)).toEqual(['kvm-n2', 'kvm-n3']);
    expect(view.steps[0]!.display).toBe('sudo crm_attribute --node kvm-n2 --name standby --update off');
    // kvm-n2 gets refused at execution (its data has gone stale): kvm-n3 must not be started.
    clock.now += 3_600_000;
    await expect(view.onConfirm(true)).rejects.toThrow(/^kvm-n2: (refused|aborted): .*\(1 remaining target\(s\) not started\)$/);
    expect(runner.calls.filter((c) => c.argv[0] === 'crm_attribute' && !c.cmd.env?.CIB_file)).toEqual([]);
    expect(store.getState().actions.map((x) => x.title)).not.toContain('Node online kvm-n3');
  });

  it('vm.migrate without a destination is refused with a clear message', async () => {
    const { ctx } = setup();
    await expect(makePlanAction(ctx)({ kind: 'vm.migrate', targets: ['web1'], nodes: ['kvm-n1'] })).rejects.toThrow('vm.migrate web1: no destination node picked');
  });
});
