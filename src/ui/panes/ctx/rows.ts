// Contexts view: the clusters passed in; Enter switches.
import type { Column, Row } from '../../table.js';

export const CTX_COLUMNS: Column[] = [
  { title: 'CONTEXT', width: 20, priority: 0, grow: true },
  { title: 'ACTIVE', width: 8, priority: 1 },
];

export function ctxRows(contexts: readonly string[], current: string): Row[] {
  return contexts.map((c) => ({ id: c, cells: [c, c === current ? '● active' : ''], tone: c === current ? 'accent' : 'normal' }));
}
