/** @jsxRuntime automatic */
// Scenarios for the actions that start with a form or run a proposal: vm create (n), fence node
// (F) and cluster balance (B). The whole app (UI + action bridge + real engine) over the fixture
// store; the nodes answer through a FakeRunner that records every argv, and `refresh` plays the
// collectors (what the cluster shows after each command that changed it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRunner, type FakeCall } from '../../test/support/ssh/fake-runner.js';
import { AuditLog, type ActionCtx } from '../actions/index.js';
import { CIB_DUMP_SCRIPT, WRITE_B64_SCRIPT } from '../actions/commands.js';
import { caps } from '../../test/support/actions/state.js';
import { FIXTURE_VMS, fixtureStore, mkCrm, mkFenceEvent, mkQuorum, mkVm, mkVmResource } from '../../test/support/store/test-fixtures.js';
import type { VmRuntime } from '../model/vm.js';
import type { VdStore } from '../store/store.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import { makePlanAction } from './action-bridge.js';
import { KEY, renderApp, tick, waitFor } from '../../test/support/ui/render.js';
import { helpBindings } from '../ui/keymap.js';
import { confirmBlocker, InputError, type ActionRequest } from '../ui/dialogs/plan.js';
import { CIB_TMP as TMP, DOMAIN_WEB01 as DOMAIN, SIMULATE_MOVE as SIMULATE, VM_PRIMITIVES } from '../../test/support/cli/test-support.js';

const [LEFT, RIGHT] = ['\x1b[D', '\x1b[C'];
const NICS = ['br0', 'bond0'].map((iface) => ({ iface, rxBps: 0, txBps: 0, rxErrsPerS: 0, txErrsPerS: 0, rxDropPerS: 0, txDropPerS: 0, counters: { iface, rxBytes: 0, rxPackets: 0, rxErrs: 0, rxDrop: 0, txBytes: 0, txPackets: 0, txErrs: 0, txDrop: 0 } }));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-forms-'));
});
afterEach(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});


/** Commands that changed the live cluster (not reads, not the what-if on the CIB copy); long
 *  words (the domain XML in base64, the primitive XML) left out. */
const changes = (calls: readonly FakeCall[]) =>
  calls.filter((c) => c.cmd.mutates && !c.cmd.env?.CIB_file).map((c) => [c.node, ...c.argv.filter((a) => !a.startsWith('<') && a.length < 200)]);

