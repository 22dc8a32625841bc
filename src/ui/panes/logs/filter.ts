// The logs view's quick filters (node, unit, lowest priority shown), applied before the `/`
// regex. Built from the row's sort keys (logRows: time, node, unit, priority, message), so the
// table code needs no knowledge of journal entries.
import type { Row } from '../../table.js';

export interface LogFilter {
  node?: string;
  unit?: string;
  /** Show priorities 0..maxPri only (journalctl -p semantics). */
  maxPri?: number;
}

/** A row predicate with the words the title shows for it. */
export interface RowWhere {
  label: string;
  test(r: Row): boolean;
  /** The state it was built from (the logs keys toggle it). */
  log?: LogFilter;
}

export const PRI_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** P cycles: everything → info and worse → notice… → warning… → err… → everything. */
const PRI_STEPS: readonly (number | undefined)[] = [undefined, 6, 5, 4, 3];
export const nextMaxPri = (cur: number | undefined): number | undefined => PRI_STEPS[(PRI_STEPS.indexOf(cur) + 1) % PRI_STEPS.length];

/** The row's unit as the view shows it (unit, else the syslog identifier). */
const rowUnit = (r: Row): string => r.cells[2] ?? '';

export function logWhere(f: LogFilter): RowWhere | undefined {
  const { node, unit, maxPri } = f;
  if (node === undefined && unit === undefined && maxPri === undefined) return undefined;
  const parts = [node !== undefined ? `node=${node}` : '', unit !== undefined ? `unit=${unit}` : '', maxPri !== undefined ? `pri≤${PRI_NAMES[maxPri]}` : ''];
  return {
    label: parts.filter(Boolean).join(' '),
    log: f,
    test: (r) =>
      (node === undefined || r.sortKeys?.[1] === node) &&
      (unit === undefined || rowUnit(r) === unit) &&
      (maxPri === undefined || (typeof r.sortKeys?.[3] === 'number' && r.sortKeys[3] <= maxPri)),
  };
}

/** `n` / `u`: keep only the selected row's node (unit); again on the same value: all again. */
export function toggleLogField(f: LogFilter, field: 'node' | 'unit', row: Row | undefined): LogFilter {
  const { [field]: cur, ...rest } = f;
  const v = row ? (field === 'node' ? String(row.sortKeys?.[1] ?? row.cells[1] ?? '') : rowUnit(row)) : undefined;
  if (v === undefined || cur !== undefined) return rest;
  return { ...rest, [field]: v };
}
