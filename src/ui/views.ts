// The list views: name, `:` aliases, columns and a function that shapes the store into rows,
// memoised on the parts of the state it reads (and the second, for ages).
import { freshnessOf } from '../store/freshness.js';
import type { VdState } from '../store/types.js';
import { sameDeps } from '../store/same-deps.js';
import type { ViewId } from './keymap.js';
import type { Column, Row } from './table.js';
import { freshCell } from './panes/fresh.js';
import { NODE_COLUMNS, nodeRows } from './panes/nodes/rows.js';
import { RESOURCE_COLUMNS, resourceRows } from './panes/resources/rows.js';
import { VM_COLUMNS, vmRowsByNode } from './panes/vms/rows.js';
import type { VdSelectors } from '../store/selectors.js';
import { STORAGE_COLUMNS, storageRows } from './panes/storage/rows.js';
import { FENCE_COLUMNS, fenceRows } from './panes/fence/rows.js';
import { NET_COLUMNS, netRows } from './panes/net/rows.js';
import { LOG_COLUMNS, logRows } from './panes/logs/rows.js';
import { TIMELINE_COLUMNS, timelineRows } from './panes/timeline/rows.js';
import { ALERT_COLUMNS, alertRows } from './panes/alerts/rows.js';
import { CTX_COLUMNS, ctxRows } from './panes/ctx/rows.js';
import { JOB_COLUMNS, jobRows } from './panes/jobs/rows.js';
import { FLEET_COLUMNS, fleetViewRows } from './panes/fleet/rows.js';
import type { FleetSnapshot } from '../fleet/feed.js';
import type { SourceView } from './source-view.js';
import { SOURCE_VIEWS } from './source-views.js';

export interface ViewEnv {
  contexts: readonly string[];
  /** Alert groups the operator opened with Enter (their members are listed under them). */
  openGroups?: ReadonlySet<string>;
  /** Columns to show per view, in order (indexes; from the config's `views.<view>.columns`). */
  columnOrder?: Readonly<Partial<Record<ViewId, readonly number[]>>>;
  /** The fleet Prometheus's last answer (undefined: no fleet configured). */
  fleet?: FleetSnapshot;
}

export interface TableViewDef {
  id: ViewId;
  title: string;
  aliases: readonly string[];
  columns: readonly Column[];
  /** Default sort column (undefined = natural order). */
  sortCol?: number;
  /** Enter on a row opens this detail view (or runs a view-specific action). */
  drill?: 'node' | 'vm' | 'resource' | 'ctx' | 'fleet';
  /** Rows for state `s` at clock `now`; returns the same array while its inputs are unchanged.
   *  `sel`: the store's selectors (useSelectors), which also key the rows' memory per store. */
  rows(s: VdState, now: number, env: ViewEnv, sel: VdSelectors): Row[];
}

/** `shape(deps, second, state)` recomputed only when a dependency changed (Object.is) or, for views with
 *  ages, the second did: ages are shown in whole seconds, so rows stay stable within one. */
function memoRows<D extends readonly unknown[]>(deps: (s: VdState, env: ViewEnv, sel: VdSelectors) => D, shape: (d: D, now: number, s: VdState) => Row[], ages = true): TableViewDef['rows'] {
  const lastOf = new WeakMap<VdSelectors, { d: D; now: number; rows: Row[] }>();
  return (s, now, env, sel) => {
    const d = deps(s, env, sel);
    const sec = ages ? Math.floor(now / 1000) * 1000 : 0;
    const last = lastOf.get(sel);
    if (last && last.now === sec && sameDeps(last.d, d)) return last.rows;
    const next = { d, now: sec, rows: shape(d, sec, s) };
    lastOf.set(sel, next);
    return next.rows;
  };
}

