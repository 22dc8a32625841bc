import { describe, expect, it } from 'vitest';
import { alertIdsOf, groupAlerts, groupIdOf, worse } from './alert-groups.js';
import type { Alert } from './types.js';

const T0 = 1_700_000_000_000;
const cpu = (n: number, value: number, since = T0): Alert => ({
  id: `cpu:kvm-n${n}:kvm-n${n}`,
  rule: 'cpu',
  severity: 'warning',
  node: `kvm-n${n}`,
  subject: `kvm-n${n}`,
  message: `kvm-n${n} CPU ${value} % (> 85 %)`,
  since,
  acknowledged: false,
  value,
});

describe('groupAlerts', () => {
  it('folds one kind of alert on many nodes into one entry: count, worst member first, first seen', () => {
    const alerts = [cpu(1, 86, T0 + 5000), cpu(2, 91, T0 + 1000), cpu(3, 88, T0 + 3000)];
    const out = groupAlerts(alerts);
    expect(out).toHaveLength(1);
    const g = out[0]!;
    expect(g.kind).toBe('group');
    if (g.kind !== 'group') return;
    expect(g.group.members.map((m) => m.node)).toEqual(['kvm-n2', 'kvm-n3', 'kvm-n1']);
    expect(g.group.firstSeen).toBe(T0 + 1000);
    expect(g.group.subject).toBeUndefined();
    expect(g.group.id).toBe('group:warning:cpu:');
  });

  it('keeps a critical above a storm of warnings, whatever their number', () => {
    const storm = Array.from({ length: 40 }, (_, i) => cpu(i + 1, 86 + (i % 5)));
    const mem = Array.from({ length: 20 }, (_, i): Alert => ({ ...cpu(i + 1, 95), id: `mem:kvm-n${i + 1}:kvm-n${i + 1}`, rule: 'mem' }));
    const crit: Alert = { id: 'unreachable:kvm-n7:kvm-n7', rule: 'unreachable', severity: 'critical', node: 'kvm-n7', subject: 'kvm-n7', message: 'node kvm-n7 unreachable', since: T0 - 1, acknowledged: false };
    const out = groupAlerts([...storm, ...mem, crit]);
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ kind: 'alert', alert: crit });
    // the wider group first
    expect(out.slice(1).map((e) => (e.kind === 'group' ? `${e.group.rule}×${e.group.members.length}` : 'one'))).toEqual(['cpu×40', 'mem×20']);
  });

  it('a kind seen on one node stays a plain alert; cluster-wide alerts are never folded', () => {
    const quorum: Alert = { id: 'quorum:cluster', rule: 'quorum', severity: 'critical', subject: 'cluster', message: 'cluster has no quorum', since: T0, acknowledged: false };
    const out = groupAlerts([cpu(1, 90), quorum]);
    expect(out.map((e) => e.kind)).toEqual(['alert', 'alert']);
    expect(groupIdOf(quorum)).toBeUndefined();
  });

  it('groups by shared subject (one LUN slow on many nodes), separately per LUN, severity and ack', () => {
    const aw = (node: string, lun: string, sev: Alert['severity'], value: number, acknowledged = false): Alert => ({
      id: `await:${node}:${lun}`, rule: 'await', severity: sev, node, subject: lun, message: `${lun} await ${value} ms on ${node}`, since: T0, acknowledged, value,
    });
    const out = groupAlerts([aw('n1', 'mpatha', 'warning', 20), aw('n2', 'mpatha', 'warning', 30), aw('n3', 'mpatha', 'critical', 60), aw('n1', 'mpathb', 'warning', 12), aw('n4', 'mpatha', 'warning', 25, true), aw('n5', 'mpatha', 'warning', 25, true)]);
    const ids = out.map((e) => (e.kind === 'group' ? e.group.id : e.alert.id));
    expect(ids).toEqual(['await:n3:mpatha', 'group:warning:await:mpatha', 'await:n1:mpathb', 'group:warning:await:mpatha:ack']);
    const g = out[1]!;
    if (g.kind === 'group') {
      expect(g.group.subject).toBe('mpatha');
      expect(g.group.members[0]!.value).toBe(30);
    }
  });

  it('free hugepages are worse when lower', () => {
    const hp = (node: string, free: number): Alert => ({ id: `hugepages:${node}:2048kB`, rule: 'hugepages', severity: 'warning', node, subject: '2048kB', message: `${free} free`, since: T0, acknowledged: false, value: free });
    expect(worse(hp('a', 3), hp('b', 10))).toBeLessThan(0);
    const g = groupAlerts([hp('a', 10), hp('b', 3)])[0]!;
    expect(g.kind === 'group' && g.group.members[0]!.node).toBe('b');
  });

  it('alertIdsOf: a group row stands for its members (ack on the group acks them all)', () => {
    const alerts = [cpu(1, 90), cpu(2, 91)];
    expect(alertIdsOf(alerts, 'group:warning:cpu:').sort()).toEqual([alerts[0]!.id, alerts[1]!.id].sort());
    expect(alertIdsOf(alerts, alerts[0]!.id)).toEqual([alerts[0]!.id]);
  });
});
