import { describe, expect, it } from 'vitest';
import { deriveAlerts, emptyAlertMemory, type AlertMemory } from './alerts.js';
import { DEFAULT_THRESHOLDS, type VdState } from './types.js';
import { FIXTURE_NOW, fixtureState, mkBonds, mkFailedAction, mkLinks, mkMaps, mkVm } from '../../test/support/store/test-fixtures.js';

const T = DEFAULT_THRESHOLDS;
const ids = (s: { alerts: { id: string }[] }) => s.alerts.map((a) => a.id).sort();

/** Feeds one new iostat/host sample per call (advancing lastOk) and re-derives. */
function runner(state: VdState) {
  let memory: AlertMemory = emptyAlertMemory();
  let now = FIXTURE_NOW;
  return {
    state,
    sample(mut: (s: VdState) => void = () => {}) {
      now += 1000;
      mut(state);
      for (const n of Object.values(state.nodes)) {
        n.fresh.iostat!.lastOk = now;
        n.fresh.host!.lastOk = now;
      }
      const d = deriveAlerts(state, memory, T, now);
      memory = d.memory;
      state.alerts = d.alerts;
      return d;
    },
    derive() {
      const d = deriveAlerts(state, memory, T, now);
      memory = d.memory;
      state.alerts = d.alerts;
      return d;
    },
  };
}

const setAwait = (s: VdState, node: string, dev: string, ms: number) => {
  const d = s.nodes[node]!.io!.find((x) => x.device === dev)!;
  d.rAwait = ms;
  d.wAwait = ms / 2;
};

describe('deriveAlerts: the healthy fixture', () => {
  it('raises nothing', () => {
    const d = deriveAlerts(fixtureState(), emptyAlertMemory(), T, FIXTURE_NOW);
    expect(d.alerts).toEqual([]);
    expect(d.raised).toEqual([]);
  });
});

describe('metric rules: consecutive samples and hysteresis', () => {
  it('await raises after raiseAfter samples, escalates, and clears only below threshold × (1 − h)', () => {
    const r = runner(fixtureState());
    expect(r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 15)).raised).toEqual([]);
    expect(r.sample().raised).toEqual([]);
    const third = r.sample();
    expect(third.raised.map((a) => a.id)).toEqual(['await:kvm-n2:mpatha']);
    expect(third.alerts[0]).toMatchObject({ severity: 'warning', node: 'kvm-n2', subject: 'mpatha', value: 15, since: FIXTURE_NOW + 3000 });

    // Re-deriving without a new sample does not count.
    r.derive();
    r.derive();
    expect(r.state.alerts[0]!.severity).toBe('warning');

    r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 25));
    r.sample();
    const esc = r.sample();
    expect(esc.alerts[0]).toMatchObject({ id: 'await:kvm-n2:mpatha', severity: 'critical', since: FIXTURE_NOW + 3000 });
    expect(esc.raised.map((a) => a.id)).toEqual(['await:kvm-n2:mpatha']);

    // 9.5 ms is below 10 but not below 9 (10 × 0.9): the warning holds.
    for (let i = 0; i < 5; i++) r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 9.5));
    expect(ids(r.state)).toEqual(['await:kvm-n2:mpatha']);
    expect(r.state.alerts[0]!.severity).toBe('warning');

    r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 2));
    r.sample();
    const cleared = r.sample();
    expect(cleared.cleared.map((a) => a.id)).toEqual(['await:kvm-n2:mpatha']);
    expect(cleared.alerts).toEqual([]);
  });

  it('a spike shorter than raiseAfter never raises', () => {
    const r = runner(fixtureState());
    r.sample((s) => setAwait(s, 'kvm-n1', 'dm-1', 50));
    r.sample();
    r.sample((s) => setAwait(s, 'kvm-n1', 'dm-1', 1));
    r.sample((s) => setAwait(s, 'kvm-n1', 'dm-1', 50));
    expect(r.state.alerts).toEqual([]);
  });

  it('local disks are not watched by the await rule', () => {
    const r = runner(fixtureState());
    for (let i = 0; i < 4; i++) r.sample((s) => setAwait(s, 'kvm-n1', 'sda', 80));
    expect(r.state.alerts).toEqual([]);
  });

  it('util, cpu, mem and hugepages', () => {
    const r = runner(fixtureState());
    for (let i = 0; i < 3; i++)
      r.sample((s) => {
        s.nodes['kvm-n3']!.io!.find((d) => d.device === 'dm-1')!.util = 99;
        s.nodes['kvm-n3']!.host!.cpu!.busyPct = 91;
        s.nodes['kvm-n3']!.host!.mem.memAvailableKb = s.nodes['kvm-n3']!.host!.mem.memTotalKb * 0.05;
        s.nodes['kvm-n3']!.host!.hugepages = [
          { sizeKb: 2048, total: 1024, free: 3 },
          { sizeKb: 1048576, total: 0, free: 0 },
        ];
      });
    expect(ids(r.state)).toEqual(['cpu:kvm-n3:kvm-n3', 'hugepages:kvm-n3:2048kB', 'mem:kvm-n3:kvm-n3', 'util:kvm-n3:mpathb']);
    expect(r.state.alerts.every((a) => a.severity === 'warning')).toBe(true);
    // free 5 is not < 5 and not > 5.5: hugepages alert holds
    for (let i = 0; i < 3; i++) r.sample((s) => (s.nodes['kvm-n3']!.host!.hugepages[0]!.free = 5));
    expect(ids(r.state)).toContain('hugepages:kvm-n3:2048kB');
    for (let i = 0; i < 3; i++) r.sample((s) => (s.nodes['kvm-n3']!.host!.hugepages[0]!.free = 100));
    expect(ids(r.state)).not.toContain('hugepages:kvm-n3:2048kB');
  });
});

