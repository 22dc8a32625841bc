/** @jsxRuntime automatic */
// The store's metric history on screen: sparklines in the lists, a chart in the node detail,
// and stale stretches drawn as gaps (never as zero).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, renderApp } from '../../test/support/ui/render.js';
import { fixtureStore, mkHost, mkVm } from '../../test/support/store/test-fixtures.js';
import { nodeRows, NODE_COLUMNS } from './panes/nodes/rows.js';
import { vmRows, VM_COLUMNS } from './panes/vms/rows.js';
import { allVms } from '../store/selectors.js';
import { storageRows, STORAGE_COLUMNS } from './panes/storage/rows.js';
import { nodeDetailLines, vmDetailLines } from './panes/detail/lines.js';
import { mkIoDev } from '../../test/support/store/test-fixtures.js';

afterEach(() => cleanup());

const col = (cols: readonly { title: string }[], title: string): number => cols.findIndex((c) => c.title === title);

/** kvm-n1 reports CPU 10…90 % every 5 s, goes quiet for 25 s (unreachable), then reports 50 %. */
function withHistory() {
  const { store, clock } = fixtureStore();
  const a = store.getState();
  const cpu = [10, 30, 50, 70, 90];
  for (const c of cpu) {
    clock.now += 5000;
    a.setNodeData('kvm-n1', 'host', { host: mkHost({ cpuPct: c }) });
    a.setNodeData('kvm-n1', 'vms', { vms: [mkVm('web1', 'kvm-n1', 'running', { cpuPct: c / 2 })] });
  }
  clock.now += 25_000;
  a.setNodeData('kvm-n1', 'host', { host: mkHost({ cpuPct: 50 }) });
  a.setNodeData('kvm-n1', 'vms', { vms: [mkVm('web1', 'kvm-n1', 'running', { cpuPct: 25 })] });
  return { store, clock };
}

describe('metric history in lists', () => {
  it('nodes: CPU TREND is a sparkline with the unreachable stretch blank, not ▁', () => {
    const { store, clock } = withHistory();
    const s = store.getState();
    const row = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: s.cluster.crm, history: s.history }, clock.now)[0]!;
    // 9 columns of 5 s: 10 30 50 70 90 %, then > 2 intervals without data, then 50 %.
    // The last sample stands while it is fresh (≤ 2 intervals, the store's staleness rule).
    expect(row.cells[col(NODE_COLUMNS, 'CPU TREND')]).toBe('▂▄▆▇▇▇  ▄');
    // A node without history shows an empty cell, not a flat line.
    const fresh = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: s.cluster.crm }, clock.now)[0]!;
    expect(fresh.cells[col(NODE_COLUMNS, 'CPU TREND')]).toBe('');
  });

  it('vms: CPU TREND for the running VM; blank for a shut-off definition of it elsewhere', () => {
    const { store, clock } = withHistory();
    store.getState().setNodeData('kvm-n2', 'vms', { vms: [mkVm('web1', 'kvm-n2', 'shut off')] });
    const s = store.getState();
    const rows = vmRows(allVms(s), s.nodes, clock.now, 10, s.history);
    const i = col(VM_COLUMNS, 'CPU TREND');
    expect(rows.find((r) => r.id === 'web1@kvm-n1')!.cells[i]).toMatch(/[▁-█]+ {2,3}[▁-█]$/);
    expect(rows.find((r) => r.id === 'web1@kvm-n2')!.cells[i]).toBe('');
  });
});

describe('LUN history', () => {
  it('storage TREND and the node detail draw await (and util) per LUN, a missed poll as a gap', () => {
    const { store, clock } = fixtureStore();
    const a = store.getState();
    a.registerSource('iostat', 'kvm-n1', 2000);
    for (const aw of [2.5, 5, 10, 20, undefined, undefined, undefined, 20]) {
      clock.now += 2000;
      if (aw !== undefined) a.setNodeData('kvm-n1', 'iostat', { io: [mkIoDev('dm-0', aw, { alias: 'mpatha', util: 4 * aw })] });
    }
    // Three missed polls: two columns still carry the last data (fresh for 2 × 2 s), then a gap.
    const s = store.getState();
    const row = storageRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, thresholds: s.thresholds, history: s.history }, clock.now).find((r) => r.id === 'mpatha@kvm-n1')!;
    expect(row.cells[col(STORAGE_COLUMNS, 'TREND')]).toMatch(/▁▂▄███ █$/);
    const detail = nodeDetailLines(s, 'kvm-n1', clock.now).find((l) => l.text.includes('mpatha'))!;
    expect(detail.text).toMatch(/await 20\.0ms .*▁▂▄███ █ util 80% .*▃▆▆▆ ▆$/);
  });
});

describe('VM detail chart', () => {
  it('charts CPU and disk latency of the running VM; not for its shut-off definition elsewhere', () => {
    const { store, clock } = withHistory();
    store.getState().setNodeData('kvm-n2', 'vms', { vms: [mkVm('web1', 'kvm-n2', 'shut off')] });
    const s = store.getState();
    const text = vmDetailLines(s, 'web1@kvm-n1', clock.now, undefined, undefined, 100).map((l) => l.text);
    expect(text).toContain('  CPU (one column per 5 s)');
    expect(text).toContain('  disk latency (one column per 5 s)');
    expect(text.join('\n')).toMatch(/min 5\.0% · max 45% · now 25%/);
    expect(text.every((l) => l.length <= 100)).toBe(true);
    const off = vmDetailLines(s, 'web1@kvm-n2', clock.now).map((l) => l.text);
    expect(off).not.toContain('History');
  });
});

describe('node detail chart', () => {
  it('shows a History chart with scale labels, a time axis and min/max', async () => {
    const { store, clock } = withHistory();
    const a = renderApp({ store, now: () => clock.now, columns: 120, rows: 60 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter);
    expect(a.frame()).toContain('CPU TREND');
    await a.type(KEY.enter);
    const f = a.frame();
    expect(f).toContain('Node kvm-n1');
    expect(f).toContain('History');
    expect(f).toContain('CPU (one column per 5 s)');
    expect(f).toMatch(/100% ┤/);
    expect(f).toMatch(/ {2}0% ┤/);
    expect(f).toContain('min 10% · max 90% · now 50%');
    expect(f).toContain('memory (one column per 5 s)');
    expect(f).toMatch(/-\d+m\d\ds +now/);
  });
});
