import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVdStore, LOG_RING, onAlertChange, storeControl, TIMELINE_RING, type AlertChange } from './store.js';
import { FIXTURE_NOW, FIXTURE_NODES, fixtureState, fixtureStore, mkConn, mkHost, mkIoDev, mkMaps, mkVmsFor } from '../../test/support/store/test-fixtures.js';
import type { JournalEntry } from '../model/journal.js';
import { lunSeries } from './history.js';

const mk = () => {
  const clock = { now: FIXTURE_NOW };
  const store = createVdStore({ clusterName: 'c1', nodes: ['n1', 'n2'], now: () => clock.now });
  return { store, clock, a: store.getState() };
};

describe('createVdStore', () => {
  it('starts with every configured node connecting and no data', () => {
    const { store } = mk();
    const s = store.getState();
    expect(s.nodeOrder).toEqual(['n1', 'n2']);
    expect(s.nodes.n1).toEqual({ name: 'n1', conn: { node: 'n1', status: 'connecting', since: FIXTURE_NOW, attempts: 0, openChannels: 0, queued: 0 }, fresh: {} });
    expect(s.cluster).toEqual({ name: 'c1', fresh: {} });
    expect(s.thresholds.awaitWarnMs).toBe(10);
  });

  it('rejects bad node names and thresholds, naming them', () => {
    expect(() => createVdStore({ clusterName: 'c', nodes: ['ok', 'bad name'] })).toThrow(/node name "bad name"/);
    expect(() => createVdStore({ clusterName: 'c', nodes: [], thresholds: { cpuPct: Number.NaN } })).toThrow(/threshold cpuPct/);
  });

  it('setNodeData merges, marks fresh, and keeps references of equal data', () => {
    const { store, clock, a } = mk();
    a.registerSource('vms', 'n1', 5000);
    a.setNodeData('n1', 'vms', { vms: mkVmsFor('kvm-n1') });
    const first = store.getState().nodes.n1!;
    expect(first.fresh.vms).toEqual({ intervalMs: 5000, lastOk: FIXTURE_NOW, lastAttempt: FIXTURE_NOW });
    clock.now += 5000;
    a.setNodeData('n1', 'vms', { vms: structuredClone(mkVmsFor('kvm-n1')) });
    const second = store.getState().nodes.n1!;
    expect(second.vms).toBe(first.vms);
    expect(second.fresh.vms!.lastOk).toBe(FIXTURE_NOW + 5000);
    // One VM changes: the list is new, the other VM objects are kept.
    const vms = structuredClone(mkVmsFor('kvm-n1'));
    vms[0]!.cpuPct = 99;
    a.setNodeData('n1', 'vms', { vms });
    const third = store.getState().nodes.n1!;
    expect(third.vms).not.toBe(first.vms);
    expect(third.vms![1]).toBe(first.vms![1]);
    expect(third.vms![0]!.cpuPct).toBe(99);
  });

  it('batch: several mutations are one commit (one notification, one diff) and later ones see earlier ones', () => {
    const { store, clock, a } = mk();
    a.setNodeData('n1', 'vms', { vms: mkVmsFor('kvm-n1') });
    clock.now += 5000;
    let notified = 0;
    const off = store.subscribe(() => notified++);
    const stopped = mkVmsFor('kvm-n1').map((v, i) => (i === 0 ? { ...v, state: 'shut off' as const } : v));
    const before = store.getState().timeline.length;
    storeControl(store).batch(() => {
      a.setNodeData('n1', 'iostat', { io: [mkIoDev('dm-0', 1)] });
      a.setNodeData('n1', 'network', { bonds: [] });
      a.setNodeData('n1', 'vms', { vms: stopped });
      expect(notified).toBe(0);
    });
    off();
    expect(notified).toBe(1);
    const n1 = store.getState().nodes.n1!;
    for (const src of ['iostat', 'network', 'vms'] as const) expect(n1.fresh[src]?.lastOk, src).toBe(clock.now);
    expect(n1.io?.[0]?.device).toBe('dm-0');
    expect(n1.vms?.[0]?.state).toBe('shut off');
    const entries = store.getState().timeline.slice(before);
    expect(entries.filter((e) => e.kind === 'vm-state')).toHaveLength(1);
  });

  it('batch: node writes of several nodes and a connection change land together; the state before the batch is left as it was', () => {
    const { store, a } = mk();
    a.setNodeData('n1', 'vms', { vms: mkVmsFor('kvm-n1') });
    const before = store.getState();
    const beforeNodes = { ...before.nodes };
    storeControl(store).batch(() => {
      a.setNodeData('n1', 'network', { bonds: [] });
      a.setNodeData('n2', 'iostat', { io: [mkIoDev('dm-1', 2)] });
      a.setConn({ ...mkConn('n2', FIXTURE_NOW), status: 'down' });
      a.setNodeData('n2', 'network', { bonds: [] });
      a.markError('host', 'n1', 'boom');
    });
    const after = store.getState();
    expect(before.nodes).toEqual(beforeNodes);
    expect(Object.keys(before.nodes).every((k) => before.nodes[k] === beforeNodes[k])).toBe(true);
    expect(after.nodes).not.toBe(before.nodes);
    expect(after.nodes.n1!.fresh.network?.lastOk).toBe(FIXTURE_NOW);
    expect(after.nodes.n1!.fresh.host?.error).toBe('boom');
    expect(after.nodes.n1!.vms).toBe(before.nodes.n1!.vms);
    expect(after.nodes.n2!.io?.[0]?.device).toBe('dm-1');
    expect(after.nodes.n2!.conn.status).toBe('down');
    expect(after.nodes.n2!.fresh.network?.lastOk).toBe(FIXTURE_NOW);
  });

  it('batch: a throw commits what was applied before it and is rethrown; nested batches join', () => {
    const { store, a } = mk();
    let notified = 0;
    const off = store.subscribe(() => notified++);
    expect(() =>
      storeControl(store).batch(() => {
        a.setNodeData('n1', 'network', { bonds: [] });
        storeControl(store).batch(() => a.markError('host', 'n1', 'boom'));
        throw new Error('parse failed');
      }),
    ).toThrow('parse failed');
    off();
    expect(notified).toBe(1);
    expect(store.getState().nodes.n1!.fresh.network?.lastOk).toBe(FIXTURE_NOW);
    expect(store.getState().nodes.n1!.fresh.host?.error).toBe('boom');
  });

  it('an unrelated node update does not replace another node slice', () => {
    const { store, a } = mk();
    const n2 = store.getState().nodes.n2;
    a.setNodeData('n1', 'host', {});
    expect(store.getState().nodes.n2).toBe(n2);
  });

  it('unknown nodes are errors that name the node', () => {
    const { a } = mk();
    expect(() => a.setNodeData('nx', 'host', {})).toThrow(/unknown node "nx"/);
    expect(() => a.markError('host', 'nx', 'x')).toThrow(/unknown node "nx"/);
  });

  it('iostat: fills the multipath alias and keeps each LUN\'s await history (the session history, by alias)', () => {
    const { store, clock, a } = mk();
    a.setNodeData('n1', 'multipath', { multipath: mkMaps() });
    for (let i = 1; i <= 130; i++) {
      clock.now += 1000;
      a.setNodeData('n1', 'iostat', { io: [mkIoDev('dm-0', i), mkIoDev('sda', 0.1)] });
    }
    const io = store.getState().nodes.n1!.io!;
    expect(io[0]!.alias).toBe('mpatha');
    expect(io[1]!.alias).toBeUndefined();
    const h = store.getState().history!;
    expect(Array.from(h.window(lunSeries('n1', 'mpatha'), 0, clock.now, 130, 1000))).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect(h.has(lunSeries('n1', 'sda'))).toBe(false); // not a multipath map
  });

  it('markError keeps data and records the error; success clears it', () => {
    const { store, clock, a } = mk();
    a.setClusterData('pacemaker', 'n1', { crm: fixtureState().cluster.crm });
    clock.now += 1000;
    a.markError('pacemaker', undefined, 'crm_mon: timeout');
    const c = store.getState().cluster;
    expect(c.crm).toBeDefined();
    expect(c.fresh.pacemaker).toMatchObject({ lastOk: FIXTURE_NOW, lastAttempt: FIXTURE_NOW + 1000, error: 'crm_mon: timeout', errorAt: FIXTURE_NOW + 1000, via: 'n1' });
    a.setClusterData('pacemaker', 'n2', {});
    expect(store.getState().cluster.fresh.pacemaker).toEqual({ intervalMs: 5000, lastOk: FIXTURE_NOW + 1000, lastAttempt: FIXTURE_NOW + 1000, via: 'n2' });
  });

  it('registerSource keeps existing freshness and rejects bad intervals', () => {
    const { store, a } = mk();
    a.setNodeData('n1', 'host', {});
    a.registerSource('host', 'n1', 2000);
    expect(store.getState().nodes.n1!.fresh.host).toEqual({ intervalMs: 2000, lastOk: FIXTURE_NOW, lastAttempt: FIXTURE_NOW });
    a.registerSource('stonith', undefined, 60_000);
    expect(store.getState().cluster.fresh.stonith).toEqual({ intervalMs: 60_000 });
    expect(() => a.registerSource('host', 'n1', 0)).toThrow(/host on n1/);
  });

  it('logs and timeline are bounded rings; timeline seq increases', () => {
    const { store, a } = mk();
    const e = (i: number): JournalEntry => ({ time: i, node: 'n1', priority: 6, message: `m${i}` });
    a.pushLogs(Array.from({ length: LOG_RING - 10 }, (_, i) => e(i)));
    a.pushLogs(Array.from({ length: 20 }, (_, i) => e(100_000 + i)));
    const logs = store.getState().logs;
    expect(logs).toHaveLength(LOG_RING);
    expect(logs.at(-1)!.message).toBe('m100019');
    expect(logs[0]!.message).toBe('m10');
    for (let i = 0; i < TIMELINE_RING + 5; i++) a.pushTimeline({ time: i, source: 'action', kind: 'x', severity: 'info', subject: 's', message: String(i) });
    const tl = store.getState().timeline;
    expect(tl).toHaveLength(TIMELINE_RING);
    expect(tl[0]!.seq).toBe(6);
    expect(tl.at(-1)!.seq).toBe(TIMELINE_RING + 5);
  });

  it('setConn: an equal state is a no-op; down raises an alert and a timeline entry', () => {
    const { store, clock, a } = mk();
    a.setConn(mkConn('n1', FIXTURE_NOW));
    const before = store.getState();
    a.setConn(mkConn('n1', FIXTURE_NOW));
    expect(store.getState()).toBe(before);
    clock.now += 1000;
    a.setConn({ ...mkConn('n1', FIXTURE_NOW), status: 'down', since: clock.now });
    const s = store.getState();
    expect(s.alerts.map((x) => x.id)).toEqual(['unreachable:n1:n1']);
    // The alert's raise is not echoed: the connection entry of the same change already tells it.
    expect(s.timeline.map((e) => e.kind)).toEqual(['node-unreachable']);
  });

  it('addNode validates and appends once', () => {
    const { store, a } = mk();
    a.addNode('n3');
    a.addNode('n3');
    expect(store.getState().nodeOrder).toEqual(['n1', 'n2', 'n3']);
    expect(() => a.addNode('n;3')).toThrow(/node name/);
  });

  it('ackAlert flips acknowledged and survives re-derivation', () => {
    const { store, clock, a } = mk();
    a.setConn({ ...mkConn('n2', FIXTURE_NOW), status: 'down' });
    a.ackAlert('unreachable:n2:n2');
    expect(store.getState().alerts[0]!.acknowledged).toBe(true);
    clock.now += 1000;
    a.setNodeData('n1', 'host', {});
    expect(store.getState().alerts[0]).toMatchObject({ acknowledged: true, since: FIXTURE_NOW });
  });

  it('upsertAction replaces by id and keeps a bounded list of finished actions', () => {
    const { store, a } = mk();
    a.upsertAction({ id: 'a1', title: 'standby n1', status: 'running', lines: [], startedAt: 1 });
    a.upsertAction({ id: 'a1', title: 'standby n1', status: 'done', lines: ['ok'], startedAt: 1 });
    expect(store.getState().actions).toEqual([{ id: 'a1', title: 'standby n1', status: 'done', lines: ['ok'], startedAt: 1 }]);
    for (let i = 0; i < 30; i++) a.upsertAction({ id: `b${i}`, title: 't', status: 'failed', lines: [], startedAt: i });
    expect(store.getState().actions).toHaveLength(20);
    expect(store.getState().actions.at(-1)!.id).toBe('b29');
  });

  it('onAlertChange reports raise and clear; recompute picks up ageing freshness', () => {
    const { store, clock, a } = mk();
    const seen: AlertChange[] = [];
    const off = onAlertChange(store, (c) => seen.push(c));
    a.registerSource('host', 'n1', 1000);
    a.setNodeData('n1', 'host', {});
    clock.now += 500;
    a.markError('host', 'n1', 'cat: timeout');
    expect(store.getState().alerts).toEqual([]); // data still live
    clock.now += 5000;
    storeControl(store).recompute();
    expect(store.getState().alerts.map((x) => x.id)).toEqual(['stale:n1:host']);
    a.setNodeData('n1', 'host', {});
    expect(store.getState().alerts).toEqual([]);
    expect(seen.map((c) => [c.raised.map((x) => x.id), c.cleared.map((x) => x.id)])).toEqual([
      [['stale:n1:host'], []],
      [[], ['stale:n1:host']],
    ]);
    // Nothing changed: recompute does not notify subscribers.
    let notified = 0;
    const unsub = store.subscribe(() => notified++);
    storeControl(store).recompute();
    expect(notified).toBe(0);
    unsub();
    off();
    storeControl(store).reset();
    expect(store.getState().nodes.n1!.fresh).toEqual({});
  });

  it('fixtureStore yields the healthy cluster with no alerts and no timeline noise', () => {
    const { store } = fixtureStore();
    const s = store.getState();
    expect(s.nodeOrder).toEqual([...FIXTURE_NODES]);
    expect(s.alerts).toEqual([]);
    expect(s.timeline).toEqual([]);
    expect(s.cluster.crm!.nodes).toHaveLength(4);
  });

  it('mutations through the store produce timeline entries from the diff', () => {
    const { store, clock } = fixtureStore();
    clock.now += 2000;
    store.getState().setNodeData('kvm-n2', 'multipath', { multipath: mkMaps(['sdb']) });
    const tl = store.getState().timeline;
    expect(tl.map((e) => [e.kind, e.subject])).toEqual([
      ['path-down', 'mpatha'],
      ['alert-raised', 'mpath:kvm-n2:mpatha'],
    ]);
    expect(tl[0]!.seq).toBeLessThan(tl[1]!.seq);
  });

  it('a metric alert clearing: the alert text and the "cleared" entry both match the current value', () => {
    const { store, clock } = fixtureStore();
    const pages = (free: number) => {
      clock.now += 5000;
      store.getState().setNodeData('kvm-n2', 'host', { host: { ...mkHost(), hugepages: [{ sizeKb: 1048576, total: 64, free }] } });
    };
    for (let i = 0; i < 3; i++) pages(0);
    expect(store.getState().alerts.map((a) => a.message)).toEqual(['kvm-n2 1G hugepages: 0 of 64 free (< 5)']);
    for (let i = 0; i < 2; i++) pages(64);
    expect(store.getState().alerts.map((a) => a.message)).toEqual(['kvm-n2 1G hugepages: 64 of 64 free (was < 5, clearing)']);
    pages(64);
    expect(store.getState().alerts).toEqual([]);
    expect(store.getState().timeline.filter((e) => e.kind === 'alert-cleared').map((e) => e.message)).toEqual(['cleared: kvm-n2 1G hugepages: 64 of 64 free']);
  });
});

