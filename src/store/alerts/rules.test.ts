import { describe, expect, it } from 'vitest';
import { deriveAlerts, emptyAlertMemory } from '../alerts.js';
import { DEFAULT_THRESHOLDS, type NodeSlice, type Thresholds, type VdState } from '../types.js';
import { FIXTURE_NOW, fixtureState, mkBonds, mkFailedAction, mkIoDev, mkLinks, mkMaps, mkVm } from '../../../test/support/store/test-fixtures.js';
import { ALERT_RULES } from './index.js';
import type { AlertRule } from './rule.js';

// Every rule gets a case: a change to the healthy fixture (immutable, as the store makes them)
// that makes it raise. A rule without a case fails below, so each rule's inputs are checked.
const T: Thresholds = { ...DEFAULT_THRESHOLDS, raiseAfter: 1, mismatchGraceMs: 0 };
const LATER = FIXTURE_NOW + 10 * 60_000;

const node = (s: VdState, name: string, patch: (n: NodeSlice) => Partial<NodeSlice>): VdState => ({ ...s, nodes: { ...s.nodes, [name]: { ...s.nodes[name]!, ...patch(s.nodes[name]!) } } });
const crm = (s: VdState, patch: (c: NonNullable<VdState['cluster']['crm']>) => Partial<NonNullable<VdState['cluster']['crm']>>): VdState => ({
  ...s,
  cluster: { ...s.cluster, crm: { ...s.cluster.crm!, ...patch(s.cluster.crm!) } },
});
/** Every source of every node and the cluster polled at `now` (live, usable VM lists). */
const polledAt = (s: VdState, now: number): VdState => ({
  ...s,
  nodes: Object.fromEntries(Object.entries(s.nodes).map(([k, n]) => [k, { ...n, fresh: Object.fromEntries(Object.entries(n.fresh).map(([src, f]) => [src, { ...f, lastOk: now }])) }])),
  cluster: { ...s.cluster, fresh: Object.fromEntries(Object.entries(s.cluster.fresh).map(([src, f]) => [src, { ...f, lastOk: now }])) },
});

