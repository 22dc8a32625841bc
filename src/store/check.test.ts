import { describe, expect, it } from 'vitest';
import { checkResult } from './check.js';
import { checkLevels, parseLevelSpec, perfLabel } from './check-metrics.js';
import { deriveAlerts, emptyAlertMemory } from './alerts.js';
import type { VdState } from './types.js';
import { FIXTURE_NOW, fixtureState, mkMaps } from '../../test/support/store/test-fixtures.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withAlerts = (s: VdState): VdState => ({ ...s, alerts: deriveAlerts(s, emptyAlertMemory(), s.thresholds, FIXTURE_NOW).alerts });

describe('checkResult', () => {
  it('OK for the healthy cluster, with perfdata', () => {
    const r = checkResult(withAlerts(fixtureState()), FIXTURE_NOW);
    expect(r.code).toBe(0);
    expect(r.line).toMatch(
      /^VIRTDECK OK - cluster kvm-lab: 4\/4 nodes online, quorum yes \| nodes_online=4;;;0;4 resources_failed=0 alerts_crit=0 alerts_warn=0 worst_await_ms=2ms;10;20 kvm-n1:cpu=20%;85;;0;100 /,
    );
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
    // The await of 23.4 ms counts at once (one sample: check does not wait for raiseAfter).
    expect(r.line).toMatch(
      new RegExp(
        '^' +
          esc(
            'VIRTDECK CRITICAL - 3 critical, 1 warning: node kvm-n4 OFFLINE in Pacemaker; node kvm-n4 unreachable; mpatha (dm-0) await 23.4 ms on kvm-n1 (> 20 ms); mpatha on kvm-n2 degraded: 1/2 paths active' +
              ' | nodes_online=3;;;0;4 resources_failed=1 alerts_crit=3 alerts_warn=1 worst_await_ms=23.4ms;10;20 ',
          ),
      ),
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

describe('checkResult: metric levels (one sample counts)', () => {
  const hot = (s: VdState) => {
    s.nodes['kvm-n2']!.io![1]!.rAwait = 95;
    s.nodes['kvm-n3']!.host!.hugepages = [{ sizeKb: 1048576, total: 64, free: 0 }];
    return s;
  };

  it('an await of 95 ms is CRITICAL and 0 of 64 free 1G hugepages a WARNING, from the one sample check has', () => {
    const r = checkResult(withAlerts(hot(fixtureState())), FIXTURE_NOW);
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/^VIRTDECK CRITICAL - 1 critical, 1 warning: mpatha \(dm-0\) await 95 ms on kvm-n2 \(> 20 ms\); kvm-n3 1G hugepages: 0 of 64 free \(< 5\) \| /);
    expect(r.line).toContain(' worst_await_ms=95ms;10;20 ');
  });

  it('-w/-c override the config thresholds per metric', () => {
    const s = withAlerts(hot(fixtureState()));
    expect(checkResult(s, FIXTURE_NOW, checkLevels(s.thresholds, { await: 100, hugepages: 0 }, { await: 200 })).code).toBe(0);
    const cpu = checkResult(s, FIXTURE_NOW, checkLevels(s.thresholds, { await: 100, hugepages: 0, cpu: 10 }, { await: 200 }));
    expect(cpu.line).toMatch(/^VIRTDECK WARNING - 4 warning: kvm-n1 CPU 20 % \(> 10 %\); kvm-n2 CPU 20 % \(> 10 %\);/);
    const crit = checkResult(s, FIXTURE_NOW, checkLevels(s.thresholds, { await: 50 }, { await: 90, hugepages: 1, mem: 40 }));
    expect(crit.code).toBe(2);
    // Worst first among criticals, by how far beyond the level: 0 pages under 1 (100 %), then
    // RAM 50 % over 40 % (25 %), then await 95 ms over 90 ms (5.6 %).
    expect(crit.line).toMatch(/^VIRTDECK CRITICAL - 6 critical: kvm-n3 1G hugepages: 0 of 64 free \(< 1\); kvm-n1 RAM 50 % used \(> 40 %\);/);
    expect(crit.line).toContain(' kvm-n2:mpatha:await=95ms;50;90;0 ');
    expect(crit.line).toContain(' kvm-n3:hugepages_1G_free=0;5:;1:;0;64 ');
    expect(crit.line).toContain(' kvm-n1:mem=50%;90;40;0;100 ');
  });

  it('perfdata per node and per LUN, with units, min and max (Nagios plugin guidelines)', () => {
    const perf = checkResult(withAlerts(fixtureState()), FIXTURE_NOW).line.split(' | ')[1]!.split(' ');
    expect(perf.filter((p) => p.startsWith('kvm-n1:'))).toEqual([
      'kvm-n1:cpu=20%;85;;0;100',
      'kvm-n1:mem=50%;90;;0;100',
      'kvm-n1:hugepages_2M_free=512;5:;;0;1024',
      'kvm-n1:mpatha:await=1.2ms;10;20;0',
      'kvm-n1:mpatha:util=12%;95;;0;100',
      'kvm-n1:mpathb:await=2ms;10;20;0',
      'kvm-n1:mpathb:util=12%;95;;0;100',
    ]);
    for (const p of perf) expect(p).toMatch(/^[^=' ]+=-?\d+(\.\d+)?(ms|%)?(;[^;]*){0,4}$/);
    expect(perfLabel("db disk 'a'=1")).toBe("'db disk _a__1'");
  });

  it('a metric alert already raised in the store is not counted twice; stale figures are not judged', () => {
    const s = hot(fixtureState());
    s.alerts = [{ id: 'await:kvm-n2:mpatha', rule: 'await', node: 'kvm-n2', subject: 'mpatha', severity: 'critical', value: 95, message: 'mpatha (dm-0) await 95 ms on kvm-n2 (> 20 ms)', since: FIXTURE_NOW, acknowledged: false }];
    expect(checkResult(s, FIXTURE_NOW).line).toMatch(/^VIRTDECK CRITICAL - 1 critical, 1 warning: /);
    s.nodes['kvm-n2']!.fresh.iostat!.lastOk = FIXTURE_NOW - 600_000;
    s.alerts = [];
    const r = checkResult(s, FIXTURE_NOW);
    expect(r.line).toMatch(/^VIRTDECK WARNING - 1 warning: kvm-n3 1G hugepages/);
    expect(r.line).not.toContain('kvm-n2:mpatha:await');
  });

  it('-w/-c words: KEY=NUMBER, comma-separated or repeated; bad ones are named', () => {
    expect(parseLevelSpec(['await=10', 'util=80.5', 'hugepages=2'], '-w')).toEqual({ await: 10, util: 80.5, hugepages: 2 });
    expect(() => parseLevelSpec(['latency=10'], '-w')).toThrow('-w "latency=10": unknown metric "latency" (one of await, util, cpu, mem, hugepages)');
    expect(() => parseLevelSpec(['await'], '-c')).toThrow(/-c "await": expected KEY=NUMBER/);
    expect(() => parseLevelSpec(['cpu=120'], '-w')).toThrow('-w cpu=120: cpu is a percentage (0 to 100)');
    expect(() => parseLevelSpec(['hugepages=1.5'], '-w')).toThrow(/whole number/);
    expect(() => parseLevelSpec(['cpu=80', 'cpu=90'], '-w')).toThrow('-w gives cpu twice (80 and 90)');
    expect(() => checkLevels(fixtureState().thresholds, { await: 30 }, { await: 20 })).toThrow('-w await=30 and -c await=20: the critical level must be at or above the warning level');
    expect(() => checkLevels(fixtureState().thresholds, { hugepages: 2 }, { hugepages: 8 })).toThrow(/at or below/);
  });
});
