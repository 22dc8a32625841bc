import { describe, expect, it } from 'vitest';
import { diffForTimeline } from './timeline.js';
import { createVdStore } from './store.js';
import type { VdState } from './types.js';
import { FIXTURE_NOW, fixtureState, mkFailedAction, mkFenceEvent, mkMaps, mkVm } from '../../test/support/store/test-fixtures.js';

const NOW = FIXTURE_NOW + 5000;

/** Clone the fixture, apply `mut` to the copy, diff old → new. */
function diff(mut: (s: VdState) => void, base: VdState = fixtureState()) {
  const next = structuredClone(base);
  mut(next);
  return diffForTimeline(base, next, NOW).map(({ kind, node, severity, subject, message, source, time }) => ({ kind, node, severity, subject, message, source, time }));
}
const kinds = (es: { kind: string }[]) => es.map((e) => e.kind);

describe('diffForTimeline', () => {
  it('identical states produce nothing', () => {
    const s = fixtureState();
    expect(diffForTimeline(s, s, NOW)).toEqual([]);
    expect(diff(() => {})).toEqual([]);
  });

  it('first data for a source is not an event', () => {
    const base = fixtureState();
    delete base.cluster.crm;
    delete base.nodes['kvm-n1']!.vms;
    expect(diff((s) => {
      s.cluster.crm = fixtureState().cluster.crm;
      s.nodes['kvm-n1']!.vms = [mkVm('web1', 'kvm-n1')];
    }, base)).toEqual([]);
  });

  it('node online/offline/unclean, standby, maintenance, DC, quorum', () => {
    const es = diff((s) => {
      const n = s.cluster.crm!.nodes;
      n[3]!.online = false;
      n[2]!.unclean = true;
      n[1]!.standby = true;
      n[0]!.maintenance = true;
      s.cluster.crm!.summary.dcName = 'kvm-n2';
      s.cluster.crm!.summary.withQuorum = false;
    });
    expect(kinds(es).sort()).toEqual(['dc-change', 'maintenance', 'node-offline', 'node-unclean', 'quorum-lost', 'standby-on'].sort());
    expect(es.find((e) => e.kind === 'node-offline')).toEqual({ kind: 'node-offline', node: 'kvm-n4', severity: 'critical', subject: 'kvm-n4', message: 'kvm-n4 OFFLINE', source: 'pacemaker', time: NOW });
    expect(es.find((e) => e.kind === 'dc-change')!.message).toBe('DC kvm-n1 → kvm-n2');
    const back = structuredClone(fixtureState());
    back.cluster.crm!.summary.withQuorum = false;
    back.cluster.crm!.nodes[3]!.online = false;
    back.cluster.crm!.nodes[1]!.standby = true;
    expect(kinds(diff((s) => {
      s.cluster.crm!.summary.withQuorum = true;
      s.cluster.crm!.nodes[3]!.online = true;
      s.cluster.crm!.nodes[1]!.standby = false;
    }, back)).sort()).toEqual(['node-online', 'quorum-regained', 'standby-off']);
  });

  it('resource started / stopped / moved / failed / recovered', () => {
    const find = (s: VdState, id: string) => s.cluster.crm!.resources.find((r) => r.id === id)!;
    const es = diff((s) => {
      Object.assign(find(s, 'vm-web1'), { nodes: ['kvm-n3'] });
      Object.assign(find(s, 'vm-web2'), { nodes: [], active: false, role: 'Stopped' });
      Object.assign(find(s, 'vm-db1'), { failed: true });
    });
    expect(es.map((e) => `${e.kind} ${e.subject}: ${e.message}`).sort()).toEqual([
      'resource-failed vm-db1: vm-db1 FAILED',
      'resource-moved vm-web1: vm-web1 moved kvm-n1 → kvm-n3',
      'resource-stopped vm-web2: vm-web2 stopped (was on kvm-n2)',
    ]);
    const stopped = fixtureState();
    Object.assign(find(stopped, 'vm-web2'), { nodes: [], active: false, role: 'Stopped' });
    Object.assign(find(stopped, 'vm-db1'), { failed: true });
    expect(kinds(diff((s) => {
      Object.assign(find(s, 'vm-web2'), { nodes: ['kvm-n2'], active: true, role: 'Started' });
      Object.assign(find(s, 'vm-db1'), { failed: false });
    }, stopped)).sort()).toEqual(['resource-recovered', 'resource-started']);
  });

  it('clone instances sharing an id are compared as one node set', () => {
    const es = diff((s) => {
      const clone = s.cluster.crm!.resources.find((r) => r.id === 'base-clone')!;
      clone.children[3]!.nodes = [];
      clone.children[3]!.active = false;
    });
    expect(es.map((e) => e.message)).toEqual(['dlm moved kvm-n1, kvm-n2, kvm-n3, kvm-n4 → kvm-n1, kvm-n2, kvm-n3']);
  });

  it('new failed actions and fence events, once', () => {
    const base = fixtureState();
    base.cluster.crm!.failedActions = [mkFailedAction('vm-web1', 'kvm-n1')];
    const es = diff((s) => {
      s.cluster.crm!.failedActions.push(mkFailedAction('vm-web2', 'kvm-n2'));
      s.cluster.crm!.fenceHistory.push(mkFenceEvent('kvm-n4', { status: 'failed', exitReason: 'timed out' }));
    }, base);
    expect(es.map((e) => [e.kind, e.severity, e.message])).toEqual([
      ['failed-action', 'warning', 'failed action vm-web2_monitor_10000 on kvm-n2: not running'],
      ['fence', 'critical', 'fence reboot of kvm-n4 failed (by kvm-n1): timed out'],
    ]);
  });

  it('multipath path down / up per map per node', () => {
    const es = diff((s) => (s.nodes['kvm-n2']!.multipath = mkMaps(['sde'])));
    expect(es).toEqual([{ kind: 'path-down', node: 'kvm-n2', severity: 'warning', subject: 'mpathb', message: 'mpathb path sde down on kvm-n2 (failed/faulty)', source: 'multipath', time: NOW }]);
    const down = fixtureState();
    down.nodes['kvm-n2']!.multipath = mkMaps(['sde']);
    expect(kinds(diff((s) => (s.nodes['kvm-n2']!.multipath = mkMaps()), down))).toEqual(['path-up']);
  });

  it('VM appeared / disappeared / state changed', () => {
    const es = diff((s) => {
      const vms = s.nodes['kvm-n1']!.vms!;
      s.nodes['kvm-n1']!.vms = [...vms.filter((v) => v.name !== 'mail').map((v) => (v.name === 'web1' ? { ...v, state: 'crashed' } : v)), mkVm('new1', 'kvm-n1')];
    });
    expect(es.map((e) => [e.kind, e.severity, e.message])).toEqual([
      ['vm-state', 'critical', 'web1 on kvm-n1: running → crashed'],
      ['vm-appeared', 'info', 'new1 appeared on kvm-n1 (running)'],
      ['vm-disappeared', 'info', 'mail gone from kvm-n1 (was running)'],
    ]);
  });

  it('node reachable / unreachable from the connection state', () => {
    const es = diff((s) => (s.nodes['kvm-n3']!.conn = { ...s.nodes['kvm-n3']!.conn, status: 'down', error: { kind: 'unreachable', message: 'keepalive timeout' } }));
    expect(es).toEqual([{ kind: 'node-unreachable', node: 'kvm-n3', severity: 'critical', subject: 'kvm-n3', message: 'kvm-n3 unreachable: keepalive timeout', source: 'conn', time: NOW }]);
    const down = fixtureState();
    down.nodes['kvm-n3']!.conn.status = 'down';
    expect(kinds(diff((s) => (s.nodes['kvm-n3']!.conn.status = 'up'), down))).toEqual(['node-reachable']);
    const connecting = fixtureState();
    connecting.nodes['kvm-n3']!.conn.status = 'connecting';
    expect(diff((s) => (s.nodes['kvm-n3']!.conn.status = 'up'), connecting)).toEqual([]);
  });

  it('sbd slot message changes', () => {
    const es = diff((s) => Object.assign(s.nodes['kvm-n1']!.sbd!.devices[0]!.slots[3]!, { message: 'reset', sender: 'kvm-n1' }));
    expect(es.map((e) => [e.kind, e.severity, e.subject, e.message])).toEqual([
      ['sbd-message', 'warning', 'kvm-n4', 'sbd slot 3 (kvm-n4) on /dev/disk/by-id/scsi-3600a0980sbd0001: clear → reset from kvm-n1'],
    ]);
  });
});