describe('state rules', () => {
  // No grace here: each rule's condition is checked on its own; the grace has its own test.
  const derive = (mut: (s: VdState) => void) => {
    const s = fixtureState();
    mut(s);
    return deriveAlerts(s, emptyAlertMemory(), { ...T, mismatchGraceMs: 0 }, FIXTURE_NOW);
  };
  const pick = (d: { alerts: { id: string; severity: string }[] }) => Object.fromEntries(d.alerts.map((a) => [a.id, a.severity]));

  it('multipath: faulty path → warning, no active path → critical', () => {
    expect(pick(derive((s) => (s.nodes['kvm-n2']!.multipath = mkMaps(['sdb']))))).toEqual({ 'mpath:kvm-n2:mpatha': 'warning' });
    expect(pick(derive((s) => (s.nodes['kvm-n2']!.multipath = mkMaps(['sdb', 'sdd']))))).toEqual({ 'mpath:kvm-n2:mpatha': 'critical' });
  });

  it('VM running on two nodes → critical; also libvirt ≠ Pacemaker there', () => {
    const d = derive((s) => {
      s.nodes['kvm-n2']!.vms = s.nodes['kvm-n2']!.vms!.map((v) => (v.name === 'web1' ? mkVm('web1', 'kvm-n2') : v));
    });
    expect(pick(d)).toEqual({ 'vm-dup:web1': 'critical', 'vm-mismatch:kvm-n2:web1': 'warning' });
    expect(d.alerts[0]!.message).toContain('kvm-n1, kvm-n2');
  });

  it('a dead node or stale VM list takes no part in duplicate/mismatch checks (failover)', () => {
    const d = derive((s) => {
      // kvm-n4 died; Pacemaker restarted app1 on kvm-n3; kvm-n4's last VM list still says running.
      s.nodes['kvm-n4']!.conn.status = 'down';
      Object.assign(s.cluster.crm!.resources.find((r) => r.id === 'res-app1')!, { nodes: ['kvm-n3'] });
      s.nodes['kvm-n3']!.vms = s.nodes['kvm-n3']!.vms!.map((v) => (v.name === 'app1' ? mkVm('app1', 'kvm-n3') : v));
    });
    expect(pick(d)).toEqual({ 'unreachable:kvm-n4:kvm-n4': 'critical' });
    const stale = derive((s) => {
      s.nodes['kvm-n4']!.fresh.vms!.lastOk = FIXTURE_NOW - 600_000;
      Object.assign(s.cluster.crm!.resources.find((r) => r.id === 'res-app1')!, { nodes: ['kvm-n3'] });
      s.nodes['kvm-n3']!.vms = s.nodes['kvm-n3']!.vms!.map((v) => (v.name === 'app1' ? mkVm('app1', 'kvm-n3') : v));
    });
    expect(pick(stale)).toEqual({});
  });

  it('resource Started on a node where the domain is not running → warning', () => {
    const d = derive((s) => {
      s.nodes['kvm-n3']!.vms = s.nodes['kvm-n3']!.vms!.map((v) => (v.name === 'db1' ? { ...v, state: 'shut off' } : v));
    });
    expect(pick(d)).toEqual({ 'vm-mismatch:kvm-n3:db1': 'warning' });
  });

  it('libvirt ≠ Pacemaker is held back for the grace period (polls disagree briefly during every move)', () => {
    const s = fixtureState();
    s.nodes['kvm-n3']!.vms = s.nodes['kvm-n3']!.vms!.map((v) => (v.name === 'db1' ? { ...v, state: 'shut off' } : v));
    const first = deriveAlerts(s, emptyAlertMemory(), T, FIXTURE_NOW);
    expect(first.alerts.map((a) => a.id)).not.toContain('vm-mismatch:kvm-n3:db1');
    // New polls keep arriving (and keep disagreeing) while the grace runs.
    const polled = (t: number) => {
      for (const n of Object.values(s.nodes)) n.fresh.vms!.lastOk = t;
      s.cluster.fresh.pacemaker!.lastOk = t;
      return t;
    };
    const early = deriveAlerts(s, first.memory, T, polled(FIXTURE_NOW + T.mismatchGraceMs - 1));
    expect(early.alerts.map((a) => a.id)).not.toContain('vm-mismatch:kvm-n3:db1');
    const late = deriveAlerts(s, early.memory, T, polled(FIXTURE_NOW + T.mismatchGraceMs));
    expect(late.alerts.map((a) => a.id)).toContain('vm-mismatch:kvm-n3:db1');
    // Resolved before the grace ran out: forgotten, so a later mismatch waits the full grace again.
    s.nodes['kvm-n3']!.vms = s.nodes['kvm-n3']!.vms!.map((v) => (v.name === 'db1' ? { ...v, state: 'running' } : v));
    const gone = deriveAlerts(s, first.memory, T, FIXTURE_NOW + 1000);
    expect(gone.memory.firstSeen).toEqual({});
  });

  it('domain running where Pacemaker says Stopped → warning (matched through the res- prefix)', () => {
    const d = derive((s) => {
      const r = s.cluster.crm!.resources.find((x) => x.id === 'res-app1')!;
      r.nodes = [];
      r.role = 'Stopped';
      r.active = false;
    });
    expect(pick(d)).toEqual({ 'vm-mismatch:kvm-n4:app1': 'warning' });
  });

  it('unreachable node, OFFLINE/UNCLEAN node, no quorum, stonith disabled', () => {
    const d = derive((s) => {
      s.nodes['kvm-n4']!.conn = { ...s.nodes['kvm-n4']!.conn, status: 'down', error: { kind: 'unreachable', message: 'connect ECONNREFUSED' } };
      s.cluster.crm!.nodes[3]!.online = false;
      s.cluster.crm!.nodes[2]!.unclean = true;
      s.cluster.crm!.summary.withQuorum = false;
      s.cluster.crm!.summary.stonithEnabled = false;
    });
    expect(pick(d)).toEqual({
      'unreachable:kvm-n4:kvm-n4': 'critical',
      'pcmk-node:kvm-n4:kvm-n4': 'critical',
      'pcmk-node:kvm-n3:kvm-n3': 'critical',
      'quorum:cluster': 'critical',
      'stonith-disabled:cluster': 'critical',
    });
    expect(d.alerts.find((a) => a.id === 'unreachable:kvm-n4:kvm-n4')!.message).toBe('node kvm-n4 unreachable: connect ECONNREFUSED');
  });

  it('a node no stonith device can fence → critical (stonith_admin --list when known, else stonith resources)', () => {
    expect(pick(derive((s) => (s.cluster.stonithTargets![1]!.devices = [])))).toEqual({ 'unfenceable:kvm-n2:kvm-n2': 'critical' });
    const noRes = derive((s) => {
      delete s.cluster.stonithTargets;
      s.cluster.crm!.resources = s.cluster.crm!.resources.filter((r) => !r.agent?.startsWith('stonith:'));
    });
    expect(Object.keys(pick(noRes)).sort()).toEqual(['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'].map((n) => `unfenceable:${n}:${n}`));
  });

  it('failed actions, sbd, watchdog, bond, corosync link, erroring source', () => {
    const d = derive((s) => {
      s.cluster.crm!.failedActions = [mkFailedAction('vm-web2', 'kvm-n2'), mkFailedAction('vm-web2', 'kvm-n2')];
      s.nodes['kvm-n1']!.sbd!.devices[0]!.readable = false;
      s.nodes['kvm-n1']!.sbd!.watchdog.present = false;
      s.nodes['kvm-n2']!.bonds = mkBonds('eno2');
      s.nodes['kvm-n3']!.corosyncLinks = mkLinks('kvm-n3', undefined, [4]);
      s.nodes['kvm-n4']!.fresh.multipath = { intervalMs: 10_000, lastOk: FIXTURE_NOW - 60_000, error: 'multipathd: timeout', errorAt: FIXTURE_NOW - 1000, lastAttempt: FIXTURE_NOW - 1000 };
    });
    expect(pick(d)).toEqual({
      'failed-action:kvm-n2:vm-web2_monitor_10000': 'warning',
      'sbd-device:kvm-n1:/dev/disk/by-id/scsi-3600a0980sbd0001': 'warning',
      'watchdog:kvm-n1:kvm-n1': 'warning',
      'bond:kvm-n2:bond0/eno2': 'warning',
      'corosync-link:kvm-n3:link0/4': 'warning',
      'stale:kvm-n4:multipath': 'info',
    });
    expect(d.alerts.find((a) => a.rule === 'corosync-link')!.message).toBe('corosync link 0 from kvm-n3 to kvm-n4 disconnected');
  });

  it('a lost node is told once: no per-source "failing" alerts, no corosync links to it, reconnecting stays unreachable', () => {
    const d = derive((s) => {
      s.nodes['kvm-n4']!.conn = { ...s.nodes['kvm-n4']!.conn, status: 'connecting', attempts: 3, error: { kind: 'unreachable', message: 'connection refused' } };
      for (const f of Object.values(s.nodes['kvm-n4']!.fresh)) Object.assign(f!, { lastOk: FIXTURE_NOW - 60_000, error: 'node is down', errorAt: FIXTURE_NOW - 1000 });
      s.cluster.crm!.nodes[3]!.online = false;
      for (const n of ['kvm-n1', 'kvm-n2', 'kvm-n3']) s.nodes[n]!.corosyncLinks = mkLinks(n, undefined, [4]);
    });
    expect(pick(d)).toEqual({ 'unreachable:kvm-n4:kvm-n4': 'critical', 'pcmk-node:kvm-n4:kvm-n4': 'critical' });
  });

  it('hugepage sizes are written as people say them', () => {
    const r = runner(fixtureState());
    for (let i = 0; i < 3; i++) r.sample((s) => (s.nodes['kvm-n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 64, free: 0 }]));
    expect(r.state.alerts.map((a) => a.message)).toEqual(['kvm-n2 1G hugepages: 0 of 64 free (< 5)']);
  });

  it('a clearing metric alert says the value is back, not that it is still beyond the limit', () => {
    const r = runner(fixtureState());
    const pages = (free: number) => r.sample((s) => (s.nodes['kvm-n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 64, free }]));
    for (let i = 0; i < 3; i++) pages(0);
    pages(64);
    expect(r.state.alerts.map((a) => a.message)).toEqual(['kvm-n2 1G hugepages: 64 of 64 free (was < 5, clearing)']);
    // Inside the hysteresis band (5 is not < 5, not > 5.5): held, and it says when it clears.
    pages(5);
    expect(r.state.alerts.map((a) => a.message)).toEqual(['kvm-n2 1G hugepages: 5 of 64 free (was < 5, clears > 5.5)']);
    pages(0);
    expect(r.state.alerts.map((a) => a.message)).toEqual(['kvm-n2 1G hugepages: 0 of 64 free (< 5)']);
  });

  it('a clearing critical await names the level it is still over', () => {
    const r = runner(fixtureState());
    for (let i = 0; i < 3; i++) r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 30));
    expect(r.state.alerts[0]!.message).toBe('mpatha (dm-0) await 30 ms on kvm-n2 (> 20 ms)');
    r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 15));
    expect(r.state.alerts[0]).toMatchObject({ severity: 'critical', message: 'mpatha (dm-0) await 15 ms on kvm-n2 (> 10 ms, was > 20 ms, clearing)' });
    r.sample((s) => setAwait(s, 'kvm-n2', 'dm-0', 2));
    expect(r.state.alerts[0]!.message).toBe('mpatha (dm-0) await 2 ms on kvm-n2 (was > 20 ms, clearing)');
  });

  it('alerts are sorted critical first', () => {
    const d = derive((s) => {
      s.nodes['kvm-n2']!.bonds = mkBonds('eno2');
      s.cluster.crm!.summary.withQuorum = false;
    });
    expect(d.alerts.map((a) => a.severity)).toEqual(['critical', 'warning']);
  });
});

describe('alert identity across derivations', () => {
  it('keeps since and acknowledged while active; escalation resets ack; cleared alerts disappear', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdb']);
    const d1 = deriveAlerts(s, emptyAlertMemory(), T, FIXTURE_NOW);
    s.alerts = d1.alerts.map((a) => ({ ...a, acknowledged: true }));
    const d2 = deriveAlerts(s, d1.memory, T, FIXTURE_NOW + 5000);
    expect(d2.alerts[0]).toMatchObject({ since: FIXTURE_NOW, acknowledged: true });
    expect(d2.raised).toEqual([]);
    s.alerts = d2.alerts;
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdb', 'sdd']);
    const d3 = deriveAlerts(s, d2.memory, T, FIXTURE_NOW + 9000);
    expect(d3.alerts[0]).toMatchObject({ severity: 'critical', since: FIXTURE_NOW, acknowledged: false });
    s.alerts = d3.alerts;
    s.nodes['kvm-n2']!.multipath = mkMaps();
    const d4 = deriveAlerts(s, d3.memory, T, FIXTURE_NOW + 12000);
    expect(d4.alerts).toEqual([]);
    expect(d4.cleared.map((a) => a.id)).toEqual(['mpath:kvm-n2:mpatha']);
  });

  it('an unchanged alert keeps its object (stable for selectors)', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.bonds = mkBonds('eno1');
    const d1 = deriveAlerts(s, emptyAlertMemory(), T, FIXTURE_NOW);
    s.alerts = d1.alerts;
    const d2 = deriveAlerts(s, d1.memory, T, FIXTURE_NOW + 1000);
    expect(d2.alerts[0]).toBe(d1.alerts[0]);
  });

  it('custom thresholds apply', () => {
    const s = fixtureState();
    const r = deriveAlerts(s, emptyAlertMemory(), { ...T, cpuPct: 10, raiseAfter: 1 }, FIXTURE_NOW);
    expect(r.alerts.map((a) => a.id).sort()).toEqual(['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'].map((n) => `cpu:${n}:${n}`));
  });
});

