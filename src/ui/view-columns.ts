// Column titles of each list view, for the config's `views.<view>.columns` (validated when the
// config loads) and for the table to turn those names into column indexes.
import type { Column } from './table.js';
import { NODE_COLUMNS } from './panes/nodes/rows.js';
import { RESOURCE_COLUMNS } from './panes/resources/rows.js';
import { VM_COLUMNS } from './panes/vms/rows.js';
import { STORAGE_COLUMNS } from './panes/storage/rows.js';
import { FENCE_COLUMNS } from './panes/fence/rows.js';
import { NET_COLUMNS } from './panes/net/rows.js';
import { LOG_COLUMNS } from './panes/logs/rows.js';
import { TIMELINE_COLUMNS } from './panes/timeline/rows.js';
import { ALERT_COLUMNS } from './panes/alerts/rows.js';
import { CTX_COLUMNS } from './panes/ctx/rows.js';

/** View id (the first `:` alias) → its columns. */
export const VIEW_COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  nodes: NODE_COLUMNS,
  resources: RESOURCE_COLUMNS,
  vms: VM_COLUMNS,
  storage: STORAGE_COLUMNS,
  fence: FENCE_COLUMNS,
  net: NET_COLUMNS,
  logs: LOG_COLUMNS,
  timeline: TIMELINE_COLUMNS,
  alerts: ALERT_COLUMNS,
  ctx: CTX_COLUMNS,
};

/** Names → column indexes (titles match case-insensitively); an unknown name is an error. */
export function columnOrder(view: string, names: readonly string[]): { ok: true; order: number[] } | { ok: false; error: string } {
  const cols = VIEW_COLUMNS[view];
  if (!cols) return { ok: false, error: `unknown view "${view}" (views: ${Object.keys(VIEW_COLUMNS).join(', ')})` };
  const order: number[] = [];
  for (const n of names) {
    const i = cols.findIndex((c) => c.title.toLowerCase() === n.trim().toLowerCase());
    if (i < 0) return { ok: false, error: `view "${view}" has no column "${n}" (columns: ${cols.map((c) => c.title).join(', ')})` };
    if (order.includes(i)) return { ok: false, error: `view "${view}" lists column "${n}" twice` };
    order.push(i);
  }
  return { ok: true, order };
}