describe('deferred derivation (deriveDelayMs, the live console)', () => {
  const setup = () => {
    vi.useFakeTimers();
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1', 'n2'], now: () => Date.now(), deriveDelayMs: 100 });
    const seen: AlertChange[] = [];
    onAlertChange(store, (c) => seen.push(c));
    return { store, a: store.getState(), seen };
  };
  afterEach(() => vi.useRealTimers());

  it('data lands at once; one derivation over every change of the window follows it', () => {
    const { store, a, seen } = setup();
    let sets = 0;
    store.subscribe(() => sets++);
    a.setConn({ ...mkConn('n1', Date.now()), status: 'down' });
    vi.advanceTimersByTime(50);
    a.setConn({ ...mkConn('n2', Date.now()), status: 'down' });
    expect(store.getState().nodes.n2!.conn.status).toBe('down');
    expect(store.getState().alerts).toEqual([]);
    expect(store.getState().timeline).toEqual([]);
    vi.advanceTimersByTime(49);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(store.getState().alerts.map((x) => x.id).sort()).toEqual(['unreachable:n1:n1', 'unreachable:n2:n2']);
    expect(store.getState().timeline.map((e) => `${e.kind} ${e.node}`).sort()).toEqual(['node-unreachable n1', 'node-unreachable n2']);
    expect(seen).toHaveLength(1);
    expect(sets).toBe(3);
  });

  it('a change undone within the window leaves no timeline entry; flushDerivation derives at once', () => {
    const { store, a } = setup();
    a.setConn({ ...mkConn('n1', Date.now()), status: 'up' });
    storeControl(store).flushDerivation();
    const before = store.getState().timeline.length;
    a.setConn({ ...mkConn('n1', Date.now()), status: 'down' });
    a.setConn({ ...mkConn('n1', Date.now()), status: 'up' });
    vi.advanceTimersByTime(100);
    expect(store.getState().timeline.length).toBe(before);
    a.setConn({ ...mkConn('n1', Date.now()), status: 'down' });
    storeControl(store).flushDerivation();
    expect(store.getState().alerts.map((x) => x.id)).toEqual(['unreachable:n1:n1']);
    // A batch is one data change like any other.
    storeControl(store).batch(() => a.setConn({ ...mkConn('n2', Date.now()), status: 'down' }));
    expect(store.getState().alerts.map((x) => x.id)).toEqual(['unreachable:n1:n1']);
    vi.advanceTimersByTime(100);
    expect(store.getState().alerts.map((x) => x.id)).toEqual(['unreachable:n1:n1', 'unreachable:n2:n2']);
  });
});
