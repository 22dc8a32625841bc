/** @jsxRuntime automatic */
// A session read from Prometheus says where its data comes from: the exporters' targets (up, or
// down since when), SSH not polled (on demand only, or no SSH nodes), never "ssh up, 0 channels";
// the keys that would only be refused say why; an on-demand SSH failure reaches the status line
// once, naming the node, and Pacemaker's word for the node stays as it was.
import { describe, expect, it } from 'vitest';
import { createVdStore } from '../store/store.js';
import { renderApp, KEY, waitFor } from '../../test/support/ui/render.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import { MATCH, NOW, prom } from '../../test/support/prometheus/two-nodes.js';
import { refreshQueries } from './queries.js';
import type { PromClient } from './client.js';
import { PrometheusBackend } from './backend.js';
import { OnDemandRunner } from '../ssh/on-demand-runner.js';
import { RunError, type Runner } from '../ssh/runner.js';
import { dumpxmlCmd } from '../collectors/virsh/command.js';
import { snapshotCurrentCmd, snapshotListCmd } from '../collectors/virsh/snapshot-read.js';
import { ACTIONS_NEED_LIVE_SSH, NO_SSH } from './no-ssh.js';
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';
import { sshNoticeEntry } from '../store/reach.js';
import { onDemandNotice } from '../cli/on-demand-ssh.js';
import type { VdStore } from '../store/store.js';

const URI = 'qemu:///system';
const Q = refreshQueries(MATCH);

/** The two-node Prometheus, with the targets in `down` answering up 0. */
function promWith(down: ReadonlySet<string>): PromClient {
  const base = prom();
  return {
    url: base.url,
    get queries() {
      return base.queries;
    },
    query: async (q) => {
      const r = await base.query(q);
      return q === Q.up ? r.map((s) => (down.has(s.labels.instance ?? '') ? { ...s, value: 0 } : s)) : r;
    },
  };
}

async function promStore(down: ReadonlySet<string> = new Set()) {
  const store = createVdStore({ clusterName: 'prod-a', nodes: [], readonly: true });
  await new PrometheusBackend({ client: promWith(down), store, match: MATCH }).refreshNow();
  return store;
}

/** SSH on demand as the session wires it: a failure goes to the timeline as an SSH notice (status line). */
function onDemand(store: VdStore, nodes: string[], answer: (node: string) => FakeRunner = (node) => new FakeRunner({ nodes: [node] })) {
  return new OnDemandRunner({
    nodes,
    noNodes: NO_SSH,
    unavailable: NOT_FROM_PROMETHEUS,
    open: (node): Runner => answer(node),
    onFailure: (node, f) => store.getState().pushTimeline(sshNoticeEntry(onDemandNotice(node, f), Date.now())),
  });
}

async function nodeDetail(store: VdStore, runner: Runner, row = 0) {
  const a = renderApp({ store, readonly: true, readonlyWhy: ACTIONS_NEED_LIVE_SSH, now: () => NOW, runner, rows: 60 });
  await a.settle();
  await a.type(':', ...'nodes', KEY.enter);
  for (let i = 0; i < row; i++) await a.type('j');
  await a.type(KEY.enter);
  return a;
}

