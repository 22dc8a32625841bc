import { describe, expect, it } from 'vitest';
import { alertCounts, allVms, createSelectors, fencingReadiness, multipathMatrix, nodeSummary, resourceRows, selectorsOf, vmDuplicates } from './selectors.js';
import type { VdState } from './types.js';
import type { VmRuntime } from '../model/vm.js';
import { FIXTURE_NOW, fixtureState, mkFenceEvent, mkMaps, mkVm, mkVmResource } from '../../test/support/store/test-fixtures.js';

describe('allVms', () => {
  it('lists every VM on every node joined with its Pacemaker resource', () => {
    const s = fixtureState();
    const rows = allVms(s);
    const running = rows.filter((r) => r.state === 'running').map((r) => [r.name, r.node, r.resource?.id ?? null]);
    expect(running).toEqual([
      ['web1', 'kvm-n1', 'vm-web1'],
      ['mail', 'kvm-n1', 'vm_mail'],
      ['web2', 'kvm-n2', 'vm-web2'],
      ['scratch', 'kvm-n2', null],
      ['db1', 'kvm-n3', 'vm-db1'],
      ['app1', 'kvm-n4', 'res-app1'],
    ]);
    expect(rows.find((r) => r.key === 'kvm-n3/web1')).toMatchObject({ state: 'shut off', resource: { id: 'vm-web1', role: 'Started', nodes: ['kvm-n1'], managed: true, failed: false } });
    expect(rows.find((r) => r.name === 'db1' && r.node === 'kvm-n3')).toMatchObject({ vcpus: 8, memoryKb: 32 * 1024 * 1024, cpuPct: 7.5, diskReadLatencyMs: 0.8 });
  });

  it('matches exact ids and each prefix; never a VirtualDomain id that merely contains the name', () => {
    const s = fixtureState();
    const names = ['exact1', 'rsc1', 'p1', 'vmu1', 'odd'];
    s.nodes['kvm-n1']!.vms = names.map((n) => mkVm(n, 'kvm-n1'));
    s.cluster.crm!.resources.push(
      mkVmResource('exact1', 'kvm-n1'),
      mkVmResource('rsc_rsc1', 'kvm-n1'),
      mkVmResource('p_p1', 'kvm-n1'),
      mkVmResource('vm_vmu1', 'kvm-n1'),
      mkVmResource('kvm-guest-odd-01', 'kvm-n1'),
    );
    expect(allVms(s).filter((r) => r.node === 'kvm-n1').map((r) => r.resource?.id)).toEqual(['exact1', 'rsc_rsc1', 'p_p1', 'vm_vmu1', undefined]);
  });

  it('is memoised per store: same inputs → same array; changed VMs → new array', () => {
    const { allVms } = createSelectors();
    const s = fixtureState();
    const a = allVms(s);
    expect(allVms({ ...s, alerts: [] })).toBe(a);
    const s2 = { ...s, nodes: { ...s.nodes, 'kvm-n1': { ...s.nodes['kvm-n1']!, vms: [] } } };
    expect(allVms(s2)).not.toBe(a);
    expect(allVms(s2).some((r) => r.node === 'kvm-n1')).toBe(false);
  });

  it("a node's new VM list keeps the row objects of the VMs that did not change", () => {
    const { allVms } = createSelectors();
    const s = fixtureState();
    const before = allVms(s).filter((r) => r.node === 'kvm-n1');
    const [first, ...rest] = s.nodes['kvm-n1']!.vms!;
    const changed = { ...first!, cpuPct: 99 };
    const s2 = { ...s, nodes: { ...s.nodes, 'kvm-n1': { ...s.nodes['kvm-n1']!, vms: [changed, ...rest] } } };
    const after = allVms(s2).filter((r) => r.node === 'kvm-n1');
    expect(after[0]).not.toBe(before[0]);
    expect(after[0]).toMatchObject({ name: first!.name, cpuPct: 99, key: before[0]!.key, resource: before[0]!.resource });
    after.slice(1).forEach((r, i) => expect(r).toBe(before[i + 1]));
    // A changed resource list makes new rows, with the new resource.
    const res = s2.cluster.crm!.resources.map((r) => (r.id === before[0]!.resource?.id ? { ...r, role: 'Stopped' } : r));
    const s3 = { ...s2, cluster: { ...s2.cluster, crm: { ...s2.cluster.crm!, resources: res } } };
    expect(allVms(s3).find((r) => r.key === before[0]!.key)?.resource?.role).toBe('Stopped');
  });
});

