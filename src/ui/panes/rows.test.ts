// Pure row shaping for every pane, from the store's fixture states.
import { describe, expect, it } from 'vitest';
import { fixtureState, FIXTURE_NOW, mkMaps, mkFailedAction, mkFenceEvent } from '../../../test/support/store/test-fixtures.js';
import { allVms, createSelectors } from '../../store/selectors.js';
import type { VdState } from '../../store/types.js';
import { nodeRows } from './nodes/rows.js';
import { vmRows, vmRowsByNode, consoleCommands } from './vms/rows.js';
import type { Row } from '../table.js';
import { storageRows } from './storage/rows.js';
import { resourceRows } from './resources/rows.js';
import { fenceRows } from './fence/rows.js';
import { netRows } from './net/rows.js';
import { alertRows } from './alerts/rows.js';
import { timelineRows } from './timeline/rows.js';
import { logRows } from './logs/rows.js';
import { freshCell } from './fresh.js';
import { nodeDetailLines, resourceDetailLines, vmDetailLines } from './detail/lines.js';

const now = FIXTURE_NOW;
const nodesIn = (s: VdState) => ({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: s.cluster.crm });

describe('nodes rows', () => {
  it('one row per node with state words and DC', () => {
    const rows = nodeRows(nodesIn(fixtureState()), now);
    expect(rows.map((r) => r.id)).toEqual(['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4']);
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['kvm-n1', '● online', 'DC']);
    expect(rows[0]!.tone).toBe('normal');
  });
  it('standby, offline and unreachable nodes say so (Pacemaker state and SSH reach apart); stale data is marked with its age', () => {
    const s = fixtureState();
    s.cluster.crm!.nodes[1]!.standby = true;
    s.cluster.crm!.nodes[2]!.online = false;
    s.nodes['kvm-n3']!.conn = { ...s.nodes['kvm-n3']!.conn, status: 'down' };
    for (const f of Object.values(s.nodes['kvm-n4']!.fresh)) f!.lastOk = now - 600_000;
    const rows = nodeRows(nodesIn(s), now);
    expect(rows[1]!.cells[1]).toBe('◐ standby');
    // Pacemaker says offline; SSH from here fails: two facts, two cells (never one "DOWN").
    expect(rows[2]!.cells[1]).toBe('✖ OFFLINE');
    expect(rows[2]!.cells[8]).toBe('✖ unreachable');
    expect(rows[2]!.cells[9]).toMatch(/^✖ unreachable/); // DATA AGE
    expect(rows[2]!.tone).toBe('stale');
    expect(rows[3]!.cells[9]).toMatch(/^⚠ stale 10m corosync,sbd/);
    expect(rows[3]!.tone).toBe('stale');
  });
});

