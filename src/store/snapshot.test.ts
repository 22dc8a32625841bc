import { describe, expect, it } from 'vitest';
import { formatSnapshotText, toSnapshot } from './snapshot.js';
import { FIXTURE_NOW, fixtureState, fixtureStore, mkFailedAction, mkMaps } from '../../test/support/store/test-fixtures.js';

describe('toSnapshot', () => {
  it('documents the healthy fixture with freshness on every entry', () => {
    const s = fixtureState();
    const snap = toSnapshot(s, FIXTURE_NOW);
    expect(snap.generatedAt).toBe('2026-11-24T08:00:00.000Z');
    expect(snap.cluster).toEqual({
      name: 'kvm-lab',
      dc: 'kvm-n1',
      quorum: true,
      stonithEnabled: true,
      maintenanceMode: false,
      freshness: { pacemaker: { state: 'live', ageMs: 1000, via: 'kvm-n1' }, stonith: { state: 'live', ageMs: 1000, via: 'kvm-n1' } },
    });
    expect(snap.nodes[0]).toMatchObject({ name: 'kvm-n1', online: true, standby: false, reachable: true, host: { cpuPct: 20, memUsedPct: 50, swapUsedKb: 0, fresh: { state: 'live', ageMs: 1000 } } });
    expect(snap.nodes[0]!.freshness.iostat).toEqual({ state: 'live', ageMs: 1000 });
    expect(snap.resources.find((r) => r.id === 'vm-web1')).toEqual({
      id: 'vm-web1', kind: 'primitive', agent: 'ocf:heartbeat:VirtualDomain', role: 'Started', nodes: ['kvm-n1'], failed: false, managed: true, fresh: { state: 'live', ageMs: 1000 },
    });
    expect(snap.resources.filter((r) => r.id === 'dlm').map((r) => r.parent)).toEqual(['base-clone', 'base-clone', 'base-clone', 'base-clone']);
    expect(snap.multipath).toHaveLength(8);
    expect(snap.multipath[0]).toMatchObject({ node: 'kvm-n1', alias: 'mpatha', dm: 'dm-0', health: 'ok', active: 2, total: 2 });
    expect(snap.io.find((d) => d.node === 'kvm-n2' && d.device === 'dm-1')).toMatchObject({ alias: 'mpathb', rAwait: 2, util: 12, iops: 200 });
    expect(snap.vms.find((v) => v.name === 'db1' && v.state === 'running')).toMatchObject({ node: 'kvm-n3', resource: { id: 'vm-db1' }, vcpus: 8, fresh: { state: 'live' } });
    expect(snap.fencing.nodes.map((n) => n.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
    expect(snap.fencing.sbd).toHaveLength(4);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it('ages with `now` and carries errors', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.fresh.multipath = { ...s.nodes['kvm-n2']!.fresh.multipath!, error: 'multipathd: timeout', errorAt: FIXTURE_NOW };
    const snap = toSnapshot(s, FIXTURE_NOW + 60_000);
    expect(snap.nodes[1]!.freshness.multipath).toEqual({ state: 'error', ageMs: 61_000, error: 'multipathd: timeout' });
    expect(snap.multipath.find((m) => m.node === 'kvm-n2')!.fresh).toEqual({ state: 'error', ageMs: 61_000 });
    expect(snap.cluster.freshness.pacemaker!.state).toBe('stale');
  });

  it('keeps the last 100 timeline entries and the alerts', () => {
    const { store, clock } = fixtureStore();
    for (let i = 0; i < 150; i++) store.getState().pushTimeline({ time: i, source: 'action', kind: 'x', severity: 'info', subject: 's', message: `e${i}` });
    clock.now += 1000;
    store.getState().setNodeData('kvm-n3', 'multipath', { multipath: mkMaps(['sdb', 'sdd']) });
    const snap = toSnapshot(store.getState(), clock.now);
    expect(snap.timeline).toHaveLength(100);
    expect(snap.timeline.at(-1)!.kind).toBe('alert-raised');
    expect(snap.alerts.map((a) => a.id)).toEqual(['mpath:kvm-n3:mpatha']);
  });

  it('without Pacemaker data: no cluster fields, empty resources', () => {
    const s = fixtureState();
    delete s.cluster.crm;
    const snap = toSnapshot(s, FIXTURE_NOW);
    expect(snap.cluster.quorum).toBeUndefined();
    expect(snap.resources).toEqual([]);
    expect(snap.nodes[0]!.online).toBeUndefined();
  });
});

describe('formatSnapshotText', () => {
  it('summarises each section and lists problems', () => {
    const s = fixtureState();
    s.cluster.crm!.failedActions = [mkFailedAction('vm-web2', 'kvm-n2')];
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdb']);
    s.alerts = [{ id: 'mpath:kvm-n2:mpatha', rule: 'mpath', severity: 'warning', node: 'kvm-n2', subject: 'mpatha', message: 'mpatha on kvm-n2 degraded: 1/2 paths active', since: 0, acknowledged: false }];
    const text = formatSnapshotText(toSnapshot(s, FIXTURE_NOW));
    expect(text).toContain('Cluster kvm-lab  DC kvm-n1  quorum yes  stonith enabled');
    expect(text).toMatch(/kvm-n1\s+online\s+cpu 20%  mem 50%/);
    expect(text).toContain('failed action vm-web2_monitor_10000 on kvm-n2: not running');
    expect(text).toContain('Multipath: 2 LUNs, 1 degraded map(s)');
    expect(text).toContain('kvm-n2 mpatha (dm-0) degraded 1/2 paths');
    expect(text).toContain('VMs: 6 running');
    expect(text).toContain('WARNING  mpatha on kvm-n2 degraded: 1/2 paths active');
  });
});

describe('formatSnapshotText: what the backend cannot carry, and storage', () => {
  it('says once which sources Prometheus does not carry instead of listing them as faults on every node', () => {
    const snap = toSnapshot(fixtureState(), FIXTURE_NOW);
    const why = 'not available from Prometheus';
    for (const n of snap.nodes) {
      n.freshness.multipath = { state: 'never', notCollected: why };
      n.freshness.vmevents = { state: 'never', notCollected: why };
    }
    snap.nodes[1]!.freshness.host = { state: 'stale', ageMs: 30_000 };
    const text = formatSnapshotText(snap);
    expect(text).not.toContain('multipath:never');
    expect(text).toMatch(/kvm-n2 .*\(host:stale\)/);
    expect(text.split('\n').filter((l) => l.includes(why))).toEqual([`  ${why}: multipath, vmevents`]);
  });

  it('has a storage section that lists only what needs a look', () => {
    const snap = toSnapshot(fixtureState(), FIXTURE_NOW);
    const live = { state: 'live', ageMs: 1000 };
    snap.storage = {
      pools: [
        { node: 'kvm-n1', name: 'default', state: 'running', autostart: true, shared: false, usedPct: 40, fresh: live },
        { node: 'kvm-n1', name: 'images', state: 'running', autostart: true, shared: true, usedPct: 93.5, fresh: live },
        { node: 'kvm-n2', name: 'iso', state: 'inactive', autostart: true, shared: false, fresh: { state: 'stale', ageMs: 45_000 } },
      ],
      iscsiSessions: [
        { node: 'kvm-n1', sid: 1, target: 'iqn.2026-01.lab:t1', portal: '10.0.0.1:3260', state: 'LOGGED_IN', connState: 'LOGGED IN', disks: [], fresh: live },
        { node: 'kvm-n2', sid: 2, target: 'iqn.2026-01.lab:t1', portal: '10.0.0.2:3260', state: 'FAILED', connState: 'TRANSPORT WAIT', disks: [], fresh: live },
      ],
      fcPorts: [{ node: 'kvm-n3', host: 'host7', wwpn: '0x5001', state: 'Linkdown', speed: 'unknown', fresh: live }],
      luns: [],
    };
    const lines = formatSnapshotText(snap).split('\n');
    const at = lines.findIndex((l) => l.startsWith('Storage: '));
    expect(lines[at]).toBe('Storage: 3 pools on 2 node(s), 2 iSCSI sessions, 1 FC ports [stale 45s]');
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '  pool kvm-n1/images 93.5% used',
      '  pool kvm-n2/iso inactive (autostart)',
      '  iSCSI kvm-n2 iqn.2026-01.lab:t1 via 10.0.0.2:3260: FAILED (TRANSPORT WAIT)',
      '  FC kvm-n3 host7 0x5001: Linkdown',
    ]);
    expect(lines.join('\n')).not.toContain('default');
  });
});

describe('toSnapshot freshness of event streams', () => {
  it('quiet vmevents/journal are live while the node is connected, not while it is down', () => {
    const s = fixtureState();
    const quiet = { lastOk: FIXTURE_NOW - 600_000, lastAttempt: FIXTURE_NOW - 600_000, intervalMs: 5_000 };
    s.nodes['kvm-n1']!.fresh.vmevents = { ...quiet };
    s.nodes['kvm-n1']!.fresh.journal = { ...quiet, intervalMs: 60_000 };
    s.nodes['kvm-n2']!.fresh.vmevents = { ...quiet };
    s.nodes['kvm-n2']!.conn = { ...s.nodes['kvm-n2']!.conn, status: 'down' };
    const snap = toSnapshot(s, FIXTURE_NOW);
    expect(snap.nodes[0]!.freshness.vmevents).toEqual({ state: 'live', ageMs: 600_000 });
    expect(snap.nodes[0]!.freshness.journal).toEqual({ state: 'live', ageMs: 600_000 });
    expect(snap.nodes[1]!.freshness.vmevents).toEqual({ state: 'stale', ageMs: 600_000 });
  });
});