export const TABLE_VIEWS: readonly TableViewDef[] = [
  {
    id: 'nodes',
    title: 'Nodes',
    aliases: ['nodes', 'node', 'no'],
    columns: NODE_COLUMNS,
    drill: 'node',
    rows: memoRows(
      (s) => [s.nodeOrder, s.nodes, s.cluster.crm, s.history] as const,
      ([nodeOrder, nodes, crm, history], now) => nodeRows({ nodeOrder, nodes, crm, history }, now),
    ),
  },
  {
    id: 'resources',
    title: 'Resources',
    aliases: ['resources', 'res', 'rsc'],
    columns: RESOURCE_COLUMNS,
    drill: 'resource',
    rows: memoRows(
      (s) => [s.cluster.crm, s.cluster.fresh['pacemaker']] as const,
      ([crm, f], now) => resourceRows(crm, freshCell(freshnessOf(f, now))),
    ),
  },
  {
    id: 'vms',
    title: 'VMs',
    aliases: ['vms', 'vm', 'domains', 'dom'],
    columns: VM_COLUMNS,
    drill: 'vm',
    rows: memoRows(
      (s, _env, sel) => [sel.vmsByNode(s), s.nodes, s.thresholds.awaitWarnMs, s.history] as const,
      ([groups, nodes, warn, history], now) => vmRowsByNode(groups, nodes, now, warn, history),
    ),
  },
  {
    id: 'storage',
    title: 'Storage',
    aliases: ['storage', 'sto', 'mpath', 'lun'],
    columns: STORAGE_COLUMNS,
    rows: memoRows(
      (s) => [s.nodeOrder, s.nodes, s.thresholds, s.history] as const,
      ([nodeOrder, nodes, thresholds, history], now) => storageRows({ nodeOrder, nodes, thresholds, history }, now),
    ),
  },
  {
    id: 'fence',
    title: 'Fencing',
    aliases: ['fence', 'fencing', 'stonith', 'sbd'],
    columns: FENCE_COLUMNS,
    rows: memoRows(
      (s) => [s.nodeOrder, s.nodes, s.cluster] as const,
      ([nodeOrder, nodes, cluster], now) => fenceRows({ nodeOrder, nodes, cluster }, now),
    ),
  },
  {
    id: 'net',
    title: 'Network',
    aliases: ['net', 'network', 'bonds'],
    columns: NET_COLUMNS,
    rows: memoRows(
      (s) => [s.nodeOrder, s.nodes] as const,
      ([nodeOrder, nodes], now) => netRows({ nodeOrder, nodes }, now),
    ),
  },
  {
    id: 'logs',
    title: 'Logs',
    aliases: ['logs', 'log', 'journal'],
    columns: LOG_COLUMNS,
    rows: memoRows((s) => [s.logs] as const, ([logs]) => logRows(logs), false),
  },
  {
    id: 'timeline',
    title: 'Timeline',
    aliases: ['timeline', 'tl', 'events'],
    columns: TIMELINE_COLUMNS,
    rows: memoRows((s) => [s.timeline] as const, ([tl]) => timelineRows(tl), false),
  },
  {
    id: 'alerts',
    title: 'Alerts',
    aliases: ['alerts', 'alert', 'al'],
    columns: ALERT_COLUMNS,
    rows: memoRows((s, env) => [s.alerts, env.openGroups] as const, ([alerts, open], now) => alertRows(alerts, now, open)),
  },
  {
    id: 'ctx',
    title: 'Contexts',
    aliases: ['ctx', 'context', 'contexts'],
    columns: CTX_COLUMNS,
    drill: 'ctx',
    rows: memoRows((s, env) => [env.contexts, s.cluster.name] as const, ([contexts, name]) => ctxRows(contexts, name), false),
  },
  {
    id: 'jobs',
    title: 'Jobs',
    aliases: ['jobs', 'job', 'actions'],
    columns: JOB_COLUMNS,
    rows: memoRows((s) => [s.actions, s.cluster.unfinishedActions] as const, ([actions, unfinished]) => jobRows(actions, unfinished), false),
  },
  {
    id: 'fleet',
    title: 'Fleet',
    aliases: ['fleet', 'clusters'],
    columns: FLEET_COLUMNS,
    drill: 'fleet',
    rows: memoRows((_s, env) => [env.fleet, env.contexts] as const, ([fleet, contexts], now) => fleetViewRows(fleet, contexts, now)),
  },
  ...SOURCE_VIEWS.map(sourceTableView),
];

/** A source folder's view (source-views.ts) as a table view: its rows memoised on its deps. */
function sourceTableView(v: SourceView<ViewId>): TableViewDef {
  const rows = memoRows((s) => v.deps(s), (_d, now, s) => v.rows(s, now));
  return { id: v.id, title: v.title, aliases: v.aliases, columns: v.columns, ...(v.sortCol === undefined ? {} : { sortCol: v.sortCol }), rows };
}

export const tableView = (id: ViewId): TableViewDef | undefined => TABLE_VIEWS.find((v) => v.id === id);

/** `:` command → view id (or 'quit' / 'overview'). */
export function resolveCommand(cmd: string): ViewId | 'quit' | undefined {
  const c = cmd.trim().replace(/^:/, '').toLowerCase();
  if (QUIT_ALIASES.includes(c)) return 'quit';
  if (OVERVIEW_ALIASES.includes(c)) return 'overview';
  return TABLE_VIEWS.find((v) => v.aliases.includes(c))?.id;
}

const QUIT_ALIASES: readonly string[] = ['q', 'quit', 'q!'];
const OVERVIEW_ALIASES: readonly string[] = ['overview', 'home', 'ov', 'o'];

/** Every `:` command with its aliases (what resolveCommand accepts), for the help overlay. */
export const COMMAND_ALIASES: readonly { title: string; aliases: readonly string[] }[] = [
  { title: 'Overview', aliases: OVERVIEW_ALIASES },
  ...TABLE_VIEWS.map((v) => ({ title: v.title, aliases: v.aliases })),
  { title: 'Quit', aliases: QUIT_ALIASES },
];

export const COMMAND_NAMES: readonly string[] = ['overview', ...TABLE_VIEWS.map((v) => v.aliases[0]!), 'q'];
