// Contexts view: the clusters passed in; Enter switches. The cluster on screen is always listed,
// also when no config names it (the demo, --nodes, --from): an empty list reads as "nothing here".
import type { Column, Row } from '../../table.js';

export const CTX_COLUMNS: Column[] = [
  { title: 'CONTEXT', width: 20, priority: 0, grow: true },
  { title: 'ACTIVE', width: 24, priority: 1 },
];

export function ctxRows(contexts: readonly string[], current: string): Row[] {
  const rows: Row[] = contexts.map((c) => ({ id: c, cells: [c, c === current ? '● active' : ''], tone: c === current ? 'accent' : 'normal' }));
  if (!contexts.includes(current)) rows.unshift({ id: current, cells: [current, '● active, not in config'], tone: 'accent' });
  return rows;
}
