import { describe, expect, it } from 'vitest';
import { checkResult } from './check.js';
import { deriveAlerts, emptyAlertMemory } from './alerts.js';
import type { VdState } from './types.js';
import { FIXTURE_NOW, fixtureState, mkMaps } from './test-fixtures.js';

const withAlerts = (s: VdState): VdState => ({ ...s, alerts: deriveAlerts(s, emptyAlertMemory(), s.thresholds, FIXTURE_NOW).alerts });

describe('checkResult', () => {
  it('OK for the healthy cluster, with perfdata', () => {
    expect(checkResult(withAlerts(fixtureState()), FIXTURE_NOW)).toEqual({
      code: 0,
      line: 'VIRTDECK OK - cluster kvm-lab: 4/4 nodes online, quorum yes | nodes_online=4;;;0;4 resources_failed=0 alerts_crit=0 alerts_warn=0 worst_await_ms=2ms;10;20',
    });
  });

  it('CRITICAL lists critical before warning messages', () => {
    const s = fixtureState();
    s.nodes['kvm-n4']!.conn.status = 'down';
    s.cluster.crm!.nodes[3]!.online = false;
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdb']);
    s.cluster.crm!.resources.find((r) => r.id === 'vm-db1')!.failed = true;
    s.nodes['kvm-n1']!.io![1]!.rAwait = 23.4;
    const r = checkResult(withAlerts(s), FIXTURE_NOW);
    expect(r.code).toBe(2);
    expect(r.line).toBe(
      'VIRTDECK CRITICAL - 2 critical, 1 warning: node kvm-n4 OFFLINE in Pacemaker; node kvm-n4 unreachable; mpatha on kvm-n2 degraded: 1/2 paths active' +
        ' | nodes_online=3;;;0;4 resources_failed=1 alerts_crit=2 alerts_warn=1 worst_await_ms=23.4ms;10;20',
    );
  });

  it('WARNING when only warnings', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdb']);
    expect(checkResult(withAlerts(s), FIXTURE_NOW).code).toBe(1);
  });

  it('UNKNOWN without any Pacemaker data, with the collection error', () => {
    const s = fixtureState();
    delete s.cluster.crm;
    s.cluster.fresh.pacemaker = { intervalMs: 5000, error: 'kvm-n1: connect ECONNREFUSED', errorAt: FIXTURE_NOW };
    const r = checkResult(withAlerts(s), FIXTURE_NOW);
    expect(r.code).toBe(3);
    expect(r.line).toMatch(/^VIRTDECK UNKNOWN - kvm-n1: connect ECONNREFUSED \| nodes_online=0;;;0;4 /);
  });

  it('cuts long problem lists', () => {
    const s = fixtureState();
    for (const n of s.nodeOrder) s.nodes[n]!.multipath = mkMaps(['sdb', 'sdc']);
    const r = checkResult(withAlerts(s), FIXTURE_NOW);
    expect(r.line).toContain('8 warning: ');
    expect(r.line).toContain('; … 3 more |');
  });
});
