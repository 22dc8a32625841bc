import { describe, expect, it } from 'vitest';
import { HISTORY_IDLE_MS, HISTORY_POINTS, MetricHistory, lunSeries, nodeSeries, vmSeries } from './history.js';
import { createVdStore, storeControl } from './store.js';
import { FIXTURE_NOW, mkHost, mkIoDev, mkVm } from '../../test/support/store/test-fixtures.js';

const arr = (f: Float64Array): (number | null)[] => [...f].map((v) => (Number.isNaN(v) ? null : v));

describe('MetricHistory ring', () => {
  it('keeps the last `points` samples in order, newest last', () => {
    const h = new MetricHistory(4, 10);
    for (let i = 0; i < 6; i++) h.record('s', 1000 * i, i, 10 * i, 1000);
    expect(arr(h.window('s', 0, 5000, 6, 1000))).toEqual([null, null, 2, 3, 4, 5]);
    expect(arr(h.window('s', 1, 5000, 4, 1000))).toEqual([20, 30, 40, 50]);
    expect(h.span('s')).toEqual({ first: 2000, last: 5000, intervalMs: 1000 });
  });

  it('a second sample at the same time replaces the first; an older one is ignored', () => {
    const h = new MetricHistory(4, 10);
    h.record('s', 1000, 1, 1, 1000);
    h.record('s', 1000, 7, 7, 1000);
    h.record('s', 500, 9, 9, 1000);
    expect(arr(h.window('s', 0, 1000, 2, 1000))).toEqual([null, 7]);
    expect(h.span('s')!.first).toBe(1000);
  });

  it('a stale stretch (no sample for > 2 × interval) is a gap, not zero; jitter is not', () => {
    const h = new MetricHistory(16, 10);
    h.record('s', 0, 5, 5, 1000);
    h.record('s', 1000, 6, 6, 1000);
    // 1.9 s later: one column without a sample, but the data was still fresh.
    h.record('s', 2900, 7, 7, 1000);
    // Then nothing for 5 s (node unreachable), then back.
    h.record('s', 8000, 0, 0, 1000);
    expect(arr(h.window('s', 0, 8000, 9, 1000))).toEqual([5, 6, 6, 7, 7, null, null, null, 0]);
    // Long after the last sample the newest columns are gaps too.
    expect(arr(h.window('s', 0, 12_000, 3, 1000))).toEqual([0, null, null]);
  });

  it('unknown values (undefined / NaN) stay unknown; a column shows the largest value sampled in it', () => {
    const h = new MetricHistory(8, 10);
    h.record('s', 0, undefined, 1, 1000);
    h.record('s', 1000, 3, Number.NaN, 1000);
    h.record('s', 1500, 9, 2, 1000);
    expect(arr(h.window('s', 0, 1999, 2, 1000))).toEqual([null, 9]);
    expect(arr(h.window('s', 1, 1999, 2, 1000))).toEqual([1, 2]);
  });

  it('caps the number of series: an idle one makes room, current ones are kept (no thrashing)', () => {
    const h = new MetricHistory(4, 2);
    h.record('a', 1000, 1, 1, 1000);
    h.record('b', 2000, 2, 2, 1000);
    h.record('c', 3000, 9, 9, 1000); // a and b are current: c gets no series
    expect(h.has('c')).toBe(false);
    expect(h.size).toBe(2);
    const later = 2000 + HISTORY_IDLE_MS + 1;
    h.record('c', 3500, 9, 9, 1000); // refused again without a scan until 10 s later
    expect(h.has('c')).toBe(false);
    h.record('a', later, 3, 3, 1000); // b is now idle
    h.record('c', later, 4, 4, 1000);
    expect(h.size).toBe(2);
    expect(h.has('b')).toBe(false);
    expect(arr(h.window('c', 0, later, 2, 1000))).toEqual([null, 4]);
    expect(() => new MetricHistory(1, 1)).toThrow(/points/);
  });
});

describe('store feeds the history where samples land', () => {
  it('host CPU/mem, running VM CPU/latency and dm LUN await/util; reset clears it', () => {
    const clock = { now: FIXTURE_NOW };
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'], now: () => clock.now });
    const a = store.getState();
    a.registerSource('host', 'n1', 5000);
    a.setNodeData('n1', 'host', { host: mkHost({ cpuPct: 40, memUsedPct: 60 }) });
    a.setNodeData('n1', 'vms', { vms: [mkVm('web1', 'n1', 'running', { cpuPct: 12, diskReadLatencyMs: 3, diskWriteLatencyMs: 4 }), mkVm('db1', 'n1', 'shut off')] });
    a.setNodeData('n1', 'iostat', { io: [mkIoDev('dm-0', 2, { alias: 'mpatha', util: 30 }), mkIoDev('sda', 1)] });
    const h = store.getState().history!;
    expect(h.span(nodeSeries('n1'))!.intervalMs).toBe(5000);
    expect(arr(h.window(nodeSeries('n1'), 0, FIXTURE_NOW, 1))).toEqual([40]);
    expect(h.window(nodeSeries('n1'), 1, FIXTURE_NOW, 1)[0]).toBeCloseTo(60, 3);
    expect(arr(h.window(vmSeries('web1'), 0, FIXTURE_NOW, 1))).toEqual([12]);
    expect(arr(h.window(vmSeries('web1'), 1, FIXTURE_NOW, 1))).toEqual([4]);
    expect(h.has(vmSeries('db1'))).toBe(false); // not running: nothing to draw, no series
    expect(arr(h.window(lunSeries('n1', 'mpatha'), 1, FIXTURE_NOW, 1))).toEqual([30]);
    expect(h.has(lunSeries('n1', 'sda'))).toBe(false); // a path disk, not a LUN
    storeControl(store).reset();
    expect(store.getState().history!.size).toBe(0);
  });

  it('holds a full ring of samples without growing', () => {
    const h = new MetricHistory();
    for (let i = 0; i < 3 * HISTORY_POINTS; i++) h.record('s', i * 1000, i, i, 1000);
    const w = h.window('s', 0, (3 * HISTORY_POINTS - 1) * 1000, HISTORY_POINTS + 1, 1000);
    expect(Number.isNaN(w[0]!)).toBe(true);
    expect(w[HISTORY_POINTS]).toBe(3 * HISTORY_POINTS - 1);
  });
});
