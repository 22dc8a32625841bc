import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/support/collectors/test-support.js';
import { FIXTURE_NOW, fixtureState } from '../../../test/support/store/test-fixtures.js';
import { toSnapshot } from '../../store/snapshot.js';
import { parseIscsiSessions, parsePoolList, parsePoolNames, parseSanSysfs } from './parse.js';

describe('snapshot --json storage', () => {
  it('lists pools (name, node, state, capacity, allocation, shared), sessions, FC ports and LUN queue depths with freshness', () => {
    const s = fixtureState();
    const n1 = s.nodes['kvm-n1']!;
    const pools = parsePoolList(fixture('storage', 'pool-list-details.txt'), 'kvm-n1', { network: parsePoolNames(fixture('storage', 'pool-list-shared.txt')), logical: [] });
    const san = { ...parseSanSysfs(fixture('storage', 'san-sysfs.txt')), iscsi: parseIscsiSessions(fixture('storage', 'iscsiadm-session-P3-failed.txt')) };
    const fresh = { ...n1.fresh, pools: { lastOk: FIXTURE_NOW, intervalMs: 30_000 }, san: { lastOk: FIXTURE_NOW - 60_000, intervalMs: 10_000 } };
    const state = { ...s, nodes: { ...s.nodes, 'kvm-n1': { ...n1, pools: { pools }, san, fresh } } };
    const st = toSnapshot(state, FIXTURE_NOW).storage;
    expect(st.pools.map((p) => [p.node, p.name, p.state, p.capacity, p.allocation, p.shared, p.fresh.state])).toEqual([
      ['kvm-n1', 'default', 'running', 100 * 2 ** 30, 11 * 2 ** 30, false, 'live'],
      ['kvm-n1', 'iso', 'inactive', undefined, undefined, false, 'live'],
      ['kvm-n1', 'san a;b $x', 'running', 100 * 2 ** 30, 0, true, 'live'],
      ['kvm-n1', 'vg_san', 'running', 100 * 2 ** 30, 95 * 2 ** 30, false, 'live'],
    ]);
    expect(st.iscsiSessions.map((x) => [x.sid, x.state, x.fresh.state])).toEqual([
      [1, 'LOGGED_IN', 'stale'],
      [2, 'FAILED', 'stale'],
    ]);
    expect(st.fcPorts.map((p) => [p.host, p.state])).toEqual([
      ['host7', 'Online'],
      ['host8', 'Linkdown'],
    ]);
    expect(st.luns.map((l) => [l.dev, l.queueDepth, l.scheduler])).toEqual([
      ['sdb', 64, 'mq-deadline'],
      ['sdc', 32, 'none'],
    ]);
    // JSON has no undefined keys: an inactive pool has no sizes.
    expect(Object.keys(JSON.parse(JSON.stringify(st.pools[1])))).toEqual(['node', 'name', 'state', 'autostart', 'shared', 'fresh']);
  });
  it('is empty without storage data', () => {
    expect(toSnapshot(fixtureState(), FIXTURE_NOW).storage).toEqual({ pools: [], iscsiSessions: [], fcPorts: [], luns: [] });
  });
});
