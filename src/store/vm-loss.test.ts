// Issue 14 item 3: after a confirmed fence, the fenced node's VM list is dead data. Its rows say
// "lost with node (fenced HH:MM)", and no VM is counted twice beside its restarted copy.
import { describe, expect, it } from 'vitest';
import { deriveAlerts, emptyAlertMemory } from './alerts.js';
import { checkResult } from './check.js';
import { allVms, vmsByNode } from './selectors.js';
import { formatSnapshotText, toSnapshot } from './snapshot.js';
import { FIXTURE_NOW, fixtureState, mkFenceEvent, mkVm } from '../../test/support/store/test-fixtures.js';
import type { VdState } from './types.js';
import { fenceTimeMs, nodeVmLoss } from './vm-loss.js';
import { vmRowsByNode } from '../ui/panes/vms/rows.js';

const FENCED_AT = FIXTURE_NOW - 30_000; // 07:59:30Z
const hhmm = (ms: number) => `${String(new Date(ms).getHours()).padStart(2, '0')}:${String(new Date(ms).getMinutes()).padStart(2, '0')}`;

/** kvm-n2 (web2 managed, scratch not) fenced 30 s ago; Pacemaker restarted web2 on kvm-n3. The
 *  console read kvm-n2's VMs 40 s ago, before the fence. */
function fencedCluster(opts: { connUp?: boolean; history?: boolean } = {}): VdState {
  const s = fixtureState();
  const crm = s.cluster.crm!;
  crm.nodes.find((n) => n.name === 'kvm-n2')!.online = false;
  if (opts.history !== false) crm.fenceHistory.push(mkFenceEvent('kvm-n2', { completed: '2026-11-24 07:59:30Z' }));
  crm.resources.find((r) => r.id === 'vm-web2')!.nodes = ['kvm-n3'];
  const n3 = s.nodes['kvm-n3']!;
  n3.vms = n3.vms!.map((v) => (v.name === 'web2' ? mkVm('web2', 'kvm-n3', 'running') : v));
  const n2 = s.nodes['kvm-n2']!;
  // A 60 s VM cadence: the pre-fence list still counts as fresh by age alone.
  n2.fresh.vms = { lastOk: FIXTURE_NOW - 40_000, lastAttempt: FIXTURE_NOW - 40_000, intervalMs: 60_000 };
  n2.conn = { ...n2.conn, status: opts.connUp ? 'up' : 'down' };
  return s;
}

const running = (s: VdState, name: string) => allVms(s).filter((v) => v.name === name && v.state === 'running' && !v.lost);

describe('fence times', () => {
  it('reads crm_mon and stonith_admin forms', () => {
    expect(fenceTimeMs('2026-11-24 07:59:30Z')).toBe(FENCED_AT);
    expect(fenceTimeMs('2026-11-24 08:59:30 +01:00')).toBe(FENCED_AT);
    expect(fenceTimeMs('2026-11-24 07:59:30 +00:00')).toBe(FENCED_AT);
    expect(fenceTimeMs('2026-11-24T07:59:30.250Z')).toBe(FENCED_AT + 250);
    expect(fenceTimeMs('2026-11-24 07:59:30')).toBe(FENCED_AT);
    expect(fenceTimeMs('yesterday')).toBeUndefined();
    expect(fenceTimeMs(undefined)).toBeUndefined();
  });
});

