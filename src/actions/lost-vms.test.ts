// A fenced node's pre-fence VM list does not make the guards see a VM "running on two nodes"
// beside the copy Pacemaker restarted (issue 14 item 3).
import { describe, expect, it } from 'vitest';
import { NOW, cluster, vm } from '../../test/support/actions/state.js';
import { nodesRunning, runningVmsOn } from './state.js';
import { migrateGuards } from './migrate/guards.js';

function fenced() {
  const s = cluster();
  // n2 fenced a minute after its VMs were last read; vm-db1 restarted on n3.
  const crm = s.cluster.crm!;
  crm.nodes[1]!.online = false;
  crm.fenceHistory.push({ target: 'n2', action: 'reboot', status: 'success', delegate: 'n1', origin: 'n1', completed: new Date(NOW - 60_000).toISOString() });
  s.nodes['n2']!.fresh.vms = { lastOk: NOW - 120_000, lastAttempt: NOW - 120_000, intervalMs: 5_000 };
  s.nodes['n2']!.conn = { ...s.nodes['n2']!.conn, status: 'down' };
  crm.resources.find((r) => r.id === 'vm-db1')!.nodes = ['n3'];
  s.nodes['n3']!.vms = [vm('db1', 'n3', 'running', 16, 8)];
  return s;
}

describe('guards after a fence', () => {
  it('db1 runs on n3 only; the fenced n2 runs nothing', () => {
    const s = fenced();
    expect(nodesRunning(s, 'db1')).toEqual(['n3']);
    expect(runningVmsOn(s, 'n2')).toEqual([]);
  });
  it('vm migrate db1 is not refused as a split brain', () => {
    const s = fenced();
    const f = migrateGuards({ state: s, target: { vm: 'db1', node: 'n1' }, facts: {}, now: NOW, opts: { vcpuOvercommit: 4 } } as unknown as Parameters<typeof migrateGuards>[0]);
    expect(f.filter((x) => x.code === 'vm-duplicate')).toEqual([]);
    // Without the fence it is a split brain, and the guard says so (the check is reached).
    s.cluster.crm!.fenceHistory = [];
    s.cluster.crm!.nodes[1]!.online = true;
    s.nodes['n2']!.conn = { ...s.nodes['n2']!.conn, status: 'up' };
    const g = migrateGuards({ state: s, target: { vm: 'db1', node: 'n1' }, facts: {}, now: NOW, opts: { vcpuOvercommit: 4 } } as unknown as Parameters<typeof migrateGuards>[0]);
    expect(g.map((x) => x.code)).toContain('vm-duplicate');
  });
});
