import { describe, expect, it } from 'vitest';
import type { NodeSlice, VdState } from '../../store/types.js';
import { SOURCE_VIEWS } from '../../ui/source-views.js';
import type { PoolsNodeData, SanNodeData } from './model.js';
import { poolsNodeDetail, poolsRows, poolsView } from './view.js';

const NOW = 1_000_000;
const GiB = 2 ** 30;
const pools: PoolsNodeData = {
  pools: [
    { name: 'default', state: 'running', autostart: true, persistent: true, kind: 'local', capacityBytes: 100 * GiB, allocationBytes: 11 * GiB, volumes: [{ name: 'db1.qcow2', path: '/var/lib/libvirt/images/db1.qcow2', type: 'file', capacityBytes: 40 * GiB, allocationBytes: 10 * GiB }] },
    { name: 'vg_san', state: 'running', autostart: true, persistent: true, kind: 'logical', capacityBytes: 100 * GiB, allocationBytes: 95 * GiB },
    { name: 'iso', state: 'inactive', autostart: false, persistent: true, kind: 'local' },
  ],
};
const san: SanNodeData = {
  iscsi: [
    { sid: 1, target: 'iqn.t1', portal: '10.0.0.10:3260,1', state: 'LOGGED_IN', connState: 'LOGGED IN', disks: [{ dev: 'sdb', state: 'running', lun: 0 }] },
    { sid: 2, target: 'iqn.t1', portal: '10.0.1.10:3260,1', state: 'FAILED', connState: 'TRANSPORT WAIT', disks: [{ dev: 'sdc', state: 'blocked', lun: 0 }] },
  ],
  fc: [{ host: 'host8', wwpn: '0x21000024ff5a1b2d', state: 'Linkdown', speed: 'unknown' }],
  luns: [{ dev: 'sdb', queueDepth: 64, scheduler: 'mq-deadline' }],
};
const slice = (name: string, data: Partial<NodeSlice>, lastOk = NOW): NodeSlice => ({
  name,
  conn: { node: name, status: 'up', since: 0, attempts: 0, openChannels: 1, queued: 0 },
  fresh: { pools: { lastOk, intervalMs: 30_000 }, san: { lastOk, intervalMs: 10_000 } },
  ...data,
});
const state = (nodes: NodeSlice[]): VdState => ({ nodeOrder: nodes.map((n) => n.name), nodes: Object.fromEntries(nodes.map((n) => [n.name, n])) }) as VdState;

describe(':pools rows', () => {
  it('pools with their volumes, sessions, FC ports and LUNs per node; problems in their tones', () => {
    const rows = poolsRows(state([slice('n1', { pools, san, lvm: { lvmlockd: true, lockspaces: [], vgs: [{ name: 'vg_san', shared: true, lvs: [] }] } })]), NOW);
    expect(rows.map((r) => r.cells.slice(0, 6))).toEqual([
      ['pool', 'default', 'n1', '● running', '11% of 100G', 'local · autostart · 1 vols'],
      ['vol', '  db1.qcow2', 'n1', 'file', '10G / 40G', '/var/lib/libvirt/images/db1.qcow2'],
      ['pool', 'vg_san', 'n1', '⚠ 95% full', '95% of 100G', 'shared · logical · autostart'],
      ['pool', 'iso', 'n1', '✖ inactive', '-', 'local · no autostart'],
      ['iscsi', 'iqn.t1', 'n1', '● LOGGED_IN', '10.0.0.10:3260,1', 'sid 1 · LOGGED IN · sdb'],
      ['iscsi', 'iqn.t1', 'n1', '✖ FAILED', '10.0.1.10:3260,1', 'sid 2 · TRANSPORT WAIT · sdc blocked'],
      ['fc', 'host8', 'n1', '✖ Linkdown', 'unknown', 'WWPN 0x21000024ff5a1b2d'],
      ['lun', 'sdb', 'n1', 'qd 64', 'mq-deadline', 'scheduler mq-deadline'],
    ]);
    expect(rows.map((r) => r.tone)).toEqual(['normal', 'normal', 'warn', 'warn', 'normal', 'crit', 'crit', 'normal']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
  it('old data is dimmed; a node without data says so; a node without iscsiadm says that', () => {
    expect(poolsRows(state([slice('n1', { pools }, NOW - 120_000)]), NOW)[0]!.tone).toBe('stale');
    expect(poolsRows(state([slice('n2', {})]), NOW)[0]!.cells[5]).toBe('no storage data yet');
    expect(poolsRows(state([slice('n3', { san: { fc: [], luns: [] } })]), NOW)[0]!.cells.slice(0, 2)).toEqual(['iscsi', 'no iscsiadm']);
  });
  it('is registered as a source view; memo deps change with the storage data only', () => {
    expect(SOURCE_VIEWS).toContain(poolsView);
    const a = state([slice('n1', { pools, san })]);
    expect(poolsView.deps({ ...a, nodes: { n1: { ...a.nodes['n1']!, host: undefined } } } as VdState)).toEqual(poolsView.deps(a));
    expect(poolsView.deps({ ...a, nodes: { n1: { ...a.nodes['n1']!, san: { ...san, fc: [] } } } } as VdState)).not.toEqual(poolsView.deps(a));
  });
});

describe('node detail', () => {
  it('lists pools and what is down', () => {
    expect(poolsNodeDetail(state([slice('n1', { pools, san })]), 'n1', NOW).map((l) => [l.text, l.tone])).toEqual([
      ['Storage pools and SAN  (0s)', 'accent'],
      ['  default        ● running, 11% of 100G, local', undefined],
      ['  vg_san         ⚠ 95% full, 95% of 100G, local', 'warn'],
      ['  iso            ✖ inactive, size unknown, local', 'warn'],
      ['  iSCSI: 1 of 2 sessions not logged in (10.0.1.10:3260,1 FAILED)', 'crit'],
      ['  FC host8 0x21000024ff5a1b2d: Linkdown', 'crit'],
    ]);
  });
});