/** The fixture cluster as a tiny simulator: defines, resources created, moves, fencing. */
function setup(over: { vms?: (node: string, vms: VmRuntime[]) => VmRuntime[]; onRefresh?: (s: ReturnType<VdStore['getState']>) => void } = {}) {
  const { store, clock } = fixtureStore();
  const s0 = store.getState();
  const baseVms = Object.fromEntries(s0.nodeOrder.map((n) => [n, over.vms ? over.vms(n, s0.nodes[n]!.vms ?? []) : (s0.nodes[n]!.vms ?? [])]));
  const sim = { defined: [] as [string, string][], created: [] as string[], moved: new Map<string, string>(), fenced: [] as string[] };
  const runner = new FakeRunner({ nodes: [...s0.nodeOrder] });
  runner.respond((node, cmd) => {
    const a = cmd.argv;
    const prog = a[0];
    if (prog === 'virsh' && a.includes('dumpxml')) return { stdout: DOMAIN.replace(/<name>[^<]*<\/name>/, `<name>${a[a.length - 1]}</name>`) };
    if (prog === 'mktemp') return { stdout: `${TMP}\n` };
    if (prog === 'cibadmin' && a.includes('--xpath')) return { stdout: VM_PRIMITIVES };
    if (prog === 'grep' && a[1] === '-E') return { stdout: `  <name>${/([^/]+)\.xml$/.exec(a[a.length - 1]!)![1]}</name>\n` };
    if (prog === 'sh' && a[2] === CIB_DUMP_SCRIPT) return { stdout: '' };
    if (cmd.env?.CIB_file === TMP) return { stdout: '' }; // the change, on the CIB copy
    if (prog === 'crm_simulate') return { stdout: SIMULATE };
    if (prog === 'rm') return { stdout: '' };
    if (prog === 'sh' && a[2] === WRITE_B64_SCRIPT) return { stdout: '' };
    if (prog === 'virt-xml-validate') return { stdout: `${a[1]} validates\n` };
    if (prog === 'virsh' && a[3] === 'define') {
      const name = /virtdeck-define-(.+)-[^-]+\.xml$/.exec(a[4]!)![1]!;
      sim.defined.push([node, name]);
      return { stdout: `Domain '${name}' defined from ${a[4]}\n` };
    }
    if (prog === 'cibadmin' && a[1] === '--create') {
      sim.created.push(/<primitive id="([^"]+)"/.exec(a[a.length - 1]!)![1]!);
      return { stdout: '' };
    }
    if (prog === 'stonith_admin' && a[1] === '--fence') {
      sim.fenced.push(a[2]!);
      return { stdout: '' };
    }
    if (prog === 'crm_resource' && a[1] === '--move') {
      sim.moved.set(a[3]!, a[5]!);
      return { stdout: '' };
    }
    if (prog === 'crm_resource' && a[1] === '--clear') return { stdout: '' };
    return undefined; // anything else is unexpected (assertAllCalled reports it)
  });
  const refresh = async () => {
    clock.now += 1000;
    const crm = mkCrm();
    for (const r of crm.resources) {
      const to = sim.moved.get(r.id);
      if (to) r.nodes = [to];
    }
    for (const id of sim.created) crm.resources.push(mkVmResource(id, undefined));
    crm.fenceHistory = sim.fenced.map((n) => mkFenceEvent(n));
    const movedVm = new Map([...sim.moved].map(([rsc, to]) => [FIXTURE_VMS.find((v) => v.resource === rsc)!.name, to]));
    const s = store.getState();
    s.setClusterData('pacemaker', 'kvm-n1', { crm });
    s.setClusterData('stonith', 'kvm-n1', { stonithDevices: s.cluster.stonithDevices ?? [], stonithTargets: s.cluster.stonithTargets ?? [] });
    for (const n of s.nodeOrder) {
      const vms = baseVms[n]!.map((v) => {
        const to = movedVm.get(v.name);
        return to === undefined ? v : mkVm(v.name, n, to === n ? 'running' : 'shut off', { memoryKb: v.memoryKb! });
      });
      for (const [node, name] of sim.defined) if (node === n) vms.push(mkVm(name, n, 'shut off'));
      s.setNodeData(n, 'host', { host: s.nodes[n]!.host! });
      s.setNodeData(n, 'vms', { vms });
      s.setNodeData(n, 'capabilities', { capabilities: caps() });
      s.setNodeData(n, 'network', { nics: NICS });
      s.setNodeData(n, 'multipath', { multipath: s.nodes[n]!.multipath! });
    }
    over.onRefresh?.(s);
  };
  const ctx: ActionCtx = {
    store,
    runner,
    refresh,
    audit: new AuditLog(join(dir, 'audit.jsonl')),
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    options: { pollMs: 1000 },
  };
  return { store, clock, runner, ctx, sim, refresh };
}

async function open(over: Parameters<typeof setup>[0] = {}, size: { columns: number; rows: number } = { columns: 160, rows: 48 }) {
  const t = setup(over);
  await t.refresh();
  const a = renderApp({ store: t.store, planAction: makePlanAction(t.ctx), now: () => t.clock.now, ...size });
  return { ...t, a };
}

const typeText = (a: { type: (...k: string[]) => Promise<void> }, text: string) => a.type(...text.split(''));