describe('connection timeline through the store (the sequence the SSH pool emits)', () => {
  const conn = (status: 'connecting' | 'up' | 'down', attempts: number, error?: string) => ({
    node: 'kvm-n1',
    status,
    since: 0,
    attempts,
    openChannels: 0,
    queued: 0,
    ...(error ? { error: { kind: 'unreachable' as const, message: error } } : {}),
  });
  const connEvents = (steps: ReturnType<typeof conn>[]) => {
    const store = createVdStore({ clusterName: 'c', nodes: ['kvm-n1'], now: () => NOW });
    for (const s of steps) store.getState().setConn(s);
    return store.getState().timeline.filter((e) => e.source === 'conn').map((e) => e.message);
  };

  it('the first successful connect is silent (attempt 1 is not a reconnect)', () => {
    expect(connEvents([conn('connecting', 1), conn('up', 0)])).toEqual([]);
  });
  it('up after a failed first connect is news', () => {
    expect(connEvents([conn('connecting', 1), conn('down', 1, 'ECONNREFUSED'), conn('connecting', 2, 'ECONNREFUSED'), conn('up', 0)])).toEqual([
      'kvm-n1 unreachable: ECONNREFUSED',
      'kvm-n1 reachable again',
    ]);
  });
  it('a lost connection that comes back is reported once each way', () => {
    expect(connEvents([conn('connecting', 1), conn('up', 0), conn('down', 0, 'connection lost'), conn('connecting', 1, 'connection lost'), conn('up', 0)])).toEqual([
      'kvm-n1 unreachable: connection lost',
      'kvm-n1 reachable again',
    ]);
  });
});

