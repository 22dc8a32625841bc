// End to end: the storage sources against the demo cluster over real SSH on 127.0.0.1 — pools
// (one near full), iSCSI sessions, FC ports and LUN queues reach `snapshot --json` and the :pools
// rows; an iSCSI session that drops and comes back and an FC port going Linkdown are seen on
// the next round, with their alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { openSession, type Session } from '../../src/cli/session.js';
import { snapshotCommand } from '../../src/cli/commands.js';
import type { Snapshot } from '../../src/store/snapshot.js';
import type { ResolvedTarget } from '../../src/config/load.js';
import { dropSession, restoreSession, setFcPort } from '../../src/demo/sim/san.js';
import { poolsRows } from '../../src/collectors/storage/view.js';

describe('storage view data from the demo cluster over SSH', () => {
  let demo: DemoCluster;
  let session: Session;
  const snap = async (): Promise<Snapshot> => {
    const r = await snapshotCommand(session, { json: true });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Snapshot;
  };

  beforeAll(async () => {
    demo = await startDemoCluster({ nodes: 4, vms: 12, seed: 1, incidents: false });
    const target: ResolvedTarget = { kind: 'demo', clusterName: 'demo', nodes: 4, vms: 12, seed: 1, readonly: true, cluster: { nodes: [] }, reason: 'flag' };
    session = await openSession(target, { live: false, demo });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await demo?.close();
  });

  it('pools (one near full), sessions logged in, ports online, LUN queue depths on every node', async () => {
    const s = await snap();
    const nodes = demo.hosts.map((h) => h.name);
    for (const n of nodes) {
      const node = s.nodes.find((x) => x.name === n)!;
      expect(node.freshness.pools?.state, n).toBe('live');
      expect(node.freshness.san?.state, n).toBe('live');
    }
    const st = s.storage;
    expect(new Set(st.pools.map((p) => p.node))).toEqual(new Set(nodes));
    expect(st.pools.filter((p) => p.name === 'default')).toHaveLength(4);
    expect(st.pools.find((p) => p.name === 'vg_mpathb')).toMatchObject({ state: 'running', shared: true });
    const full = st.pools.filter((p) => (p.usedPct ?? 0) > 90);
    expect(full.map((p) => [p.node, p.name])).toEqual([[nodes[0], 'backup']]);
    expect(s.alerts.filter((a) => a.rule === 'pool').map((a) => a.id)).toEqual([`pool:${nodes[0]}:backup`]);
    expect(st.iscsiSessions.filter((x) => x.state === 'LOGGED_IN')).toHaveLength(8);
    expect(st.fcPorts.filter((p) => p.state === 'Online')).toHaveLength(8);
    expect(st.luns.find((l) => l.node === nodes[0] && l.dev === 'sdb')).toMatchObject({ queueDepth: 128, scheduler: 'none' });
    const rows = poolsRows(session.store.getState(), Date.now());
    expect(rows.some((r) => r.cells[0] === 'vol' && r.cells[5]?.startsWith('/dev/vg_mpathb/'))).toBe(true);
  }, 60_000);

  it('an iSCSI session that drops and comes back, an FC port going Linkdown', async () => {
    const [, n2, n3] = demo.hosts.map((h) => h.name) as [string, string, string];
    dropSession(demo.sim, n2, 2);
    setFcPort(demo.sim, n3, 4, 'Linkdown');
    let s = await snap();
    const sess = s.storage.iscsiSessions.find((x) => x.node === n2 && x.sid === 2)!;
    expect(sess).toMatchObject({ state: 'FAILED', connState: 'TRANSPORT WAIT' });
    expect(sess.disks.every((d) => d.state === 'blocked')).toBe(true);
    expect(s.storage.fcPorts.find((p) => p.node === n3 && p.host === 'host4')?.state).toBe('Linkdown');
    const raised = s.alerts.filter((a) => a.rule === 'iscsi-session' || a.rule === 'fc-port').map((a) => [a.rule, a.node, a.severity]);
    expect(raised.sort()).toEqual([
      ['fc-port', n3, 'critical'],
      ['iscsi-session', n2, 'critical'],
    ]);
    restoreSession(demo.sim, n2, 2);
    setFcPort(demo.sim, n3, 4, 'Online');
    s = await snap();
    expect(s.storage.iscsiSessions.every((x) => x.state === 'LOGGED_IN')).toBe(true);
    expect(s.alerts.filter((a) => a.rule === 'iscsi-session' || a.rule === 'fc-port')).toEqual([]);
  }, 60_000);
});