describe('vm rows', () => {
  it('per node: the same rows as vmRows; a report from one node reshapes only that node, a new second every node', () => {
    const { vmsByNode } = createSelectors();
    const s = fixtureState();
    // What a row shows (its cells are made on first read).
    const shown = (rs: readonly Row[]) => rs.map((r) => ({ id: r.id, cells: r.cells, tone: r.tone, cellTones: r.cellTones, sortKeys: r.sortKeys }));
    const rows = vmRowsByNode(vmsByNode(s), s.nodes, now);
    expect(shown(rows)).toEqual(shown(vmRows(allVms(s), s.nodes, now)));
    // kvm-n2 reports new VM figures: its rows are rebuilt, every other node's row objects kept.
    const n2 = s.nodes['kvm-n2']!;
    const s2: VdState = { ...s, nodes: { ...s.nodes, 'kvm-n2': { ...n2, vms: n2.vms!.map((v) => ({ ...v, cpuPct: 42 })) } } };
    const rows2 = vmRowsByNode(vmsByNode(s2), s2.nodes, now);
    for (const [i, r] of rows2.entries()) expect(r === rows[i]).toBe(!r.id.endsWith('@kvm-n2'));
    expect(rows2.filter((r) => r.id.endsWith('@kvm-n2') && r.tone === 'normal').every((r) => r.cells[7] === '42%')).toBe(true);
    // A minute later every age cell moves on.
    const rows3 = vmRowsByNode(vmsByNode(s2), s2.nodes, now + 60_000);
    expect(rows3.every((r, i) => r !== rows2[i] && r.cells[10] !== rows2[i]!.cells[10])).toBe(true);
    expect(shown(rows3)).toEqual(shown(vmRows(allVms(s2), s2.nodes, now + 60_000)));
  });
  it('joins each VM with its resource; console commands are ready to paste', () => {
    const s = fixtureState();
    const rows = vmRows(allVms(s), s.nodes, now);
    const web1 = rows.find((r) => r.id === 'web1@kvm-n1')!;
    expect(web1.cells.slice(0, 5)).toEqual(['web1', '● running', 'kvm-n1', 'vm-web1', 'Started']);
    const web1off = rows.find((r) => r.id === 'web1@kvm-n2')!;
    expect(web1off.cells[4]).toBe('on kvm-n1');
    expect(rows.find((r) => r.id === 'scratch@kvm-n2')!.cells[3]).toBe('(unmanaged)');
    expect(consoleCommands({ name: 'web1', node: 'kvm-n1' }, 'root')).toEqual(['virt-viewer -c qemu+ssh://root@kvm-n1/system web1', 'ssh -t root@kvm-n1 virsh console web1']);
  });
  it('a VM on a stale node is not drawn as live', () => {
    const s = fixtureState();
    s.nodes['kvm-n1']!.fresh.vms!.lastOk = now - 60_000;
    const rows = vmRows(allVms(s), s.nodes, now);
    const web1 = rows.find((r) => r.id === 'web1@kvm-n1')!;
    expect(web1.tone).toBe('stale');
    expect(web1.cells[1]).toBe('● running?');
    expect(web1.cells[10]).toBe('⚠ stale 1m'); // AGE
  });
});

describe('storage rows', () => {
  it('per LUN per node with path health, dm and await', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.multipath = mkMaps(['sdd']);
    const rows = storageRows(s, now);
    expect(rows).toHaveLength(8);
    const a2 = rows.find((r) => r.id === 'mpatha@kvm-n2')!;
    expect(a2.cells.slice(0, 5)).toEqual(['mpatha', 'kvm-n2', '⚠ 1/2 degr', 'dm-0', '1.2ms']);
    expect(a2.cells[7]).toBe('sdd');
    expect(a2.tone).toBe('warn');
  });
});

describe('resource rows', () => {
  it('lists primitives with role, node, fail count and failure', () => {
    const s = fixtureState();
    const web2 = s.cluster.crm!.resources.find((r) => r.id === 'vm-web2')!;
    web2.failed = true;
    s.cluster.crm!.history.push({ node: 'kvm-n2', resource: 'vm-web2', failCount: 3 });
    s.cluster.crm!.failedActions.push(mkFailedAction('vm-web2', 'kvm-n2'));
    const rows = resourceRows(s.cluster.crm, freshCell({ state: 'live', ageMs: 1000 }));
    const r = rows.find((x) => x.id === 'vm-web2')!;
    expect(r.cells[2]).toBe('✖ Started FAILED');
    expect(r.cells[5]).toBe('3');
    expect(r.tone).toBe('crit');
    expect(rows.filter((x) => x.cells[0] === 'dlm').map((x) => x.id)).toEqual(['dlm@kvm-n1', 'dlm@kvm-n2', 'dlm@kvm-n3', 'dlm@kvm-n4']);
  });
});