describe('re-derivation reuses per-node results only while their inputs are unchanged', () => {
  /** The same derivation from a memory without any cached per-node result (counters kept). */
  const uncached = (m: AlertMemory): AlertMemory => ({ tracks: m.tracks, ...(m.firstSeen ? { firstSeen: m.firstSeen } : {}) });
  const same = (s: VdState, m: AlertMemory, now: number) => {
    const a = deriveAlerts(s, m, T, now);
    const b = deriveAlerts(s, uncached(m), T, now);
    expect(a.alerts).toEqual(b.alerts);
    expect(a.raised).toEqual(b.raised);
    expect(a.cleared).toEqual(b.cleared);
    expect(a.memory.tracks).toEqual(b.memory.tracks);
    s.alerts = a.alerts;
    return a;
  };

  it('gives what a derivation from scratch gives, through a sequence of immutable updates', () => {
    let s = fixtureState();
    let now = FIXTURE_NOW;
    let m = same(s, emptyAlertMemory(), now).memory;
    const update = (node: string, patch: Partial<VdState['nodes'][string]>) => {
      s = { ...s, nodes: { ...s.nodes, [node]: { ...s.nodes[node]!, ...patch } } };
    };
    const steps: (() => void)[] = [
      () => update('kvm-n2', { multipath: mkMaps(['sdb']) }),
      () => update('kvm-n1', { bonds: mkBonds('eno1') }),
      // a second node starts web1 (running on kvm-n1): duplicate + mismatch
      () => update('kvm-n2', { vms: [...s.nodes['kvm-n2']!.vms!, mkVm('web1', 'kvm-n2')] }),
      // CPU % changes only: a new VM list with the same running set
      () => update('kvm-n3', { vms: s.nodes['kvm-n3']!.vms!.map((v) => ({ ...v, cpuPct: 42 })) }),
      () => update('kvm-n2', { vms: s.nodes['kvm-n2']!.vms!.filter((v) => v.name !== 'web1') }),
      () => update('kvm-n2', { multipath: mkMaps() }),
      () => update('kvm-n4', { conn: { ...s.nodes['kvm-n4']!.conn, status: 'down' } }),
      () => (s = { ...s, cluster: { ...s.cluster, crm: { ...s.cluster.crm!, nodes: s.cluster.crm!.nodes.map((n) => (n.name === 'kvm-n4' ? { ...n, online: false } : n)) } } }),
      // cluster rules: quorum lost, then a node nothing can fence, then a failed action
      () => (s = { ...s, cluster: { ...s.cluster, crm: { ...s.cluster.crm!, summary: { ...s.cluster.crm!.summary, withQuorum: false } } } }),
      () => (s = { ...s, cluster: { ...s.cluster, stonithTargets: [{ target: 'kvm-n1', devices: [] }] } }),
      () => (s = { ...s, cluster: { ...s.cluster, crm: { ...s.cluster.crm!, failedActions: [mkFailedAction('vm-web1', 'kvm-n1')] } } }),
      () => (s = { ...s, cluster: { ...s.cluster, crm: { ...s.cluster.crm!, summary: { ...s.cluster.crm!.summary, withQuorum: true }, failedActions: [] } } }),
    ];
    const seen = new Set<string>();
    for (const step of steps) {
      step();
      now += T.mismatchGraceMs; // past the grace: held-back mismatches show too
      // every source polled again (live data, VM lists usable)
      const nodes = Object.fromEntries(Object.entries(s.nodes).map(([k, n]) => [k, { ...n, fresh: Object.fromEntries(Object.entries(n.fresh).map(([src, f]) => [src, { ...f, lastOk: now }])) }]));
      s = { ...s, nodes, cluster: { ...s.cluster, fresh: Object.fromEntries(Object.entries(s.cluster.fresh).map(([src, f]) => [src, { ...f, lastOk: now }])) } };
      const d = same(s, m, now);
      d.alerts.forEach((a) => seen.add(a.rule));
      m = d.memory;
    }
    expect([...seen].sort()).toEqual(['bond', 'failed-action', 'mpath', 'pcmk-node', 'quorum', 'unfenceable', 'unreachable', 'vm-dup', 'vm-mismatch']);
  });

  it('staleness is not cached: time alone turns a failing source into an alert', () => {
    const s = fixtureState();
    const f = s.nodes['kvm-n2']!.fresh;
    f.multipath = { ...f.multipath!, lastOk: FIXTURE_NOW - 1000, error: 'multipathd: timeout', errorAt: FIXTURE_NOW };
    const d1 = deriveAlerts(s, emptyAlertMemory(), T, FIXTURE_NOW);
    expect(d1.alerts.map((a) => a.id)).not.toContain('stale:kvm-n2:multipath');
    const d2 = deriveAlerts(s, d1.memory, T, FIXTURE_NOW + 3 * f.multipath.intervalMs);
    expect(d2.alerts.map((a) => a.id)).toContain('stale:kvm-n2:multipath');
  });
});

