import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { cellWidth, contentWidths, fit, fitColumns, WIDTH_SAMPLE, type Column, type Row } from './table.js';
import { NARROW_GLYPHS } from './components/PaintedLine.js';

describe('display widths (CJK and emoji take two cells)', () => {
  it('measures cells, not code points', () => {
    expect(cellWidth('web1')).toBe(4);
    expect(cellWidth('数据库')).toBe(6);
    expect(cellWidth('db🔥')).toBe(4);
    expect(cellWidth('👩‍💻')).toBe(2);
  });
  it('the fast path for our glyphs agrees with string-width', () => {
    for (const g of NARROW_GLYPHS) expect(cellWidth(`${g} x`), g).toBe(stringWidth(`${g} x`));
    expect(cellWidth('● running ⚠ stale')).toBe(17);
    expect(fit('⚠ stale 40s', 6)).toBe('⚠ sta…');
  });
  it('fit pads and cuts to exactly w cells', () => {
    expect(fit('数据库', 8)).toBe('数据库  ');
    expect(cellWidth(fit('数据库', 8))).toBe(8);
    expect(fit('数据库服务器', 6)).toBe('数据 …');
    expect(cellWidth(fit('数据库服务器', 6))).toBe(6);
    expect(fit('数据库服务器', 5)).toBe('数据…');
    expect(fit('a🔥b', 3)).toBe('a …');
    expect(fit('数据库', 6, 'right')).toBe('数据库');
    expect(fit('ab', 4, 'right')).toBe('  ab');
  });
});

describe('content widths', () => {
  const cols: Column[] = [
    { title: 'VM', width: 4, priority: 0, grow: true },
    { title: 'STATE', width: 4, priority: 0 },
  ];
  it('takes the title (+1 for the sort arrow) and the widest cell in display cells', () => {
    const rows: Row[] = [
      { id: 'a', cells: ['数据库-01', 'up'] },
      { id: 'b', cells: ['x', 'running'] },
    ];
    expect(contentWidths(cols, rows)).toEqual([9, 7]);
  });
  it('samples long tables instead of measuring every row', () => {
    const rows: Row[] = Array.from({ length: 5000 }, (_, i) => ({ id: String(i), cells: ['vm', 's'] }));
    let reads = 0;
    const spy = rows.map((r) => ({ ...r, get cells() { reads++; return r.cells; } }));
    contentWidths(cols, spy);
    expect(reads).toBeLessThanOrEqual(WIDTH_SAMPLE + 1);
  });
});

describe('fitColumns with content', () => {
  const cols: Column[] = [
    { title: 'A', width: 5, priority: 0, grow: true },
    { title: 'B', width: 5, priority: 1 },
    { title: 'C', width: 5, priority: 1 },
  ];
  const total = (f: { width: number }[]) => f.reduce((s, c) => s + c.width, 0) + f.length - 1 + 2;
  it('shares the spare width among the cut columns, not all to the first', () => {
    // B's content takes 3 (< its minimum 5): 5 + 3 + 5 + 2 gaps + 2 gutter = 17; 13 spare for A and C
    const f = fitColumns(cols, 30, [20, 3, 20]);
    expect(f.map((c) => c.width)).toEqual([12, 3, 11]);
    expect(total(f)).toBe(30);
  });
  it('gives each column what it wants when it fits, the rest after the last column (never a wide first column)', () => {
    const f = fitColumns(cols, 40, [8, 3, 7]);
    expect(f.map((c) => c.width)).toEqual([8, 3, 7 + 40 - (8 + 3 + 7 + 4)]);
    expect(total(f)).toBe(40);
    const right: Column[] = cols.map((c, i) => (i === cols.length - 1 ? { ...c, align: 'right' } : c));
    expect(fitColumns(right, 40, [8, 3, 7]).map((c) => c.width)).toEqual([8, 3, 7]);
    expect(fitColumns(cols, 40).map((c) => c.width)[0]).toBeGreaterThan(cols[0]!.width); // no content widths: the growing column
  });
  it('a column that wants little is capped at its want; the others take the remainder', () => {
    const f = fitColumns(cols, 30, [40, 6, 40]);
    expect(f[1]!.width).toBe(6);
    expect(total(f)).toBe(30);
    expect(Math.abs(f[0]!.width - f[2]!.width)).toBeLessThanOrEqual(1);
  });
  it('shows the configured columns in the configured order (indexes stay the original ones)', () => {
    const f = fitColumns(cols, 40, undefined, [2, 0]);
    expect(f.map((c) => c.index)).toEqual([2, 0]);
  });
  it('takes back a narrower, less important column when dropping a wide one left room', () => {
    const wide: Column[] = [
      { title: 'A', width: 10, priority: 0, grow: true },
      { title: 'WIDE', width: 30, priority: 2 },
      { title: 'N', width: 4, priority: 5 },
    ];
    // 10 + 30 + 4 + 2 + 2 = 48 > 40: N goes first, WIDE still does not fit, so it goes too; N fits again
    expect(fitColumns(wide, 40).map((c) => c.index)).toEqual([0, 2]);
  });
  it('never exceeds the width', () => {
    for (const w of [10, 19, 25, 33, 80, 200]) expect(total(fitColumns(cols, w, [50, 50, 50]))).toBeLessThanOrEqual(Math.max(w, 19 - 12 + 2));
  });
});