describe('fence rows', () => {
  it('devices with targets, sbd slots, watchdogs and history', () => {
    const s = fixtureState();
    s.cluster.crm!.fenceHistory.push(mkFenceEvent('kvm-n3', { status: 'failed' }));
    s.nodes['kvm-n2']!.sbd!.watchdog.present = false;
    const rows = fenceRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, cluster: s.cluster }, now);
    expect(rows.find((r) => r.id === 'dev:fence-kvm-n1')!.cells[4]).toBe('fences kvm-n1');
    expect(rows.find((r) => r.id === 'wd:kvm-n2')!.cells[3]).toBe('✖ MISSING');
    expect(rows.find((r) => r.id.startsWith('sbd:kvm-n1'))!.cells[3]).toBe('● slot 0 clear');
    expect(rows.find((r) => r.id === 'hist:0')!.cells[3]).toBe('✖ failed');
  });
});

describe('net, alerts, timeline, logs rows', () => {
  it('bond with a down slave is degraded', () => {
    const s = fixtureState();
    s.nodes['kvm-n1']!.bonds![0]!.slaves[1]!.miiStatus = 'down';
    const rows = netRows(s, now);
    expect(rows.find((r) => r.id === 'kvm-n1:bond0')!.cells[2]).toBe('⚠ degr');
    expect(rows.find((r) => r.id === 'kvm-n2:bond0')!.cells[2]).toBe('● up');
  });
  it('alerts: unacknowledged and worst first', () => {
    const base = { rule: 'r', subject: 's', message: 'm', since: now - 5000, acknowledged: false };
    const rows = alertRows(
      [
        { ...base, id: 'a', severity: 'warning' },
        { ...base, id: 'b', severity: 'critical', acknowledged: true },
        { ...base, id: 'c', severity: 'critical' },
      ],
      now,
    );
    expect(rows.map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(rows[2]!.cells[5]).toBe('ack');
    expect(rows[0]!.cells[4]).toBe('5s');
  });
  it('timeline newest first; logs carry priority words', () => {
    const tl = [1, 2, 3].map((seq) => ({ seq, time: now + seq * 1000, source: 'pacemaker' as const, kind: 'k', severity: 'info' as const, subject: `s${seq}`, message: `m${seq}` }));
    expect(timelineRows(tl).map((r) => r.id)).toEqual(['3', '2', '1']);
    expect(timelineRows(tl, 2).map((r) => r.id)).toEqual(['3', '2']);
    const logs = logRows([{ time: now, node: 'kvm-n1', unit: 'pacemaker', priority: 3, message: 'boom' }]);
    expect(logs[0]!.cells.slice(1)).toEqual(['kvm-n1', 'pacemaker', 'err', 'boom']);
    expect(logs[0]!.tone).toBe('crit');
  });
});

describe('detail lines', () => {
  it('node detail names the unreachable state; vm detail has console commands; resource detail has bans and fail counts', () => {
    const s = fixtureState();
    s.nodes['kvm-n2']!.conn = { ...s.nodes['kvm-n2']!.conn, status: 'down', error: { kind: 'unreachable', message: 'connection refused' } };
    const nd = nodeDetailLines(s, 'kvm-n2', now).map((l) => l.text).join('\n');
    expect(nd).toContain('not reachable over SSH from here');
    expect(nd).toMatch(/ssh +✖ unreachable: refused/);
    expect(nd).toContain('connection refused');
    const vd = vmDetailLines(s, 'web1@kvm-n1', now, 'admin').map((l) => l.text).join('\n');
    expect(vd).toContain('$ virt-viewer -c qemu+ssh://admin@kvm-n1/system web1');
    expect(vd).toContain('$ ssh -t admin@kvm-n1 virsh console web1');
    s.cluster.crm!.bans.push({ id: 'cli-ban-vm-web1-on-kvm-n2', resource: 'vm-web1', node: 'kvm-n2', weight: -1000000, promotedOnly: false });
    s.cluster.crm!.history.push({ node: 'kvm-n2', resource: 'vm-web1', failCount: 2, migrationThreshold: 3 });
    const rd = resourceDetailLines(s, 'vm-web1', now).map((l) => l.text).join('\n');
    expect(rd).toContain('cli-ban-vm-web1-on-kvm-n2: ⚠ banned from kvm-n2');
    expect(rd).toContain('kvm-n2: 2 of 3');
  });
});
