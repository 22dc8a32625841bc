import { describe, expect, it } from 'vitest';
import { EMPTY_TABLE_UI, type TableInfo, type TableUi } from '../components/TableView.js';
import type { Row } from '../table.js';
import { table, tableOf, updateTable, type TableEvent } from './table.js';

const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, cells: [`r${i}`] }));
const drawn = (n: number, cursor = 0, pageSize = 5): TableInfo => ({ rows: rows(n), cursor, start: 0, pageSize });
const run = (events: TableEvent[], t: TableUi = EMPTY_TABLE_UI) => events.reduce(table, t);

describe('a list view state', () => {
  it('cursor moves are clamped to the rows drawn and keep the cursor inside the window', () => {
    const d = drawn(12);
    const t = run([{ type: 'cursor', move: { pages: 1 }, drawn: d }, { type: 'cursor', move: { by: 1 }, drawn: d }]);
    expect(t.cursor).toBe(6);
    expect(t.start).toBe(2);
    expect(run([{ type: 'cursor', move: { to: 'end' }, drawn: d }]).cursor).toBe(11);
    expect(run([{ type: 'cursor', move: { by: -3 }, drawn: d }]).cursor).toBe(0);
    expect(run([{ type: 'cursor', move: { pages: 9 }, drawn: d }]).cursor).toBe(11);
  });

  it('following, a move starts from the last row (where the table pins the cursor); moving off it stops following', () => {
    const following = { ...EMPTY_TABLE_UI, follow: true, cursor: 0 };
    const up = run([{ type: 'cursor', move: { by: -1 }, drawn: drawn(10, 9) }], following);
    expect(up.cursor).toBe(8);
    expect(up.follow).toBe(false);
    expect(run([{ type: 'cursor', move: { by: 1 }, drawn: drawn(10, 9) }], following).follow).toBe(true);
  });

  it('marks toggle; the filter and the log quick filters start over at the top', () => {
    const t = run([{ type: 'mark', id: 'a' }, { type: 'mark', id: 'b' }, { type: 'mark', id: 'a' }]);
    expect([...t.marks]).toEqual(['b']);
    expect(run([{ type: 'marks.clear' }], t).marks.size).toBe(0);
    const moved = { ...EMPTY_TABLE_UI, cursor: 7, start: 3 };
    expect(run([{ type: 'filter', text: 'web' }], moved)).toMatchObject({ filter: 'web', cursor: 0, start: 0 });
    const row: Row = { id: 'l1', cells: ['t', 'n2', 'pacemakerd', 'err', 'x'], sortKeys: [1, 'n2', 'pacemakerd', 3] };
    const byNode = run([{ type: 'logs.field', field: 'node', row }], moved);
    expect(byNode).toMatchObject({ cursor: 0, start: 0 });
    expect(byNode.where?.label).toBe('node=n2');
    expect(byNode.where?.test(row)).toBe(true);
    const pri = run([{ type: 'logs.priority' }, { type: 'logs.field', field: 'node', row }], byNode);
    expect(pri.where?.label).toBe('pri≤info');
    expect(run([{ type: 'logs.field', field: 'node', row }], byNode).where).toBeUndefined();
  });

  it('s cycles natural order → each column → natural order; S reverses; a pick of the current column reverses it', () => {
    const choices = [undefined, 2, 0];
    const seen = [1, 2, 3].map((n) => run(Array.from({ length: n }, () => ({ type: 'sort.next', choices }) as const)).sortCol);
    expect(seen).toEqual([2, 0, undefined]);
    expect(run([{ type: 'sort.reverse' }]).sortRev).toBe(true);
    expect(run([{ type: 'sort.pick', col: 2 }, { type: 'sort.pick', col: 2 }])).toMatchObject({ sortCol: 2, sortRev: true });
  });

  it('each view keeps its own state', () => {
    const all = updateTable(updateTable({}, 'vms', { type: 'mark', id: 'a' }), 'logs', { type: 'wrap' });
    expect(tableOf(all, 'vms').marks.size).toBe(1);
    expect(tableOf(all, 'logs').wrap).toBe(true);
    expect(tableOf(all, 'nodes')).toBe(EMPTY_TABLE_UI);
  });
});
