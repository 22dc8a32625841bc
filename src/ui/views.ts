// The list views: name, `:` aliases, columns and a hook that shapes the store into rows with
// narrow selectors (useShallow) and memoized pure row functions.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { freshnessOf } from '../store/freshness.js';
import type { ViewId } from './keymap.js';
import type { Column, Row } from './table.js';
import { useNow, useVd } from './store-context.js';
import { freshCell } from './panes/fresh.js';
import { NODE_COLUMNS, nodeRows } from './panes/nodes/rows.js';
import { RESOURCE_COLUMNS, resourceRows } from './panes/resources/rows.js';
import { VM_COLUMNS, vmRows } from './panes/vms/rows.js';
import { allVms } from '../store/selectors.js';
import { STORAGE_COLUMNS, storageRows } from './panes/storage/rows.js';
import { FENCE_COLUMNS, fenceRows } from './panes/fence/rows.js';
import { NET_COLUMNS, netRows } from './panes/net/rows.js';
import { LOG_COLUMNS, logRows } from './panes/logs/rows.js';
import { TIMELINE_COLUMNS, timelineRows } from './panes/timeline/rows.js';
import { ALERT_COLUMNS, alertRows } from './panes/alerts/rows.js';
import { CTX_COLUMNS, ctxRows } from './panes/ctx/rows.js';

export interface ViewEnv {
  contexts: readonly string[];
}

export interface TableViewDef {
  id: ViewId;
  title: string;
  aliases: readonly string[];
  columns: readonly Column[];
  /** Default sort column (undefined = natural order). */
  sortCol?: number;
  /** Enter on a row opens this detail view (or runs a view-specific action). */
  drill?: 'node' | 'vm' | 'resource' | 'ctx';
  useRows(env: ViewEnv): Row[];
}

// Ages are shown in whole seconds: bucketing `now` keeps memoized rows stable within a second.
const useSecond = () => Math.floor(useNow() / 1000) * 1000;

export const TABLE_VIEWS: readonly TableViewDef[] = [
  {
    id: 'nodes',
    title: 'Nodes',
    aliases: ['nodes', 'node', 'no'],
    columns: NODE_COLUMNS,
    drill: 'node',
    useRows() {
      const now = useSecond();
      const s = useVd(useShallow((s) => ({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: s.cluster.crm })));
      return useMemo(() => nodeRows(s, now), [s, now]);
    },
  },
  {
    id: 'resources',
    title: 'Resources',
    aliases: ['resources', 'res', 'rsc'],
    columns: RESOURCE_COLUMNS,
    drill: 'resource',
    useRows() {
      const now = useSecond();
      const s = useVd(useShallow((s) => ({ crm: s.cluster.crm, f: s.cluster.fresh['pacemaker'] })));
      return useMemo(() => resourceRows(s.crm, freshCell(freshnessOf(s.f, now))), [s, now]);
    },
  },
  {
    id: 'vms',
    title: 'VMs',
    aliases: ['vms', 'vm', 'domains', 'dom'],
    columns: VM_COLUMNS,
    drill: 'vm',
    useRows() {
      const now = useSecond();
      const vms = useVd(allVms);
      const nodes = useVd((s) => s.nodes);
      const warn = useVd((s) => s.thresholds.awaitWarnMs);
      return useMemo(() => vmRows(vms, nodes, now, warn), [vms, nodes, now, warn]);
    },
  },
  {
    id: 'storage',
    title: 'Storage',
    aliases: ['storage', 'sto', 'mpath', 'lun'],
    columns: STORAGE_COLUMNS,
    useRows() {
      const now = useSecond();
      const s = useVd(useShallow((s) => ({ nodeOrder: s.nodeOrder, nodes: s.nodes, thresholds: s.thresholds })));
      return useMemo(() => storageRows(s, now), [s, now]);
    },
  },
  {
    id: 'fence',
    title: 'Fencing',
    aliases: ['fence', 'fencing', 'stonith', 'sbd'],
    columns: FENCE_COLUMNS,
    useRows() {
      const now = useSecond();
      const s = useVd(useShallow((s) => ({ nodeOrder: s.nodeOrder, nodes: s.nodes, cluster: s.cluster })));
      return useMemo(() => fenceRows(s, now), [s, now]);
    },
  },
  {
    id: 'net',
    title: 'Network',
    aliases: ['net', 'network', 'bonds'],
    columns: NET_COLUMNS,
    useRows() {
      const now = useSecond();
      const s = useVd(useShallow((s) => ({ nodeOrder: s.nodeOrder, nodes: s.nodes })));
      return useMemo(() => netRows(s, now), [s, now]);
    },
  },
  {
    id: 'logs',
    title: 'Logs',
    aliases: ['logs', 'log', 'journal'],
    columns: LOG_COLUMNS,
    useRows() {
      const logs = useVd((s) => s.logs);
      return useMemo(() => logRows(logs), [logs]);
    },
  },
  {
    id: 'timeline',
    title: 'Timeline',
    aliases: ['timeline', 'tl', 'events'],
    columns: TIMELINE_COLUMNS,
    useRows() {
      const tl = useVd((s) => s.timeline);
      return useMemo(() => timelineRows(tl), [tl]);
    },
  },
  {
    id: 'alerts',
    title: 'Alerts',
    aliases: ['alerts', 'alert', 'al'],
    columns: ALERT_COLUMNS,
    useRows() {
      const now = useSecond();
      const alerts = useVd((s) => s.alerts);
      return useMemo(() => alertRows(alerts, now), [alerts, now]);
    },
  },
  {
    id: 'ctx',
    title: 'Contexts',
    aliases: ['ctx', 'context', 'contexts'],
    columns: CTX_COLUMNS,
    drill: 'ctx',
    useRows(env) {
      const name = useVd((s) => s.cluster.name);
      return useMemo(() => ctxRows(env.contexts, name), [env.contexts, name]);
    },
  },
];

export const tableView = (id: ViewId): TableViewDef | undefined => TABLE_VIEWS.find((v) => v.id === id);

/** `:` command → view id (or 'quit' / 'overview'). */
export function resolveCommand(cmd: string): ViewId | 'quit' | undefined {
  const c = cmd.trim().replace(/^:/, '').toLowerCase();
  if (c === 'q' || c === 'quit' || c === 'q!') return 'quit';
  if (c === 'overview' || c === 'home' || c === 'ov' || c === 'o') return 'overview';
  return TABLE_VIEWS.find((v) => v.aliases.includes(c))?.id;
}

export const COMMAND_NAMES: readonly string[] = ['overview', ...TABLE_VIEWS.map((v) => v.aliases[0]!), 'q'];
