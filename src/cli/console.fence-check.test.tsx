/** @jsxRuntime automatic */
// :fence → f → Enter: the fence check dialog lists its probe commands and Enter runs them (it did
// nothing before: the plan had no commands and report-only plans were skipped), with each answer
// and its time in the Progress section. Whole app + action bridge + engine over a FakeRunner.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { MemoryAuditLog, type ActionCtx } from '../actions/index.js';
import { SBD_DEVICE, fixtureStore } from '../../test/support/store/test-fixtures.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import { makePlanAction } from './action-bridge.js';
import { KEY, renderApp, waitFor } from '../../test/support/ui/render.js';

afterEach(() => cleanup());

describe('TUI fence check: Enter runs the probes', () => {
  it('shows the probe commands, runs them on Enter, shows each result with its time', async () => {
    const { store, clock } = fixtureStore();
    const runner = new FakeRunner({ nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] });
    runner.respond((_node, cmd) => {
      const a = cmd.argv;
      if (a[0] === 'cibadmin' && a.includes('fencing-topology')) return { stdout: '', code: 105, stderr: 'Call failed: No such device or address' };
      if (a[0] === 'stonith_admin' && a[1] === '--query') return { stdout: '' };
      if (a[0] === 'sbd' && a.at(-1) === 'list') return { stdout: fixture('fencing', 'sbd-list.txt').replace(/\bn(\d)\b/g, 'kvm-n$1').replace(/\t(reset|off)\tvm/g, '\tclear\t') };
      if (a[0] === 'sh' && a[4] === '/sys/class/watchdog') return { stdout: 'watchdog0\tiTCO_wdt\tactive\n' };
      return undefined;
    });
    const ctx: ActionCtx = { store, runner, refresh: async () => undefined, audit: new MemoryAuditLog(), now: () => clock.now, options: { pollMs: 1000 } };
    const a = renderApp({ store, planAction: makePlanAction(ctx), now: () => clock.now, columns: 200, rows: 60 });
    await a.type(':', 'f', 'e', 'n', 'c', 'e', KEY.enter);
    await a.type('f');
    const plan = await waitFor(a.frame, (f) => f.includes('[Enter] run'), 10_000, 'the fence check plan');
    expect(plan).toContain('Commands:');
    expect(plan).toMatch(/\[kvm-n\d\] sudo stonith_admin --query fence-kvm-n1/);
    expect(plan).toContain(`sudo sbd -d ${SBD_DEVICE} list`);
    expect(runner.calls.filter((c) => c.argv[0] === 'stonith_admin')).toEqual([]);

    await a.type(KEY.enter);
    const done = await waitFor(a.frame, (f) => /done: all \d+ probe|failed: \d+ of/.test(f), 15_000, 'the probe results');
    expect(done).toContain('done. Esc closes.');
    expect(done).toMatch(/\d\d:\d\d:\d\d OK kvm-n\d: watchdog \/dev\/watchdog/);
    expect(done).toMatch(/done: all \d+ probe result\(s\) OK/);
    // Every device was asked once, never on the node it fences.
    const queries = runner.calls.filter((c) => c.argv[0] === 'stonith_admin');
    expect(queries.map((c) => c.argv[2]).sort()).toEqual(['fence-kvm-n1', 'fence-kvm-n2', 'fence-kvm-n3', 'fence-kvm-n4']);
    for (const q of queries) expect(q.argv[2]).not.toBe(`fence-${q.node}`);
    expect(runner.calls.filter((c) => c.cmd.mutates)).toEqual([]);
    expect(store.getState().actions.at(-1)).toMatchObject({ status: 'done' });
  }, 60_000);

  it('fence node: the dialog lists what dies with the node and where Pacemaker restarts it (what-if), and the lost guest as a warning', async () => {
    const { store, clock } = fixtureStore();
    const runner = new FakeRunner({ nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] });
    const TMP = '/tmp/virtdeck-cib.Fn1';
    // Real 2.1.5 layout (src/actions/fence/fixtures/crm_simulate-node-fail.txt), this cluster's names.
    const SIM = `Transition Summary:\n  * Fence (reboot) kvm-n2 'peer is no longer part of the cluster'\n  * Move       fence-kvm-n1     ( kvm-n2 -> kvm-n3 )\n  * Move       vm-web2          ( kvm-n2 -> kvm-n4 )\n\nExecuting Cluster Transition:\n`;
    runner.respond((_node, cmd) => {
      const a = cmd.argv;
      if (a[0] === 'mktemp') return { stdout: `${TMP}\n` };
      if (a[0] === 'sh' && a.includes(TMP)) return { stdout: '' };
      if (a[0] === 'crm_simulate' && a.join(' ') === `crm_simulate -S -x ${TMP} --node-fail kvm-n2`) return { stdout: SIM };
      if (a[0] === 'rm') return { stdout: '' };
      return undefined;
    });
    const ctx: ActionCtx = { store, runner, refresh: async () => undefined, audit: new MemoryAuditLog(), now: () => clock.now, options: { pollMs: 1000 } };
    const view = await makePlanAction(ctx)({ kind: 'fence.node', targets: ['kvm-n2'], values: { reason: 'hung' } });
    expect(view.report).toContainEqual({ level: 'info', text: 'vm-web2 (VM web2): dies with kvm-n2; Pacemaker restarts it on kvm-n4 (Move)' });
    expect(view.report).toContainEqual({ level: 'info', text: 'fence-kvm-n1 (fence device): dies with kvm-n2; Pacemaker restarts it on kvm-n3 (Move)' });
    expect(view.report).toContainEqual({ level: 'warning', text: 'VM scratch: runs on kvm-n2 outside Pacemaker: dies and is NOT restarted anywhere' });
    expect(view.findings).toContainEqual({ level: 'warning', message: '1 VM(s) on kvm-n2 run outside Pacemaker and are NOT restarted anywhere: scratch' });
    expect(view.whatIf).toContain('  Move vm-web2 (kvm-n2 → kvm-n4)');
    expect(runner.calls.filter((c) => c.cmd.mutates)).toEqual([]);
  });
});
