/** @jsxRuntime automatic */
// A cluster read from Prometheus whose context has SSH nodes: what the exporters do not carry is
// read over SSH on demand when a detail needs it, from that one node, and says so with its age.
// Without SSH nodes the detail says it is not available from Prometheus, and why.
import { describe, expect, it } from 'vitest';
import { createVdStore } from '../store/store.js';
import { renderApp, KEY, waitFor } from '../../test/support/ui/render.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import { MATCH, NOW, prom } from '../../test/support/prometheus/two-nodes.js';
import { PrometheusBackend } from './backend.js';
import { OnDemandRunner } from '../ssh/on-demand-runner.js';
import { RunError, type Runner } from '../ssh/runner.js';
import { domdisplayCmd, dumpxmlCmd } from '../collectors/virsh/command.js';
import { snapshotCurrentCmd, snapshotListCmd } from '../collectors/virsh/snapshot-read.js';
import { multipathJsonCmd } from '../collectors/multipath/command.js';
import { NO_SSH } from './no-ssh.js';
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';

const URI = 'qemu:///system';

async function promStore() {
  const store = createVdStore({ clusterName: 'prod-a', nodes: [], readonly: true });
  await new PrometheusBackend({ client: prom(), store, match: MATCH }).refreshNow();
  return store;
}

/** The detail runner of a Prometheus session: SSH on demand to `nodes`, each node a FakeRunner. */
function onDemand(nodes: string[], answer: (node: string) => FakeRunner) {
  const opened: string[] = [];
  const fakes = new Map<string, FakeRunner>();
  const runner = new OnDemandRunner({
    nodes,
    noNodes: NO_SSH,
    unavailable: NOT_FROM_PROMETHEUS,
    open: (node): Runner => {
      opened.push(node);
      const f = answer(node);
      fakes.set(node, f);
      return f;
    },
  });
  return { runner, opened, fakes };
}

/** `:view`, `down` rows down, Enter: the row's detail. */
async function open(runner: Runner, view: string, down: number) {
  const a = renderApp({ store: await promStore(), readonly: true, now: () => NOW, runner, rows: 60 });
  await a.settle();
  await a.type(':', ...view, KEY.enter);
  for (let i = 0; i < down; i++) await a.type('j');
  await a.type(KEY.enter);
  return a;
}

describe('SSH on demand in a session read from Prometheus', () => {
  it("VM detail: the domain XML, display and snapshots read over SSH from the VM's node only", async () => {
    const od = onDemand(['kvm1', 'kvm2'], (node) =>
      new FakeRunner({ nodes: [node] })
        .expect('kvm2', dumpxmlCmd(URI, 'db1').argv, { stdout: fixture('virsh', 'dumpxml-web-01.xml') })
        .expect('kvm2', domdisplayCmd(URI, 'db1').argv, { stdout: 'vnc://127.0.0.1:0\n' })
        .expect('kvm2', snapshotListCmd(URI, 'db1').argv, { stdout: fixture('virsh', 'snapshot-list-parent-empty.txt') })
        .expect('kvm2', snapshotCurrentCmd(URI, 'db1').argv, { code: 1, stderr: fixture('virsh', 'snapshot-current-none.stderr.txt') }),
    );
    // db1 runs on kvm2 (the second row of :vms).
    const a = await open(od.runner, 'vms', 1);
    const f = await waitFor(a.frame, (x) => x.includes('Disks ('), 3000, 'the domain XML');
    expect(f).toContain('VM db1 on kvm2');
    expect(f).toMatch(/Disks \(2\) {2}\(via SSH on demand, read \d+s ago\)/);
    expect(f).toContain('NICs (1)');
    expect(f).toMatch(/display\s+vnc:\/\/127\.0\.0\.1:0 {2}\(via SSH on demand, read \d+s ago\)/);
    expect(f).toMatch(/Snapshots \(0\) {2}\(via SSH on demand, read \d+s ago\)/);
    expect(od.opened).toEqual(['kvm2']);
    od.fakes.get('kvm2')!.assertAllCalled();
    a.unmount();
    await od.runner.close();
  });

  it('node detail: the multipath maps read over SSH from that node', async () => {
    const od = onDemand(['kvm1', 'kvm2'], (node) => new FakeRunner({ nodes: [node] }).expect('kvm1', multipathJsonCmd().argv, { stdout: fixture('multipath', 'maps-degraded.json') }));
    const a = await open(od.runner, 'nodes', 0);
    const f = await waitFor(a.frame, (x) => x.includes('Multipath ('), 3000, 'the multipath maps');
    expect(f).toContain('Node kvm1');
    expect(f).toMatch(/Multipath \(\d+\) {2}\(via SSH on demand, read \d+s ago\)/);
    expect(f).toMatch(/mpatha\s+\d\/4 paths dm-0/);
    expect(od.opened).toEqual(['kvm1']);
    a.unmount();
    await od.runner.close();
  });

  it('an SSH failure shows in the detail, naming the node', async () => {
    const od = onDemand(['kvm1', 'kvm2'], (node) => new FakeRunner({ nodes: [node] }).respond(() => new RunError('hostkey', node, 'not connected: host key for kvm2 has CHANGED')));
    const a = await open(od.runner, 'vms', 1);
    const f = await waitFor(a.frame, (x) => x.includes('could not read the domain XML'), 3000, 'the error');
    expect(f).toContain('could not read the domain XML: kvm2: not connected: host key for kvm2 has CHANGED');
    expect(f).toContain('could not read the snapshots: kvm2: not connected');
    a.unmount();
    await od.runner.close();
  });

  it('without SSH nodes: not available from Prometheus, and why; nothing is opened', async () => {
    const od = onDemand([], () => new FakeRunner());
    const a = await open(od.runner, 'vms', 1);
    const f = await waitFor(a.frame, (x) => x.includes('Snapshots'), 3000, 'the refusal');
    expect(f).toMatch(/Disks \/ NICs\n {2}kvm2: not available from Prometheus: no SSH nodes configured for this cluster/);
    expect(f).toMatch(/Snapshots\n {2}kvm2: not available from Prometheus: no SSH nodes configured for this cluster/);
    expect(f).toMatch(/display\s+not available from Prometheus/);
    await a.type(KEY.esc, KEY.esc, ':', 'n', 'o', 'd', 'e', 's', KEY.enter, KEY.enter);
    const n = await waitFor(a.frame, (x) => x.includes('Multipath'), 3000, 'the node detail');
    expect(n).toMatch(/Multipath\n {2}kvm1: not available from Prometheus: no SSH nodes configured for this cluster/);
    expect(od.opened).toEqual([]);
    a.unmount();
  });
});