describe('vmDuplicates', () => {
  it('finds VMs running on more than one node', () => {
    const s = fixtureState();
    expect(vmDuplicates(s)).toEqual([]);
    s.nodes['kvm-n4']!.vms = [...s.nodes['kvm-n4']!.vms!.filter((v) => v.name !== 'db1'), mkVm('db1', 'kvm-n4')];
    expect(vmDuplicates({ ...s, nodes: { ...s.nodes } })).toEqual([{ name: 'db1', nodes: ['kvm-n3', 'kvm-n4'] }]);
  });
});

describe('nodeSummary', () => {
  it('joins Pacemaker, connection, host and alerts per node', () => {
    const s = fixtureState();
    s.cluster.crm!.nodes[1]!.standby = true;
    s.nodes['kvm-n3']!.conn.status = 'down';
    s.alerts = [{ id: 'x', rule: 'cpu', severity: 'warning', node: 'kvm-n1', subject: 'kvm-n1', message: 'm', since: 0, acknowledged: false }];
    const rows = nodeSummary(s, FIXTURE_NOW);
    expect(rows.map((r) => r.name)).toEqual(['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4']);
    expect(rows[0]).toMatchObject({ isDc: true, online: true, reachable: true, cpuPct: 20, memUsedPct: 50, vmsRunning: 2, alerts: { critical: 0, warning: 1, info: 0 } });
    expect(rows[0]!.fresh.state).toBe('live');
    expect(rows[1]!.standby).toBe(true);
    expect(rows[2]!.reachable).toBe(false);
  });
});