interface Case {
  change: (s: VdState) => VdState;
  /** The derivation's time (default: the fixture's). */
  now?: number;
}
const CASES: Record<string, Case> = {
  iostat: { change: (s) => polledAt(node(s, 'kvm-n2', (n) => ({ io: [{ ...mkIoDev('dm-0', 80), alias: 'mpatha' }, ...n.io!.slice(1)] })), FIXTURE_NOW + 1) },
  host: { change: (s) => polledAt(node(s, 'kvm-n2', (n) => ({ host: { ...n.host!, cpu: { ...n.host!.cpu!, busyPct: 99 } } })), FIXTURE_NOW + 1) },
  unreachable: { change: (s) => node(s, 'kvm-n4', (n) => ({ conn: { ...n.conn, status: 'down', error: { kind: 'timeout', message: 'timed out' } } })) },
  mpath: { change: (s) => node(s, 'kvm-n2', () => ({ multipath: mkMaps(['sdb']) })) },
  sbd: { change: (s) => node(s, 'kvm-n2', (n) => ({ sbd: { ...n.sbd!, watchdog: { present: false } } })) },
  bond: { change: (s) => node(s, 'kvm-n1', () => ({ bonds: mkBonds('eno1') })) },
  'corosync-link': { change: (s) => node(s, 'kvm-n1', () => ({ corosyncLinks: mkLinks('kvm-n1', undefined, [2]) })) },
  'stale-node': {
    change: (s) => node(s, 'kvm-n2', (n) => ({ fresh: { ...n.fresh, multipath: { ...n.fresh.multipath!, lastOk: FIXTURE_NOW - 1000, error: 'multipathd: timeout', errorAt: FIXTURE_NOW } } })),
    now: LATER,
  },
  'vm-record': { change: (s) => node(s, 'kvm-n3', () => ({ vmProblems: [{ subject: 'broken', message: 'unreadable record' }] })) },
  'vm-mismatch': { change: (s) => node(s, 'kvm-n2', (n) => ({ vms: [...n.vms!, mkVm('web1', 'kvm-n2')] })) },
  'stale-cluster': { change: (s) => ({ ...s, cluster: { ...s.cluster, fresh: { ...s.cluster.fresh, stonith: { ...s.cluster.fresh.stonith!, lastOk: FIXTURE_NOW - 1000, error: 'no fencer', errorAt: FIXTURE_NOW } } } }), now: LATER },
  'unfinished-action': { change: (s) => ({ ...s, cluster: { ...s.cluster, unfinishedActions: [{ id: 'a1', node: 'kvm-n1', summary: 'node.standby kvm-n1 interrupted', detail: ['step 1 of 2 ran'] }] } }) },
  quorum: { change: (s) => crm(s, (c) => ({ summary: { ...c.summary, withQuorum: false } })) },
  'stonith-disabled': { change: (s) => crm(s, (c) => ({ summary: { ...c.summary, stonithEnabled: false } })) },
  'pcmk-node': { change: (s) => crm(s, (c) => ({ nodes: c.nodes.map((n) => (n.name === 'kvm-n4' ? { ...n, online: false } : n)) })) },
  fenceability: { change: (s) => ({ ...s, cluster: { ...s.cluster, stonithTargets: [{ target: 'kvm-n1', devices: [] }, { target: 'kvm-n2', devices: [], error: 'no answer' }] } }) },
  'failed-action': { change: (s) => crm(s, () => ({ failedActions: [mkFailedAction('vm-web1', 'kvm-n1')] })) },
  'lvm-lockspace': { change: (s) => node(s, 'kvm-n2', (n) => ({ vms: n.vms!.map((v) => ({ ...v, disks: [`/dev/vg_vms/${v.name}`] })), lvm: { lvmlockd: true, lockspaces: [], vgs: [{ name: 'vg_vms', shared: true, lockType: 'dlm', lvs: [] }] } })) },
  'vm-dup': { change: (s) => node(s, 'kvm-n2', (n) => ({ vms: [...n.vms!, mkVm('web1', 'kvm-n2')] })) },
};

/** `rule` with its evaluate handed a proxy that records which inputs it reads. */
function recording(rule: AlertRule, read: Set<string>): AlertRule {
  const watch = (v: object): object => new Proxy(v, { get: (o, k, r) => (typeof k === 'string' && read.add(k), Reflect.get(o, k, r)) });
  return rule.scope === 'node'
    ? { ...rule, evaluate: (v: object, n: string, ctx: never) => rule.evaluate(watch(v) as never, n, ctx) }
    : { ...rule, evaluate: (v: object, ctx: never) => rule.evaluate(watch(v) as never, ctx) };
}

describe('alert rules', () => {
  it('have unique ids, and each has a case here', () => {
    const ids = ALERT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !CASES[id])).toEqual([]);
  });

  for (const rule of ALERT_RULES) {
    describe(rule.id, () => {
      const c = CASES[rule.id];
      const bad = () => c!.change(fixtureState());
      const now = c?.now ?? FIXTURE_NOW;

      it('raises on its case and reads exactly its declared inputs', () => {
        const read = new Set<string>();
        const d = deriveAlerts(bad(), emptyAlertMemory(), T, now, [recording(rule, read)]);
        expect(d.alerts.length).toBeGreaterThan(0);
        expect([...read].sort()).toEqual(Object.keys(rule.inputs).sort());
      });

      it('is evaluated again when its inputs change (no stale result from the memo)', () => {
        const healthy = fixtureState();
        const first = deriveAlerts(healthy, emptyAlertMemory(), T, now);
        const s = { ...bad(), alerts: first.alerts };
        const incremental = deriveAlerts(s, first.memory, T, now);
        const scratch = deriveAlerts(s, emptyAlertMemory(), T, now);
        expect(incremental.alerts).toEqual(scratch.alerts);
        expect(incremental.alerts.length).toBeGreaterThan(first.alerts.length);
      });
    });
  }
});