describe('n: create a VM from the VMs view', () => {
  it('form → plan → Enter: the domain is written, validated and defined on every active node, the resource registered', async () => {
    const { a, runner, sim, store } = await open();
    await a.type(':', 'v', 'm', 's', KEY.enter);
    await a.type('/', ...'^scratch'.split(''), KEY.enter); // scratch runs on kvm-n2: the default node
    await a.type('n');
    let f = a.frame();
    expect(f).toContain('Create VM');
    expect(f).toMatch(/› Name\s+_/);
    expect(f).toMatch(/Profile\s+‹ generic ›\s+2 vCPU, 4096 MiB/);
    expect(f).toMatch(/Node\s+‹ kvm-n2 ›/);
    expect(f).toMatch(/vCPUs\s+2/);
    expect(f).toMatch(/Memory MiB\s+4096/);
    expect(f).toMatch(/Disks\s+.*maps: mpatha mpathb/);
    expect(f).toMatch(/Cluster\s+‹ auto ›/);
    await typeText(a, 'web9');
    await a.type(KEY.down, RIGHT); // profile: app (2 MiB hugepages) …
    expect(a.frame()).toMatch(/vCPUs\s+4/);
    await a.type(LEFT); // … back to generic
    expect(a.frame()).toMatch(/Memory MiB\s+4096/);
    await a.type(KEY.tab, KEY.tab, KEY.tab, KEY.tab);
    await typeText(a, '/dev/mapper/mpathb');
    await a.type(KEY.down);
    await typeText(a, 'br0');
    expect(a.frame()).toMatch(/› Networks\s+br0_/);
    expect(runner.calls).toEqual([]); // the form reads nothing

    await a.type(KEY.enter);
    f = await waitFor(a.frame, (x) => x.includes('[Enter] run') || x.includes('blocked') || x.includes('could not plan'), 15_000, 'the plan');
    expect(f).toContain('Create VM: web9 on kvm-n2');
    expect(f).toContain('all checks passed');
    expect(f).toContain(`1. [kvm-n2] sh -c '${WRITE_B64_SCRIPT}' sh `);
    expect(f).toMatch(/2\. \[kvm-n2\] virt-xml-validate \/tmp\/virtdeck-define-web9-\S+\.xml domain/);
    expect(f).toMatch(/\[kvm-n2\] virsh -c qemu:\/\/\/system define \/tmp\/virtdeck-define-web9-/);
    expect(f).toMatch(/\[kvm-n2\] sudo cibadmin --create --scope resources/);
    expect(f).toContain('[←] edit');
    expect(changes(runner.calls)).toEqual([]);

    await a.type(KEY.enter);
    f = await waitFor(a.frame, (x) => /done\. Esc closes\.|failed:/.test(x), 20_000, 'the result');
    expect(f).toContain('done. Esc closes.');
    const nodes = ['kvm-n2', 'kvm-n1', 'kvm-n3', 'kvm-n4'];
    expect(sim.defined).toEqual(nodes.map((n) => [n, 'web9']));
    expect(sim.created).toEqual(['vm-web9']);
    const live = changes(runner.calls);
    expect(live.filter((c) => c[1] === 'virsh').map((c) => c[0])).toEqual(nodes);
    expect(live.filter((c) => c[1] === 'sh').map((c) => [c[0], c[3]])).toEqual(nodes.map((n) => [n, WRITE_B64_SCRIPT]));
    expect(live.at(-1)!.slice(0, 5)).toEqual(['kvm-n2', 'cibadmin', '--create', '--scope', 'resources']);
    runner.assertAllCalled();
    expect(store.getState().actions.at(-1)).toMatchObject({ title: 'Create VM web9 on kvm-n2', status: 'done' });
    await a.type(KEY.esc);
    expect(a.frame()).toContain('VMs [');
  }, 60_000);

  it('the CLI parser refuses bad input in the form: the form stays open with the values and nothing is read or run', async () => {
    const { a, runner } = await open({}, { columns: 80, rows: 24 });
    await a.type(':', 'v', 'm', 's', KEY.enter, 'n');
    await a.type(KEY.enter); // empty name: required
    expect(a.frame()).toContain('✖ Name is required');
    await typeText(a, 'a;rm -rf /');
    expect(a.frame()).not.toContain('Name is required'); // editing the field clears its error
    await a.type(KEY.enter);
    let f = await waitFor(a.frame, (x) => x.includes('invalid VM name'), 5_000, 'the name error');
    const lines = f.split('\n');
    const at = lines.findIndex((l) => /› Name\s+a;rm -rf \//.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/✖ invalid VM name "a;rm -rf \/"/); // right under the field
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);

    await a.type(...Array(10).fill(KEY.backspace));
    await typeText(a, 'web9');
    await a.type(KEY.down, KEY.down, KEY.down, KEY.backspace);
    await typeText(a, 'two');
    await a.type(KEY.enter);
    f = await waitFor(a.frame, (x) => x.includes('whole number'), 5_000, 'the vCPUs error');
    expect(f).toMatch(/› vCPUs\s+two/);
    expect(f).toMatch(/✖ --vcpus needs a whole number, got "two"/);
    expect(f).toMatch(/Name\s+web9/); // values kept
    expect(f).toContain('Create VM');
    expect(runner.calls).toEqual([]);
    await a.type(KEY.esc);
    expect(a.frame()).toContain('VMs [');
    expect(runner.calls).toEqual([]);
  }, 60_000);

  it('a guard error (disk used by another VM) blocks Enter; ← goes back to the form and a fixed value plans again', async () => {
    const { a, runner } = await open();
    await a.type(':', 'v', 'm', 's', KEY.enter, 'n');
    await typeText(a, 'web9');
    await a.type(KEY.up, KEY.up, KEY.up); // wraps to Disks
    await typeText(a, '/dev/mapper/mpatha');
    await a.type(KEY.enter);
    let f = await waitFor(a.frame, (x) => x.includes('blocked by'), 15_000, 'the refusal');
    expect(f).toMatch(/ERROR: \/dev\/mapper\/mpatha is already used by VM \S+/);
    await a.type(KEY.enter);
    expect(changes(runner.calls)).toEqual([]);
    await a.type(LEFT);
    f = a.frame();
    expect(f).toMatch(/› Disks\s+\/dev\/mapper\/mpatha_/);
    await a.type(KEY.backspace);
    await typeText(a, 'b');
    await a.type(KEY.enter);
    f = await waitFor(a.frame, (x) => x.includes('[Enter] run'), 15_000, 'the new plan');
    expect(f).toContain('all checks passed');
    await a.type(KEY.esc);
    expect(changes(runner.calls)).toEqual([]);
  }, 60_000);
});