describe('resourceRows', () => {
  it('flattens with depth and unique keys', () => {
    const rows = resourceRows(fixtureState());
    const clone = rows.findIndex((r) => r.id === 'base-clone');
    expect(rows[clone]!.depth).toBe(0);
    expect(rows.slice(clone + 1, clone + 5).map((r) => [r.id, r.depth, r.nodes[0], r.parent])).toEqual([
      ['dlm', 1, 'kvm-n1', 'base-clone'],
      ['dlm', 1, 'kvm-n2', 'base-clone'],
      ['dlm', 1, 'kvm-n3', 'base-clone'],
      ['dlm', 1, 'kvm-n4', 'base-clone'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});

describe('multipathMatrix', () => {
  it('LUN × node with health, paths, dm device and await', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdc']);
    s.nodes['kvm-n4']!.multipath = mkMaps().slice(0, 1);
    const m = multipathMatrix(s);
    expect(m.luns.map((l) => [l.name, l.worst])).toEqual([
      ['mpatha', 'ok'],
      ['mpathb', 'critical'],
    ]);
    expect(m.luns[1]!.cells['kvm-n2']).toEqual({ health: 'degraded', active: 1, total: 2, dm: 'dm-1', alias: 'mpathb', awaitMs: 2 });
    expect(m.luns[1]!.cells['kvm-n4']).toBeUndefined();
    expect(m.luns[0]!.cells['kvm-n1']!.awaitMs).toBe(1.2);
  });
});

describe('fencingReadiness', () => {
  it('all nodes ready in the fixture', () => {
    const f = fencingReadiness(fixtureState());
    expect(f.stonithEnabled).toBe(true);
    expect(f.nodes.map((n) => [n.node, n.status])).toEqual([
      ['kvm-n1', 'ready'],
      ['kvm-n2', 'ready'],
      ['kvm-n3', 'ready'],
      ['kvm-n4', 'ready'],
    ]);
    expect(f.nodes[0]).toMatchObject({ devices: ['fence-kvm-n1'], devicesKnown: true, watchdog: true, sbdSlot: { slot: 0, message: 'clear' } });
  });

  it('explains degraded and not-fenceable nodes', () => {
    const s = fixtureState();
    s.cluster.stonithTargets![1]!.devices = [];
    s.nodes['kvm-n3']!.sbd!.watchdog.present = false;
    s.nodes['kvm-n3']!.sbd!.devices[0]!.slots[2]!.message = 'reset';
    s.cluster.crm!.fenceHistory = [mkFenceEvent('kvm-n4', { status: 'failed' })];
    const byNode = Object.fromEntries(fencingReadiness(s).nodes.map((n) => [n.node, n]));
    expect(byNode['kvm-n2']).toMatchObject({ status: 'not-fenceable', reasons: ['no stonith device can fence it (stonith_admin --list)'] });
    expect(byNode['kvm-n3']).toMatchObject({ status: 'degraded', reasons: ['sbd slot message "reset"', 'no watchdog'] });
    expect(byNode['kvm-n4']!.status).toBe('degraded');
    expect(byNode['kvm-n4']!.recentFailures).toHaveLength(1);
    s.cluster.crm!.summary.stonithEnabled = false;
    expect(fencingReadiness({ ...s, cluster: { ...s.cluster, crm: { ...s.cluster.crm! } } }).nodes.every((n) => n.status === 'not-fenceable')).toBe(true);
  });

  it('a stopped fence device degrades the node it fences', () => {
    const s = fixtureState();
    Object.assign(s.cluster.crm!.resources.find((r) => r.id === 'fence-kvm-n1')!, { nodes: [], active: false, role: 'Stopped' });
    const n1 = fencingReadiness(s).nodes[0]!;
    expect(n1.status).toBe('not-fenceable');
    expect(n1.reasons).toEqual(['stonith device fence-kvm-n1 Stopped', 'every device able to fence it is stopped or failed']);
  });
});

describe('alertCounts', () => {
  it('counts per severity and unacknowledged', () => {
    const s = fixtureState();
    const a = (id: string, severity: 'critical' | 'warning' | 'info', acknowledged = false) => ({ id, rule: 'r', severity, subject: id, message: id, since: 0, acknowledged });
    s.alerts = [a('1', 'critical'), a('2', 'critical', true), a('3', 'warning'), a('4', 'info')];
    expect(alertCounts(s)).toEqual({ critical: 2, warning: 1, info: 1, unacked: { critical: 1, warning: 1, info: 1 }, total: 4 });
  });
});

describe('selectors per store', () => {
  /** Two clusters with the same node names (context switching keeps both stores in one process). */
  const twoStores = () => {
    const a = fixtureState();
    const b = fixtureState();
    b.nodes['kvm-n1']!.vms = [mkVm('web1', 'kvm-n1', 'shut off'), mkVm('other', 'kvm-n1')];
    return { a, b, selA: selectorsOf({}), selB: selectorsOf({}) };
  };
  const withVms = (s: VdState, node: string, vms: VmRuntime[]): VdState => ({ ...s, nodes: { ...s.nodes, [node]: { ...s.nodes[node]!, vms } } });

  it('each store gets its own rows, kept across the other store being read', () => {
    const { a, b, selA, selB } = twoStores();
    const rowsA = selA.vmsByNode(a);
    const rowsB = selB.vmsByNode(b);
    expect(rowsB[0]!.map((r) => `${r.name} ${r.state}`)).toEqual(['web1 shut off', 'other running']);
    expect(rowsA[0]!.map((r) => r.name)).toEqual(a.nodes['kvm-n1']!.vms!.map((v) => v.name));
    // Store A: kvm-n2 reports; kvm-n1's rows are the very same objects (not rebuilt because B was read in between).
    const a2 = withVms(a, 'kvm-n2', a.nodes['kvm-n2']!.vms!.map((v) => ({ ...v, cpuPct: 50 })));
    selB.vmsByNode(withVms(b, 'kvm-n2', []));
    const rowsA2 = selA.vmsByNode(a2);
    expect(rowsA2[0]).toBe(rowsA[0]);
    expect(selA.allVms(a2)).toBe(selA.allVms(a2));
    expect(selB.vmsByNode(b)[0]).toBe(rowsB[0]);
  });

  it('selectorsOf gives one set per store', () => {
    const store = {};
    expect(selectorsOf(store)).toBe(selectorsOf(store));
    expect(selectorsOf({})).not.toBe(selectorsOf(store));
  });

  it('a selector whose input changes is recomputed', () => {
    const sel = createSelectors();
    const s = fixtureState();
    expect(sel.allVms(s).find((r) => r.name === 'web1' && r.node === 'kvm-n1')?.resource?.id).toBe('vm-web1');
    // The naming rule is an input: the same VMs and resources, matched again.
    const s2 = { ...s, cluster: { ...s.cluster, vmResourceName: 'x-{name}' } };
    expect(sel.allVms(s2).find((r) => r.name === 'web1' && r.node === 'kvm-n1')?.resource).toBeUndefined();
    // A node's sbd is an input of the fencing view.
    const f = sel.fencingReadiness(s);
    const n2 = s.nodes['kvm-n2']!;
    const s3 = { ...s, nodes: { ...s.nodes, 'kvm-n2': { ...n2, sbd: { ...n2.sbd!, watchdog: { present: false } } } } };
    expect(sel.fencingReadiness({ ...s, alerts: [] })).toBe(f);
    expect(sel.fencingReadiness(s3).nodes.find((n) => n.node === 'kvm-n2')?.reasons).toContain('no watchdog');
  });
});