describe('a rule is evaluated again when anything it reads changes', () => {
  it('a new connection error with the same message but another summary is reworded', () => {
    let s = fixtureState();
    const down = (summary: string): VdState => ({ ...s, nodes: { ...s.nodes, 'kvm-n4': { ...s.nodes['kvm-n4']!, conn: { ...s.nodes['kvm-n4']!.conn, status: 'down', error: { kind: 'hostkey', message: '@@@@\nWARNING', summary } } } } });
    s = down('host key changed');
    const d1 = deriveAlerts(s, emptyAlertMemory(), T, FIXTURE_NOW);
    s = { ...down('host key CHANGED for 10.0.0.4'), alerts: d1.alerts };
    const d2 = deriveAlerts(s, d1.memory, T, FIXTURE_NOW + 1000);
    expect(d2.alerts.find((a) => a.rule === 'unreachable')?.message).toBe('node kvm-n4 unreachable: host key CHANGED for 10.0.0.4');
  });

  it('a new VM resource naming rule re-matches the VMs', () => {
    const s = fixtureState();
    const t = { ...T, mismatchGraceMs: 0 };
    const d1 = deriveAlerts(s, emptyAlertMemory(), t, FIXTURE_NOW);
    expect(d1.alerts).toEqual([]);
    // Under "x-{name}" no domain is vm-web1's: Pacemaker runs it, libvirt has no such domain.
    const s2 = { ...s, cluster: { ...s.cluster, vmResourceName: 'x-{name}' } };
    const d2 = deriveAlerts(s2, d1.memory, t, FIXTURE_NOW);
    expect(d2.alerts.map((a) => a.id)).toEqual(deriveAlerts(s2, emptyAlertMemory(), t, FIXTURE_NOW).alerts.map((a) => a.id));
    expect(d2.alerts.map((a) => a.id)).toContain('vm-mismatch:kvm-n1:vm-web1');
  });
});