describe('F: fence a node', () => {
  it('reason first, then the plan; the node name must be typed; stonith_admin runs once from another node', async () => {
    const { a, runner, sim, ctx } = await open();
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'j', 'j', 'F');
    let f = a.frame();
    expect(f).toContain('Fence node kvm-n3');
    expect(f).toContain('everything running on it dies');
    await a.type(KEY.enter);
    expect(a.frame()).toContain('✖ Reason is required (it goes to the audit log)');
    await typeText(a, 'hung kernel, INC-4711');
    await a.type(KEY.enter);
    f = await waitFor(a.frame, (x) => x.includes('to confirm'), 15_000, 'the plan');
    expect(f).toContain('Fence node: kvm-n3');
    expect(f).toContain('(destructive)');
    expect(f).toContain('1. [kvm-n1] sudo stonith_admin --fence kvm-n3');
    expect(f).toContain('Reason: hung kernel, INC-4711');
    await a.type(KEY.enter);
    expect(a.frame()).toContain('type "kvm-n3" to confirm');
    await typeText(a, 'kvm-n3');
    await a.type(KEY.enter);
    f = await waitFor(a.frame, (x) => /done\. Esc closes\.|failed:/.test(x), 20_000, 'the result');
    expect(f).toContain('done. Esc closes.');
    expect(sim.fenced).toEqual(['kvm-n3']);
    expect(changes(runner.calls)).toEqual([['kvm-n1', 'stonith_admin', '--fence', 'kvm-n3']]);
    runner.assertAllCalled();
    const intent = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)[0]!;
    expect(intent).toMatchObject({ type: 'intent', action: 'fence.node', target: 'kvm-n3', reason: 'hung kernel, INC-4711' });
    expect(ctx.store.getState().actions.at(-1)).toMatchObject({ status: 'done' });
  }, 60_000);

  it('fencing that would lose quorum is refused in the plan (planned on fresh data): Enter runs nothing even with the name typed', async () => {
    // kvm-n4 was lost a moment ago: the screen still shows 4 votes; the collection round the fence
    // plan starts with brings corosync's 3 votes (quorum 3).
    let lost = false;
    const { a, runner } = await open({
      onRefresh: (s) => {
        if (!lost) return;
        s.setClusterData('pacemaker', 'kvm-n1', { crm: { ...s.cluster.crm!, nodes: s.cluster.crm!.nodes.map((n) => (n.name === 'kvm-n4' ? { ...n, online: false } : n)) } });
        for (const n of ['kvm-n1', 'kvm-n2', 'kvm-n3']) s.setNodeData(n, 'corosync', { quorum: { ...mkQuorum(n, ['kvm-n1', 'kvm-n2', 'kvm-n3']), expectedVotes: 4, totalVotes: 3, quorum: 3 } });
      },
    });
    lost = true;
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'j', 'F');
    await typeText(a, 'test');
    await a.type(KEY.enter);
    const f = await waitFor(a.frame, (x) => x.includes('to confirm') || x.includes('blocked'), 15_000, 'the plan');
    expect(f).toContain('✖ ERROR: fencing kvm-n2 leaves 2 votes; quorum needs 3');
    await typeText(a, 'kvm-n2');
    await a.type(KEY.enter);
    expect(a.frame()).toContain('(blocked by 1 error(s))');
    await tick(50);
    expect(runner.calls.filter((c) => c.argv[0] === 'stonith_admin')).toEqual([]);
  }, 60_000);

  it('from the Fencing view: the row names the node; marks of two nodes are refused with a clear message', async () => {
    const { a, runner } = await open();
    await a.type(':', 'f', 'e', 'n', 'c', 'e', KEY.enter, '/', 'w', 'a', 't', 'c', 'h', KEY.enter, 'j', 'F');
    expect(a.frame()).toContain('Fence node kvm-n2');
    await a.type(KEY.esc, KEY.esc); // close the form, clear the filter
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, KEY.space, KEY.space, 'F');
    expect(a.frame()).toContain('fencing takes exactly one node, 2 rows are marked (c clears the marks)');
    expect(a.frame()).not.toContain('Fence node');
    expect(runner.calls).toEqual([]);
  }, 60_000);
});