describe('VMs of a fenced node', () => {
  it(':vms rows say "lost with node (fenced HH:MM)", not "running?", beside the restarted copy', () => {
    const s = fencedCluster();
    const rows = vmRowsByNode(vmsByNode(s), s.nodes, FIXTURE_NOW);
    const web2 = rows.filter((r) => r.id === 'web2@kvm-n2' || r.id === 'web2@kvm-n3');
    expect(web2.map((r) => [r.id, r.cells[1]])).toEqual([
      ['web2@kvm-n2', `✖ lost with node (fenced ${hhmm(FENCED_AT)})`],
      ['web2@kvm-n3', '● running'],
    ]);
    expect(rows.find((r) => r.id === 'scratch@kvm-n2')!.cells[1]).toBe(`✖ lost with node (fenced ${hhmm(FENCED_AT)})`);
    expect(rows.find((r) => r.id === 'web2@kvm-n2')!.tone).toBe('muted');
    // A shut-off definition is still on the node's disk: not lost.
    expect(rows.find((r) => r.id === 'db1@kvm-n2')!.cells[1]).toBe('shut off?');
    expect(running(s, 'web2').map((v) => v.node)).toEqual(['kvm-n3']);
  });

  it('snapshot --json lists each VM once; the dead rows go to lostVms with the fence time', () => {
    const snap = toSnapshot(fencedCluster(), FIXTURE_NOW);
    expect(snap.vms.filter((v) => v.name === 'web2' && v.state === 'running').map((v) => v.node)).toEqual(['kvm-n3']);
    expect(snap.vms.filter((v) => v.node === 'kvm-n2').map((v) => v.state)).toEqual(['shut off', 'shut off', 'shut off', 'shut off']);
    const names = snap.vms.filter((v) => v.state === 'running').map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(snap.lostVms).toContainEqual({ name: 'web2', node: 'kvm-n2', lastState: 'running', why: `fenced ${hhmm(FENCED_AT)}`, fencedAt: '2026-11-24T07:59:30.000Z', resource: 'vm-web2' });
    expect(formatSnapshotText(snap)).toMatch(/VMs: 5 running, \d+ defined, \d+ lost with fenced nodes\n/);
  });

  it('check and alerts: no "running on 2 nodes" from a pre-fence list, even after SSH is back', () => {
    const s = fencedCluster({ connUp: true });
    const alerts = deriveAlerts(s, emptyAlertMemory(), s.thresholds, FIXTURE_NOW).alerts;
    expect(alerts.filter((a) => a.rule === 'vm-dup' || a.rule === 'vm-mismatch')).toEqual([]);
    expect(checkResult({ ...s, alerts }, FIXTURE_NOW).line).not.toMatch(/running on 2 nodes/);
  });

  it('a VM list read after the fence is live again', () => {
    const s = fencedCluster({ connUp: true });
    s.nodes['kvm-n2']!.fresh.vms!.lastOk = FENCED_AT + 5_000;
    expect(nodeVmLoss(s, 'kvm-n2')).toBeUndefined();
    expect(allVms(s).some((v) => v.lost)).toBe(false);
  });

  it("Pacemaker's own state without a fence record: offline and clean marks only managed VMs; unclean marks none", () => {
    const s = fencedCluster({ history: false });
    expect(nodeVmLoss(s, 'kvm-n2')).toEqual({ why: 'offline in Pacemaker', managedOnly: true });
    const n2 = allVms(s).filter((v) => v.node === 'kvm-n2');
    expect(n2.find((v) => v.name === 'web2')!.lost?.why).toBe('offline in Pacemaker');
    // Not managed by Pacemaker: nobody stopped it, it may still run there.
    expect(n2.find((v) => v.name === 'scratch')!.lost).toBeUndefined();
    s.cluster.crm!.nodes.find((n) => n.name === 'kvm-n2')!.unclean = true;
    expect(nodeVmLoss(s, 'kvm-n2')).toBeUndefined();
  });

  it('a failed fence, or an "on", is not a fence', () => {
    const s = fencedCluster();
    s.cluster.crm!.fenceHistory = [mkFenceEvent('kvm-n2', { status: 'failed', completed: '2026-11-24 07:59:30Z' }), mkFenceEvent('kvm-n2', { action: 'on', completed: '2026-11-24 07:59:30Z' })];
    s.cluster.crm!.nodes.find((n) => n.name === 'kvm-n2')!.unclean = true;
    expect(nodeVmLoss(s, 'kvm-n2')).toBeUndefined();
  });
});
