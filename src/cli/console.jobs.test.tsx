/** @jsxRuntime automatic */
// :jobs against the real console, action bridge and engine, the node side a FakeRunner: a node
// standby whose drain the test holds open, hidden with Esc, seen in the status bar and in :jobs,
// re-opened with Enter; its drain lines update in place. An earlier run's unfinished action (the
// audit log read at start by reportUnfinished) is listed as interrupted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { AuditLog, type ActionCtx } from '../actions/index.js';
import { reportUnfinished } from '../actions/unfinished.js';
import { fixtureStore, mkCrm } from '../../test/support/store/test-fixtures.js';
import { makePlanAction } from './action-bridge.js';
import type { ActionPlanView } from '../ui/dialogs/plan.js';
import { KEY, renderApp, tick, waitFor } from '../../test/support/ui/render.js';
import { CIB_TMP as TMP, DOMAIN_WEB01 as DOMAIN, SIMULATE_STANDBY as SIMULATE, VM_PRIMITIVES } from '../../test/support/cli/test-support.js';


let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-jobs-'));
});
afterEach(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A standby of kvm-n1 whose resources leave only when the test calls `release()`. */
function setup() {
  const { store, clock } = fixtureStore();
  const runner = new FakeRunner({ nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] });
  let standbySent = false;
  let drained = false;
  let polls = 0;
  runner.respond((node, cmd) => {
    const [prog] = cmd.argv;
    if (prog === 'virsh' && cmd.argv.includes('dumpxml')) return { stdout: DOMAIN.replace(/<name>[^<]*<\/name>/, `<name>${cmd.argv.at(-1)}</name>`) };
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
    return undefined;
  });
  const refresh = async () => {
    clock.now += 1000;
    if (standbySent) polls++;
    const crm = mkCrm();
    if (standbySent) crm.nodes = crm.nodes.map((n) => (n.name === 'kvm-n1' ? { ...n, standby: true } : n));
    // vm-web1's live migration shows as a role that changes from one poll to the next.
    const web1 = crm.resources.find((r) => r.id === 'vm-web1');
    if (standbySent && web1) web1.role = polls % 2 ? 'Migrating' : 'Started';
    if (drained) {
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
    // Real time passes between polls, so the screen renders while the action waits.
    sleep: async (ms) => {
      clock.now += ms;
      await tick(15);
    },
    options: { pollMs: 1000 },
  };
  return { store, clock, ctx, audit, polls: () => polls, release: () => void (drained = true) };
}

const count = (text: string, what: string) => text.split(what).length - 1;

describe(':jobs', () => {
  it('an action hidden with Esc stays in the status bar, :jobs lists it, Enter re-opens it with live progress updated in place', async () => {
    const { store, clock, ctx, polls, release } = setup();
    const a = renderApp({ store, planAction: makePlanAction(ctx), now: () => clock.now, columns: 180, rows: 48 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 't');
    const plan = await waitFor(a.frame, (f) => f.includes('to confirm'), 10_000, 'the plan');
    if (plan.includes('press Tab to acknowledge the warnings')) await a.type(KEY.tab);
    await a.type(...'kvm-n1'.split(''), KEY.enter);

    // The drain is polled many times; each resource still on kvm-n1 has one line, not one per poll.
    await waitFor(a.frame, (f) => f.includes('draining'), 10_000, 'the drain progress');
    const start = polls();
    await waitFor(() => String(polls() - start), (n) => Number(n) >= 4, 10_000, 'four more polls');
    await a.settle();
    const running = a.frame();
    expect(running).toContain('Progress (running):');
    const drainLine = 'draining vm-web1: ';
    expect(count(running, drainLine)).toBe(1);
    const stored = store.getState().actions.at(-1)!;
    expect(stored.lines.filter((l) => l.includes(drainLine))).toHaveLength(1);
    expect(stored).toMatchObject({ status: 'running', step: { at: 2, of: 2 }, audited: true });

    // Esc hides the dialog; the action goes on and the status bar says so.
    await a.type(KEY.esc);
    expect(a.frame()).not.toContain('Progress (running):');
    await waitFor(a.frame, (f) => f.includes('⟳ Node standby kvm-n1 2/2 · :jobs'), 5_000, 'the status bar indicator');

    await a.type(':', 'j', 'o', 'b', 's', KEY.enter);
    const jobs = await waitFor(a.frame, (f) => f.includes('Jobs') && f.includes('running'), 5_000, ':jobs');
    expect(jobs).toMatch(/Node standby kvm-n1 +⟳ running +2\/2 +draining/);
    expect(jobs).toContain(stored.id);

    // Enter re-opens the same dialog, still following the progress; the result arrives in it.
    await a.type(KEY.enter);
    await waitFor(a.frame, (f) => f.includes('Progress (running):') && f.includes('Node standby: kvm-n1'), 5_000, 'the re-opened dialog');
    release();
    await waitFor(a.frame, (f) => f.includes('done. Esc closes.'), 15_000, 'the result');
    // Nothing left to drain: no stale line. The result and the cleared drain lines reach the
    // dialog through different paths (the run's promise, the frame-paced store), so one frame may
    // show the result before the cleared lines; what stays on screen must have none.
    await waitFor(a.frame, (f) => f.includes('done. Esc closes.') && !f.includes('draining'), 2_000, 'the drain lines cleared once done');
    await a.settle();
    expect(a.frame()).not.toContain('draining');
    await a.type(KEY.esc);
    expect(a.frame()).not.toContain('⟳ Node standby');
    const after = await waitFor(a.frame, (f) => f.includes('✔ done') || f.includes('done'), 5_000, 'the finished job');
    expect(after).toMatch(/Node standby kvm-n1 +\S+ done +2\/2 +done: kvm-n1 is in standby/);
  }, 60_000);

  it("a dialog over several targets follows its own plans' progress, not an action started after it", async () => {
    const { store } = fixtureStore();
    const never = new Promise<void>(() => {});
    const planAction = async (): Promise<ActionPlanView> => ({
      title: 'Node online ×2: kvm-n1, kvm-n2',
      target: 'kvm-n1,kvm-n2',
      findings: [],
      steps: [],
      destructive: false,
      progressIds: ['t1', 't2'],
      onConfirm: async () => {
        store.getState().upsertAction({ id: 't1', title: 'Node online kvm-n1', status: 'running', lines: ['mine: kvm-n1'], startedAt: 1 });
        return never;
      },
    });
    const a = renderApp({ store, planAction, columns: 160, rows: 40 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 't');
    await waitFor(a.frame, (f) => f.includes('[Enter] run'), 5_000, 'the plan');
    await a.type(KEY.enter);
    await waitFor(a.frame, (f) => f.includes('mine: kvm-n1'), 5_000, 'its progress');
    store.getState().upsertAction({ id: 'other', title: 'Fence check', status: 'running', lines: ['not this dialog'], startedAt: 2 });
    // The status bar shows the newer action: the screen has the store's state with both.
    const f = await waitFor(a.frame, (x) => x.includes('⟳ Fence check (+1 more) · :jobs'), 5_000, 'the status bar');
    expect(f).toContain('mine: kvm-n1');
    expect(f).not.toContain('not this dialog');
  });

  it('a hidden action that ends says so in the status line (the indicator goes away)', async () => {
    const { store } = fixtureStore();
    let fail!: (e: Error) => void;
    const planAction = async (): Promise<ActionPlanView> => ({
      title: 'Node online: kvm-n1',
      target: 'kvm-n1',
      findings: [],
      steps: [],
      destructive: false,
      progressId: 'o1',
      onConfirm: () => {
        store.getState().upsertAction({ id: 'o1', title: 'Node online kvm-n1', status: 'running', lines: ['[1/1] kvm-n1: online'], startedAt: 1 });
        return new Promise<void>((_, reject) => (fail = reject));
      },
    });
    const a = renderApp({ store, planAction, columns: 160, rows: 40 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'o');
    await waitFor(a.frame, (f) => f.includes('[Enter] run'), 5_000, 'the plan');
    await a.type(KEY.enter);
    await waitFor(a.frame, (f) => f.includes('[1/1] kvm-n1: online'), 5_000, 'its progress');
    await a.type(KEY.esc);
    await waitFor(a.frame, (f) => f.includes('⟳ Node online kvm-n1'), 5_000, 'the indicator');
    store.getState().upsertAction({ id: 'o1', title: 'Node online kvm-n1', status: 'failed', lines: ['[1/1] kvm-n1: online', 'failed: exit 1'], startedAt: 1 });
    fail(new Error('kvm-n1: failed: exit 1'));
    await waitFor(a.frame, (f) => f.includes('Node online: kvm-n1: failed: kvm-n1: failed: exit 1 (:jobs)'), 5_000, 'the result line');
  });

  it('? lists :jobs with its aliases', async () => {
    const a = renderApp({ columns: 160, rows: 80 });
    await a.type('?', 'G');
    expect(a.frame()).toMatch(/:jobs +Jobs +\(also :job :actions\)/);
  });

  it('an action left unfinished by an earlier run (reportUnfinished at start) is listed as interrupted; Enter says what ran', async () => {
    const { store, clock } = fixtureStore();
    const path = join(dir, 'audit.jsonl');
    const argv = ['crm_attribute', '--node', 'kvm-n1', '--name', 'standby', '--update', 'on'];
    writeFileSync(
      path,
      [
        { type: 'intent', planId: 'p-old-1', when: '2026-12-07T10:00:00.000Z', who: 'alice', from: hostname(), pid: 999_999, cluster: 'kvm-lab', action: 'node.standby', target: 'kvm-n1', plan: [{ node: 'kvm-n1', argv, purpose: 'put kvm-n1 in standby' }, { node: 'kvm-n1', wait: 'wait until 2 resource(s) left kvm-n1' }], acknowledgedWarnings: [] },
        { type: 'step', planId: 'p-old-1', when: '2026-12-07T10:00:01.000Z', node: 'kvm-n1', argv, purpose: 'put kvm-n1 in standby', code: 0, durationMs: 40 },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    await reportUnfinished(store, new AuditLog(path), { named: false, alive: () => false, now: () => clock.now });
    const a = renderApp({ store, columns: 200, rows: 30 });
    await a.type(':', 'j', 'o', 'b', 's', KEY.enter);
    const f = await waitFor(a.frame, (x) => x.includes('interrupted'), 5_000, 'the interrupted row');
    expect(f).toMatch(/node\.standby kvm-n1 +⚠ interrupted +1\/2 +interrupted: node\.standby kvm-n1/);
    expect(f).toContain('p-old-1');
    await a.type(KEY.enter);
    const entry = await waitFor(a.frame, (x) => x.includes('Interrupted action node.standby kvm-n1'), 5_000, 'its record');
    expect(entry).toMatch(/steps run +1 of 2/);
    expect(entry).toContain('ran:');
    expect(entry).toMatch(/not run:\s+kvm-n1: \(wait\) wait until 2 resource\(s\) left kvm-n1/);
    await a.type(KEY.esc);
    expect(a.frame()).toContain('Jobs [');
  });
});
