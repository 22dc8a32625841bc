import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtureState } from '../../../../test/support/store/test-fixtures.js';
import { toSnapshot, formatSnapshotText } from '../../../store/snapshot.js';
import { fencingReadiness } from '../../../store/selectors.js';
import { fenceRows } from './rows.js';

const NOT_ANSWERING = 'fencer not answering on kvm-n3: Could not connect to fencer: Transport endpoint is not connected';

function state() {
  const s = fixtureState();
  s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ ...t, via: t.target === 'kvm-n1' ? 'kvm-n2' : 'kvm-n1' }));
  s.cluster.stonithTargets[1] = { target: 'kvm-n2', devices: [], error: NOT_ANSWERING };
  return s;
}

describe('fencing pane, readiness and snapshot name the node that answered', () => {
  it('one row per target: devices and the node asked, or the fencer error (not "no device")', () => {
    const s = state();
    const rows = fenceRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, cluster: s.cluster }, FIXTURE_NOW);
    expect(rows.find((r) => r.id === 'target:kvm-n1')!.cells.slice(0, 5)).toEqual(['target', 'kvm-n1', 'kvm-n2', '● 1 device', 'fence-kvm-n1']);
    expect(rows.find((r) => r.id === 'target:kvm-n2')!.cells.slice(0, 5)).toEqual(['target', 'kvm-n2', '-', '⚠ unknown', NOT_ANSWERING]);
    s.cluster.stonithTargets![2] = { target: 'kvm-n3', devices: [], via: 'kvm-n1' };
    const none = fenceRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, cluster: s.cluster }, FIXTURE_NOW).find((r) => r.id === 'target:kvm-n3')!;
    expect(none.cells.slice(3, 5)).toEqual(['✖ NO DEVICE', 'stonith_admin --list kvm-n3 on kvm-n1: none']);
  });

  it('readiness: unknown is degraded with the fencer error; snapshot --json carries via and error', () => {
    const s = state();
    const fr = fencingReadiness(s);
    const n2 = fr.nodes.find((n) => n.node === 'kvm-n2')!;
    expect(n2).toMatchObject({ status: 'degraded', devicesKnown: false, error: NOT_ANSWERING, reasons: [`cannot tell which devices can fence it: ${NOT_ANSWERING}`] });
    expect(fr.nodes.find((n) => n.node === 'kvm-n1')).toMatchObject({ status: 'ready', via: 'kvm-n2', devicesKnown: true });
    const snap = toSnapshot(s, FIXTURE_NOW);
    expect(snap.fencing.nodes.find((n) => n.node === 'kvm-n1')?.via).toBe('kvm-n2');
    expect(snap.fencing.nodes.find((n) => n.node === 'kvm-n2')?.error).toBe(NOT_ANSWERING);
    const text = formatSnapshotText(snap);
    expect(text).toContain('kvm-n1         ready (asked kvm-n2)');
    expect(text).toContain(`kvm-n2         degraded: cannot tell which devices can fence it: ${NOT_ANSWERING}`);
  });
});