describe('an unreachable node retrying does not flood the timeline', () => {
  const conn = (status: 'connecting' | 'up' | 'down', attempts: number, error?: string) => ({
    node: 'kvm-n1',
    status,
    since: 0,
    attempts,
    openChannels: 0,
    queued: 0,
    ...(error ? { error: { kind: 'unreachable' as const, message: error } } : {}),
  });
  it('failed reconnect attempts keep one alert and write one entry each way, no alert echo', () => {
    const store = createVdStore({ clusterName: 'c', nodes: ['kvm-n1'], now: () => NOW });
    const set = (s: ReturnType<typeof conn>) => store.getState().setConn(s);
    set(conn('connecting', 1));
    set(conn('up', 0));
    set(conn('down', 0, 'connection lost'));
    for (let i = 1; i <= 3; i++) {
      set(conn('connecting', i, 'connection refused'));
      expect(store.getState().alerts.map((a) => a.id)).toEqual(['unreachable:kvm-n1:kvm-n1']);
      set(conn('down', i, 'connection refused'));
    }
    set(conn('connecting', 4, 'connection refused'));
    set(conn('up', 0));
    expect(store.getState().timeline.map((e) => `${e.kind} ${e.message}`)).toEqual(['node-unreachable kvm-n1 unreachable: connection lost', 'node-reachable kvm-n1 reachable again']);
    expect(store.getState().alerts).toEqual([]);
  });
});