describe('B: balance the cluster', () => {
  // web1 grows to 64 GiB: kvm-n1 is far above the others; moving mail to kvm-n2 evens it.
  const heavy = (node: string, vms: VmRuntime[]) => vms.map((v) => (v.name === 'web1' && node === 'kvm-n1' ? { ...v, memoryKb: 64 * 1024 * 1024 } : v));

  it('lists the proposed migrations; the cluster name confirms; each runs as vm migrate with progress lines', async () => {
    const { a, runner, sim, store } = await open({ vms: heavy });
    await a.type('B');
    let f = await waitFor(a.frame, (x) => x.includes('to confirm') || x.includes('blocked'), 15_000, 'the proposal');
    expect(f).toContain('Balance cluster: kvm-lab');
    expect(f).toContain('Proposed migrations (1, each as vm migrate: own checks, what-if):');
    expect(f).toContain('1. mail: kvm-n1 → kvm-n2');
    expect(f).toMatch(/load score spread \d+\.\d → \d+\.\d/);
    expect(f).not.toContain('Commands:');
    expect(changes(runner.calls)).toEqual([]);
    await typeText(a, 'kvm-lab');
    await a.type(KEY.enter);
    // the phase, then the progress entry (the store reaches the screen once per frame)
    f = await waitFor(a.frame, (x) => /done: 1 migration|failed:/.test(x), 30_000, 'the result');
    expect(f).toContain('done. Esc closes.');
    expect(f).toContain('[1/1] Migrate VM: mail → kvm-n2');
    expect(f).toContain('done: 1 migration(s)');
    expect(sim.moved).toEqual(new Map([['vm_mail', 'kvm-n2']]));
    expect(changes(runner.calls)).toEqual([
      ['kvm-n1', 'crm_resource', '--move', '--resource', 'vm_mail', '--node', 'kvm-n2'],
      ['kvm-n1', 'crm_resource', '--clear', '--resource', 'vm_mail'],
    ]);
    runner.assertAllCalled();
    const titles = store.getState().actions.map((x) => [x.title, x.status]);
    expect(titles).toContainEqual(['Balance cluster: 1 migration(s)', 'done']);
    expect(titles).toContainEqual(['Migrate VM mail → kvm-n2', 'done']);
    // :jobs reads the step and the result from the balance's entry.
    expect(store.getState().actions.find((x) => x.title.startsWith('Balance'))).toMatchObject({ step: { at: 1, of: 1 }, result: 'done: 1 migration(s)' });
  }, 60_000);

  it('a balanced cluster: says so, and Enter has nothing to run', async () => {
    const { a, runner } = await open({}, { columns: 80, rows: 24 });
    await a.type('B');
    const f = await waitFor(a.frame, (x) => x.includes('nothing to run'), 15_000, 'the proposal');
    expect(f).toContain('Proposed migrations (0, each');
    expect(f).toContain('balanced enough: no migration proposed');
    await a.type(KEY.enter);
    await tick(50);
    expect(a.frame()).toContain('(no migration proposed: nothing to run)');
    expect(a.frame()).not.toContain('Progress');
    expect(changes(runner.calls)).toEqual([]);
    expect(runner.calls.map((c) => c.argv[0])).toEqual([]); // the proposal reads only the store
  }, 60_000);
});

