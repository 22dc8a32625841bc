// :fleet — one row per cluster the fleet Prometheus knows (src/fleet/). Enter opens the cluster's
// overview from Prometheus; the SSH console (actions) only where a context of that name exists.
import { fleetCells, FLEET_TITLES } from '../../../fleet/cells.js';
import type { FleetRow, FleetWorst } from '../../../fleet/fleet.js';
import type { FleetSnapshot } from '../../../fleet/feed.js';
import type { Column, Row } from '../../table.js';
import type { Tone } from '../../theme.js';

const WIDTHS = [18, 7, 6, 12, 9, 6, 11, 8, 22];
export const FLEET_COLUMNS: Column[] = FLEET_TITLES.map((title, i) => ({
  title,
  width: WIDTHS[i]!,
  priority: i === 0 ? 0 : i === 7 ? 1 : i + 1,
  ...(i === 0 ? { grow: true } : {}),
  ...([1, 4, 5, 6].includes(i) ? { align: 'right' as const } : {}),
}));

const WORST_TONE: Record<FleetWorst, Tone> = { ok: 'ok', warning: 'warn', critical: 'crit', unknown: 'stale' };
const WORST_RANK: Record<FleetWorst, number> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

function fleetRow(r: FleetRow, hasSsh: boolean): Row {
  const cells = fleetCells(r);
  if (hasSsh) cells[0] = `${cells[0]} ⇄`;
  return {
    id: r.name,
    cells,
    tone: WORST_TONE[r.worst],
    cellTones: [undefined, r.nodes.online < r.nodes.total ? 'warn' : undefined, r.quorum === false ? 'crit' : undefined, r.dc === null ? 'warn' : undefined, undefined, r.failedActions > 0 ? 'warn' : undefined, undefined, WORST_TONE[r.worst], r.freshness.state === 'fresh' ? 'muted' : 'stale'],
    // Numbers sort as numbers: nodes by online, resources by started, VMs by running; worst by severity.
    sortKeys: [r.name, r.nodes.online, r.quorum === null ? -1 : Number(r.quorum), r.dc ?? '', r.resources.started, r.failedActions, r.vms.running, WORST_RANK[r.worst], r.freshness.ageS ?? Infinity],
  };
}

/** Not refreshed for two refresh intervals (the feed polls only while :fleet is shown, and keeps
 *  the last rows when Prometheus fails). */
const notRefreshed = (snap: FleetSnapshot, now: number): boolean => snap.at !== undefined && snap.intervalMs !== undefined && now - snap.at > 2 * snap.intervalMs;

/**
 * A row as shown at `now`: as read while its snapshot is recent; once not refreshed for two
 * intervals, stale, its age counted to now (whatever it was when read).
 */
export function agedFleetRow(r: FleetRow, snap: FleetSnapshot, now: number): FleetRow {
  if (!notRefreshed(snap, now)) return r;
  const f = r.freshness;
  return { ...r, freshness: { ...f, state: 'stale', ageS: f.ageS === null ? null : f.ageS + Math.floor((now - snap.at!) / 1000) } };
}

// Rows of a recent snapshot do not change with the clock: the same array each second (no redraw).
const recent = new WeakMap<FleetSnapshot, { contexts: readonly string[]; rows: Row[] }>();

/** The rows at `now`; before the first answer or when Prometheus fails, one row that says so. */
export function fleetViewRows(snap: FleetSnapshot | undefined, contexts: readonly string[], now: number): Row[] {
  if (!snap) return [{ id: '', cells: ['no fleet configured: "fleet": {"prometheus": URL} in the config file'], tone: 'muted' }];
  const fresh = !notRefreshed(snap, now);
  const kept = fresh ? recent.get(snap) : undefined;
  if (kept && kept.contexts === contexts) return kept.rows;
  const rows = (snap.rows ?? []).map((r) => fleetRow(agedFleetRow(r, snap, now), contexts.includes(r.name)));
  if (snap.error) rows.unshift({ id: '', cells: [`Prometheus: ${snap.error}`], tone: 'crit' });
  else if (!snap.rows) rows.push({ id: '', cells: ['reading Prometheus…'], tone: 'muted' });
  if (fresh) recent.set(snap, { contexts, rows });
  return rows;
}
