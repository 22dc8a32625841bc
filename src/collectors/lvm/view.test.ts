import { describe, expect, it } from 'vitest';
import type { NodeSlice, VdState } from '../../store/types.js';
import type { VmRuntime } from '../../model/vm.js';
import type { LvmNodeData } from './model.js';
import { lvmNodeDetail, lvmRows, lvmView } from './view.js';

const NOW = 1_000_000;
const vg = { name: 'vg_vms', shared: true, lockType: 'dlm', lvs: [{ vg: 'vg_vms', name: 'db1-data', activeLocally: true }, { vg: 'vg_vms', name: 'db2-data', activeLocally: false }] };
const held = (...names: string[]): LvmNodeData => ({ lvmlockd: true, lockspaces: names.map((v) => ({ vg: v, name: `lvm_${v}`, lockType: 'dlm', lvLocks: [] })), dlm: names.map((v) => ({ name: `lvm_${v}`, members: [1, 2], changing: false })), vgs: [vg] });
const vm = (name: string, node: string, disks: string[]): VmRuntime => ({ name, node, state: 'running', disks });
const slice = (name: string, lvm: LvmNodeData | undefined, vms: VmRuntime[] = [], lastOk = NOW): NodeSlice => ({
  name,
  conn: { node: name, status: 'up', since: 0, attempts: 0, openChannels: 1, queued: 0 },
  fresh: { lvm: { lastOk, intervalMs: 15_000 } },
  vms,
  ...(lvm ? { lvm } : {}),
});
const state = (nodes: NodeSlice[]): Pick<VdState, 'nodeOrder' | 'nodes'> => ({ nodeOrder: nodes.map((n) => n.name), nodes: Object.fromEntries(nodes.map((n) => [n.name, n])) });

describe(':lvm rows', () => {
  it('one row per shared VG and node: lockspace, lock type, dlm members, LVs active/total, VMs here, age', () => {
    const s = state([slice('n1', held('vg_vms'), [vm('db1', 'n1', ['/dev/vg_vms/db1-data'])]), slice('n2', { ...held(), vgs: [vg] }, [vm('db2', 'n2', ['/dev/mapper/vg_vms-db2--data'])]), slice('n3', undefined)]);
    const rows = lvmRows(s, NOW);
    expect(rows.map((r) => r.id)).toEqual(['vg_vms@n1', 'vg_vms@n2', 'vg_vms@n3']);
    expect(rows[0]!.cells).toEqual(['vg_vms', 'n1', '● held', 'dlm', '2 members', '1/2', 'db1', '0s']);
    expect(rows[0]!.tone).toBe('normal');
    // The incident: the lockspace is gone under a running VM.
    expect(rows[1]!.cells.slice(2, 7)).toEqual(['✖ MISSING', 'dlm', '✖ missing', '1/2', 'db2']);
    expect(rows[1]!.tone).toBe('crit');
    // No data from n3 yet: said as such, dimmed.
    expect(rows[2]!.cells.slice(2, 3)).toEqual(['?']);
    expect(rows[2]!.tone).toBe('stale');
  });
  it('a missing lockspace on a node without VMs on the VG is a warning, and old data is dimmed', () => {
    const rows = lvmRows(state([slice('n1', { ...held(), vgs: [vg] })]), NOW);
    expect(rows[0]!.tone).toBe('warn');
    expect(lvmRows(state([slice('n1', held('vg_vms'), [], NOW - 60_000)]), NOW)[0]!.tone).toBe('stale');
  });
  it('shows nothing without shared VGs', () => {
    expect(lvmRows(state([slice('n1', { lvmlockd: true, lockspaces: [], vgs: [] })]), NOW)).toEqual([]);
  });
  it('memo deps change with a node’s LVM data, VMs and freshness only', () => {
    const a = state([slice('n1', held('vg_vms'))]) as VdState;
    const b = { ...a, nodes: { n1: { ...a.nodes['n1']!, host: undefined } } } as VdState;
    expect(lvmView.deps(b)).toEqual(lvmView.deps(a));
    const c = { ...a, nodes: { n1: { ...a.nodes['n1']!, lvm: held() } } } as VdState;
    expect(lvmView.deps(c)).not.toEqual(lvmView.deps(a));
  });
});

describe('node detail', () => {
  it('adds a Cluster LVM section: lvmlockd, each VG’s lockspace and the VMs on it', () => {
    const s = state([slice('n2', { ...held(), lvmlockd: false, dlm: undefined, vgs: [vg] }, [vm('db2', 'n2', ['/dev/vg_vms/db2-data'])])]) as VdState;
    expect(lvmNodeDetail(s, 'n2', NOW)).toEqual([
      { text: 'Cluster LVM  (0s)', tone: 'accent' },
      { text: '  ✖ lvmlockd is not running: no shared VG can be locked here', tone: 'crit' },
      { text: '  dlm_controld did not answer (dlm_tool ls): dlm lockspaces unknown', tone: 'muted' },
      { text: '  vg_vms         lvm_vg_vms ✖ no lvmlockd, dlm -, 1/2 LVs active, VMs db2', tone: 'crit' },
    ]);
    expect(lvmNodeDetail(s, 'n9', NOW)).toEqual([]);
  });
});