describe('read-only', () => {
  it('n, F and B are not bound and the help overlay does not list them', async () => {
    const { store, clock, ctx } = setup();
    const a = renderApp({ store, readonly: true, planAction: makePlanAction(ctx), now: () => clock.now, columns: 160, rows: 120 });
    await a.type('B', ':', 'v', 'm', 's', KEY.enter, 'n', ':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'F');
    expect(a.frame()).not.toMatch(/Create VM|Fence node|Balance cluster/);
    await a.type('?');
    const f = a.frame();
    expect(f).toContain('Keys (');
    expect(f).toContain('Read-only session');
    for (const id of ['vm.create', 'node.fence', 'fence.node', 'cluster.balance']) {
      const desc = helpBindings(false).find((b) => b.id === id)!.desc;
      expect(f, id).not.toContain(desc);
    }
    expect(ctx.runner).toBeInstanceOf(FakeRunner);
    expect((ctx.runner as FakeRunner).calls).toEqual([]);
  }, 60_000);
});

describe('action bridge: the new kinds', () => {
  it('a usage error of the grammar becomes an InputError naming its field, before anything is read', async () => {
    const { ctx, runner } = setup();
    const planAction = makePlanAction(ctx);
    const create: ActionRequest = { kind: 'vm.create', targets: [], values: { name: 'x', profile: 'generic', node: 'kvm-n1', memory: 'lots' } };
    await expect(planAction(create)).rejects.toThrow(InputError);
    await expect(planAction(create)).rejects.toThrow('--memory needs a whole number, got "lots"');
    await expect(planAction(create)).rejects.toMatchObject({ field: 'memory' });
    await expect(planAction({ kind: 'fence.node', targets: ['kvm-n1'] })).rejects.toMatchObject({ name: 'InputError', field: 'reason' });
    await expect(planAction({ kind: 'cluster.balance', targets: [], values: { cpuWeight: '250' } })).rejects.toMatchObject({ name: 'InputError', field: 'cpuWeight', message: expect.stringMatching(/--cpu-weight is at most 100/) });
    expect(runner.calls).toEqual([]);
  });

  it('production: true makes every change typed-confirm (node online is not destructive elsewhere)', async () => {
    const plain = await makePlanAction(setup().ctx)({ kind: 'node.online', targets: ['kvm-n2'] });
    expect(plain.destructive).toBe(false);
    const prod = await makePlanAction(setup().ctx, { production: true })({ kind: 'node.online', targets: ['kvm-n2'] });
    expect(prod.destructive).toBe(true);
    expect(prod.target).toBe('kvm-n2');
    expect(prod.notes).toContain('production cluster: type the target to confirm every change');
    expect(confirmBlocker({ request: { kind: 'node.online', targets: ['kvm-n2'] }, phase: 'review', plan: prod, typed: '', ackWarnings: true })).toBe('type "kvm-n2" to confirm');
    // report-only actions change nothing: no typing
    expect((await makePlanAction(setup().ctx, { production: true })({ kind: 'cluster.validate', targets: [] })).destructive).toBe(false);
  });

  it('fence node takes exactly one node; vm create needs the form’s values', async () => {
    const { ctx, runner } = setup();
    const planAction = makePlanAction(ctx);
    await expect(planAction({ kind: 'fence.node', targets: ['kvm-n1', 'kvm-n2'], values: { reason: 'x' } })).rejects.toThrow('fence.node takes exactly one node, got 2: kvm-n1, kvm-n2');
    await expect(planAction({ kind: 'vm.create', targets: [] })).rejects.toMatchObject({ name: 'InputError', field: 'name', message: 'NAME is required' });
    expect(runner.calls).toEqual([]);
  });
});
