// Overview tiles under an alert storm: criticals and sick nodes stay at the top.
import { describe, expect, it } from 'vitest';
import { fixtureState, FIXTURE_NOW } from '../../../../test/support/store/test-fixtures.js';
import type { Alert, TimelineEntry } from '../../../store/types.js';
import { alertsTile, clusterTile, timelineTile } from './tiles.js';
import { alertRows } from '../alerts/rows.js';

const now = FIXTURE_NOW;
const cpuStorm = (n: number): Alert[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `cpu:kvm-n${i + 1}:kvm-n${i + 1}`,
    rule: 'cpu',
    severity: 'warning' as const,
    node: `kvm-n${i + 1}`,
    subject: `kvm-n${i + 1}`,
    message: `kvm-n${i + 1} CPU ${86 + (i % 7)} % (> 85 %)`,
    since: now - 60_000 + i * 1000,
    acknowledged: false,
    value: 86 + (i % 7),
  }));
const crit: Alert = { id: 'unreachable:kvm-n4:kvm-n4', rule: 'unreachable', severity: 'critical', node: 'kvm-n4', subject: 'kvm-n4', message: 'node kvm-n4 unreachable: connection refused', since: now - 1000, acknowledged: false };

describe('alerts tile during a storm', () => {
  it('one line for 32 nodes over the CPU limit, the critical above it', () => {
    const lines = alertsTile([...cpuStorm(32), crit], now, 60);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.text).toContain('node kvm-n4 unreachable');
    expect(lines[0]!.tone).toBe('crit');
    // count, worst value (92 %, first reached by node 7), first seen
    expect(lines[1]!.text).toBe('⚠ warn 32× cpu, worst kvm-n7 CPU 92 % (> 85 %), first 1m');
    expect(lines[1]!.tone).toBe('warn');
  });
});

describe('alerts view', () => {
  it('a group row; Enter (the open set) lists its members under it, worst first', () => {
    const alerts = [...cpuStorm(3), crit];
    const closed = alertRows(alerts, now);
    expect(closed.map((r) => r.id)).toEqual([crit.id, 'group:warning:cpu:']);
    expect(closed[1]!.cells[1]).toBe('▸ 3 nodes');
    const open = alertRows(alerts, now, new Set(['group:warning:cpu:']));
    expect(open.map((r) => r.id)).toEqual([crit.id, 'group:warning:cpu:', 'cpu:kvm-n3:kvm-n3', 'cpu:kvm-n2:kvm-n2', 'cpu:kvm-n1:kvm-n1']);
    expect(open[1]!.cells[1]).toBe('▾ 3 nodes');
    expect(open[2]!.cells[1]).toBe('└ kvm-n3');
  });
});

describe('cluster tile order', () => {
  it('worst first: a node with a critical alert, then warnings, then the healthy ones by configured order', () => {
    const s = { ...fixtureState(), alerts: [crit, cpuStorm(2)[1]!] };
    const names = clusterTile(s, now).map((l) => l.text.split(' ')[0]).slice(0, 4);
    expect(names).toEqual(['kvm-n4', 'kvm-n2', 'kvm-n1', 'kvm-n3']);
  });
  it('an OFFLINE node comes first even without an alert', () => {
    const s = fixtureState();
    s.cluster.crm!.nodes.find((n) => n.name === 'kvm-n3')!.online = false;
    expect(clusterTile(s, now)[0]!.text).toMatch(/^kvm-n3 +✖ OFFLINE/);
  });
});

describe('timeline tile during a storm', () => {
  it('alerts of one rule raised on many nodes within a minute are one line; the critical keeps its own', () => {
    const t0 = Math.floor(now / 60_000) * 60_000;
    const tl: TimelineEntry[] = cpuStorm(30).map((a, i) => ({ seq: i, time: t0 + 1000 + i * 100, node: a.node!, source: 'alert' as const, kind: 'alert-raised', severity: 'warning' as const, subject: a.id, message: a.message }));
    tl.push({ seq: 30, time: t0 + 5000, node: 'kvm-n4', source: 'alert', kind: 'alert-raised', severity: 'critical', subject: crit.id, message: crit.message });
    tl.push({ seq: 31, time: t0 + 6000, node: 'kvm-n9', source: 'alert', kind: 'alert-raised', severity: 'warning', subject: 'cpu:kvm-n99:kvm-n99', message: 'kvm-n99 CPU 90 % (> 85 %)' });
    const lines = timelineTile(tl, 5, 100).map((l) => l.text);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d ⚠ warn 31× cpu: kvm-n99 CPU 90 %/);
    expect(lines[1]).toMatch(/✖ crit node kvm-n4 unreachable/);
  });
  it('not folded across minutes, and other entries stay as they are', () => {
    const t0 = Math.floor(now / 60_000) * 60_000;
    const tl: TimelineEntry[] = [
      { seq: 1, time: t0 - 30_000, node: 'kvm-n1', source: 'alert', kind: 'alert-raised', severity: 'warning', subject: 'cpu:kvm-n1:kvm-n1', message: 'kvm-n1 CPU 90 %' },
      { seq: 2, time: t0 + 1000, node: 'kvm-n2', source: 'alert', kind: 'alert-raised', severity: 'warning', subject: 'cpu:kvm-n2:kvm-n2', message: 'kvm-n2 CPU 90 %' },
      { seq: 3, time: t0 + 2000, node: 'kvm-n2', source: 'pacemaker', kind: 'node-down', severity: 'critical', subject: 'kvm-n2', message: 'kvm-n2 left' },
    ];
    expect(timelineTile(tl, 10, 100).map((l) => l.text.replace(/^\S+ /, ''))).toEqual(['✖ crit kvm-n2 left', '⚠ warn kvm-n2 CPU 90 %', '⚠ warn kvm-n1 CPU 90 %']);
  });
});