describe('a session read from Prometheus says where its data comes from', () => {
  it('node detail: the exporter targets and SSH on demand, not an SSH connection', async () => {
    const store = await promStore();
    const runner = onDemand(store, ['kvm1', 'kvm2']);
    const a = await nodeDetail(store, runner);
    const f = await waitFor(a.frame, (x) => x.includes('Node kvm1'), 3000, 'the node detail');
    expect(f).toMatch(/ {2}data {11}Prometheus \(targets up: ha, node, libvirt\)/);
    expect(f).toMatch(/ {2}ssh {12}not polled \(on demand only\)/);
    expect(f).not.toMatch(/channels/);
    a.unmount();
    await runner.close();
  });

  it('node detail without SSH nodes: no SSH nodes configured', async () => {
    const store = await promStore();
    const runner = onDemand(store, []);
    const a = await nodeDetail(store, runner);
    const f = await waitFor(a.frame, (x) => x.includes('Node kvm1'), 3000, 'the node detail');
    expect(f).toMatch(/ {2}ssh {12}no SSH nodes configured/);
    a.unmount();
  });

  it('a target down: named with since when; every target down: the header and :nodes say targets down, not ssh', async () => {
    const store = await promStore(new Set(['kvm2:9100']));
    const runner = onDemand(store, ['kvm1', 'kvm2']);
    const a = await nodeDetail(store, runner, 1);
    const f = await waitFor(a.frame, (x) => x.includes('Node kvm2'), 3000, 'the node detail');
    expect(f).toMatch(/data {11}⚠ Prometheus \(targets down: node; up: ha, libvirt\)/);
    expect(f).toMatch(/ {4}node kvm2:9100 down since \d+s/);
    a.unmount();

    const gone = await promStore(new Set(['kvm2:9100', 'kvm2:9664', 'kvm2:9177']));
    const b = renderApp({ store: gone, readonly: true, readonlyWhy: ACTIONS_NEED_LIVE_SSH, now: () => NOW, runner, columns: 160 });
    await b.settle();
    expect(b.frame()).toMatch(/kvm2 ● online ✖ targets down/);
    expect(b.frame()).not.toMatch(/ssh (unreachable|✖)|✖ ?ssh/);
    await b.type(':', ...'nodes', KEY.enter);
    const n = await waitFor(b.frame, (x) => x.includes('NODE'), 3000, ':nodes');
    const row = n.split('\n').find((l) => l.includes('kvm2') && l.includes('not polled'));
    expect(row).toMatch(/not polled\s+✖ targets down/);
    await b.type('j', KEY.enter);
    const d = await waitFor(b.frame, (x) => x.includes('Node kvm2'), 3000, 'the node detail');
    expect(d).toMatch(/data {11}✖ Prometheus: every target down \(ha, node, libvirt\)/);
    expect(d).toContain('no exporter target up: everything below is the last data seen');
    expect(d).not.toContain('not reachable over SSH');
    b.unmount();
    await runner.close();
  });

  it('VM detail: the snapshot keys that would be refused say why, and how to get actions', async () => {
    const store = await promStore();
    const runner = onDemand(store, ['kvm1', 'kvm2'], (node) =>
      new FakeRunner({ nodes: [node] })
        .allow('kvm2', dumpxmlCmd(URI, 'db1').argv, { stdout: fixture('virsh', 'dumpxml-web-01.xml') })
        .allow('kvm2', snapshotListCmd(URI, 'db1').argv, { stdout: fixture('virsh', 'snapshot-list-parent-empty.txt') })
        .allow('kvm2', snapshotCurrentCmd(URI, 'db1').argv, { code: 1, stderr: fixture('virsh', 'snapshot-current-none.stderr.txt') }),
    );
    const a = renderApp({ store, readonly: true, readonlyWhy: ACTIONS_NEED_LIVE_SSH, now: () => NOW, runner, rows: 60, columns: 100 });
    await a.settle();
    await a.type(':', ...'vms', KEY.enter, 'j', KEY.enter);
    const f = await waitFor(a.frame, (x) => x.includes('Snapshots ('), 3000, 'the snapshots');
    expect(f).not.toContain('T: take a snapshot');
    expect(f.replace(/\n\s+/g, ' ')).toContain('snapshots cannot be taken, reverted or deleted here: read from Prometheus (details over SSH on demand): actions run from the live SSH console (L in :fleet, :ctx with its context, or virtdeck without --prometheus)');
    a.unmount();
    // The help says it too, wrapped to the screen (at 80 columns the end of a line is cut).
    const b = renderApp({ store, readonly: true, readonlyWhy: ACTIONS_NEED_LIVE_SSH, now: () => NOW, runner, rows: 24, columns: 80 });
    await b.settle();
    await b.type('?', 'G');
    const help = await waitFor(b.frame, (x) => x.includes('Read-only session'), 3000, 'the help');
    expect(help.replace(/\n\s+/g, ' ')).toContain(`Read-only session: action keys are not bound (pressing one says so). ${ACTIONS_NEED_LIVE_SSH}`);
    b.unmount();
    await runner.close();
  });

  it('an on-demand SSH failure: the status line names the node once; Pacemaker still says online', async () => {
    const store = await promStore();
    const runner = onDemand(store, ['kvm1', 'kvm2'], (node) => new FakeRunner({ nodes: [node] }).respond(() => new RunError('auth', node, 'not connected: All configured authentication methods failed')));
    const a = await nodeDetail(store, runner, 1);
    const f = await waitFor(a.frame, (x) => x.includes('SSH on demand failed'), 3000, 'the status line');
    const last = f.trimEnd().split('\n').at(-1)!;
    expect(last).toContain('⚠ ssh kvm2: SSH on demand failed: auth failed (not connected: All configured authentication methods failed)');
    expect(f).toMatch(/pacemaker {6}● online/);
    expect(f).toMatch(/ssh {12}✖ read on demand failed \d+s ago: auth failed/);
    // The node detail's reads (multipath) and another drill-down fail alike: said once.
    await a.type(KEY.esc, KEY.enter);
    await waitFor(a.frame, (x) => x.includes('could not read the multipath maps'), 3000, 'the second read');
    expect(store.getState().timeline.filter((e) => e.message.includes('SSH on demand failed'))).toHaveLength(1);
    expect(store.getState().alerts.filter((x) => x.node === 'kvm2' && x.rule === 'unreachable')).toEqual([]);
    a.unmount();
    await runner.close();
  });
});
