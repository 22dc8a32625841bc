import { describe, expect, it } from 'vitest';
import { compileFilter, fit, fitColumns, sortRows, windowStart, type Column, type Row } from './table.js';

const rows: Row[] = [
  { id: 'a', cells: ['web1', 'kvm-n1', '9.0ms'], sortKeys: [undefined, undefined, 9] },
  { id: 'b', cells: ['db1', 'kvm-n2', '12.0ms'], sortKeys: [undefined, undefined, 12] },
  { id: 'c', cells: ['web10', 'kvm-n3', '2.0ms'], sortKeys: [undefined, undefined, 2] },
];

describe('filter', () => {
  it('matches regex case-insensitively over all cells; ! inverts', () => {
    const f = compileFilter('WEB');
    expect(f.ok && rows.filter(f.test).map((r) => r.id)).toEqual(['a', 'c']);
    const g = compileFilter('!web');
    expect(g.ok && rows.filter(g.test).map((r) => r.id)).toEqual(['b']);
    const h = compileFilter('n[12]$');
    expect(h.ok && rows.filter(h.test).map((r) => r.id)).toEqual([]);
    const i = compileFilter('kvm-n[12]');
    expect(i.ok && rows.filter(i.test).map((r) => r.id)).toEqual(['a', 'b']);
  });
  it('reports an invalid regex instead of throwing', () => {
    const f = compileFilter('web(');
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.error).toContain('invalid filter /web(/');
  });
  it('empty filter is inactive', () => {
    const f = compileFilter('');
    expect(f.ok && f.active).toBe(false);
  });
});

describe('sort', () => {
  it('sorts by sort keys numerically and by text naturally, reversible', () => {
    expect(sortRows(rows, 2, false).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 2, true).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, 0, false).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, undefined, false).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('columns', () => {
  const cols: Column[] = [
    { title: 'A', width: 10, priority: 0, grow: true },
    { title: 'B', width: 10, priority: 3 },
    { title: 'C', width: 10, priority: 1 },
    { title: 'D', width: 10, priority: 2 },
  ];
  it('drops the least important columns first and never exceeds the width', () => {
    expect(fitColumns(cols, 80).map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(fitColumns(cols, 40).map((c) => c.index)).toEqual([0, 2, 3]);
    expect(fitColumns(cols, 25).map((c) => c.index)).toEqual([0, 2]);
    for (const w of [20, 25, 40, 80, 200]) {
      const f = fitColumns(cols, w);
      expect(f.reduce((s, c) => s + c.width, 0) + f.length - 1 + 2).toBeLessThanOrEqual(Math.max(w, 12));
    }
  });
  it('gives spare width to the growing column', () => {
    const f = fitColumns(cols, 100);
    expect(f[0]!.width).toBeGreaterThan(10);
  });
  it('fit pads and truncates with an ellipsis', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdef', 4)).toBe('abc…');
  });
});

describe('windowStart', () => {
  it('keeps the cursor visible with minimal scrolling', () => {
    expect(windowStart(0, 5, 10, 100)).toBe(0);
    expect(windowStart(0, 12, 10, 100)).toBe(3);
    expect(windowStart(3, 2, 10, 100)).toBe(2);
    expect(windowStart(50, 99, 10, 100)).toBe(90);
    expect(windowStart(95, 99, 10, 20)).toBe(10);
  });
});
