// The fleet summary: one row per cluster Prometheus knows, from the three batched queries of
// queries.ts. The row shape is what `virtdeck fleet --json` prints and what `:fleet` lists.
import type { PromClient, PromSample } from '../prometheus/client.js';
import { fleetQueries } from './queries.js';

/** ok < warning < critical; unknown when no Pacemaker data reached Prometheus (never "fine"). */
export type FleetWorst = 'ok' | 'warning' | 'critical' | 'unknown';

export interface FleetFreshness {
  /** fresh: every target up; partial: some down; stale: no Pacemaker data or no target up. */
  state: 'fresh' | 'partial' | 'stale';
  /** Seconds since the freshest ha_cluster_exporter scrape (null: none). */
  ageS: number | null;
  up: number;
  targets: number;
}

export interface FleetRow {
  name: string;
  nodes: { online: number; total: number };
  /** null: no corosync data. */
  quorum: boolean | null;
  /** The DC's node name; null: no DC (election, partition) or no data. */
  dc: string | null;
  resources: { started: number; total: number };
  /** (resource, node) pairs with a fail count above 0. */
  failedActions: number;
  vms: { running: number; total: number };
  worst: FleetWorst;
  freshness: FleetFreshness;
}

export interface FleetAnswers {
  ha: readonly PromSample[];
  vms: readonly PromSample[];
  targets: readonly PromSample[];
}

export interface FleetOptions {
  /** The label naming a sample's cluster (default "cluster"). */
  clusterLabel?: string;
}

export const DEFAULT_CLUSTER_LABEL = 'cluster';

/** Runs the fleet queries (always three, whatever the number of clusters) and maps them to rows. */
export async function readFleet(client: PromClient, opts: FleetOptions = {}): Promise<FleetRow[]> {
  const label = opts.clusterLabel ?? DEFAULT_CLUSTER_LABEL;
  const q = fleetQueries(label);
  const [ha, vms, targets] = await Promise.all([client.query(q.ha), client.query(q.vms), client.query(q.targets)]);
  return fleetRows({ ha, vms, targets }, label);
}

interface HaInstance {
  measures: Map<string, number>;
  dc: string | null;
  scraped: number;
}

/** The rows for the queries' answers, sorted by cluster name. `now` defaults to the answers' evaluation time. */
export function fleetRows(a: FleetAnswers, clusterLabel = DEFAULT_CLUSTER_LABEL, now?: number): FleetRow[] {
  const evalAt = now ?? Math.max(0, ...[...a.ha, ...a.vms, ...a.targets].map((s) => s.t));
  const clusterOf = (s: PromSample) => s.labels[clusterLabel] ?? '';
  const names = new Set<string>();
  const ha = new Map<string, Map<string, HaInstance>>();
  for (const s of a.ha) {
    const c = clusterOf(s);
    if (!c) continue;
    names.add(c);
    const inst = s.labels.instance ?? '';
    const byInst = ha.get(c) ?? new Map<string, HaInstance>();
    ha.set(c, byInst);
    const h = byInst.get(inst) ?? { measures: new Map(), dc: null, scraped: 0 };
    byInst.set(inst, h);
    const q = s.labels.q ?? '';
    if (q === 'dc') h.dc = s.labels.node ?? null;
    else if (q === 'scraped') h.scraped = s.value * 1000;
    else if (q === 'resources') addResources(h.measures, s);
    else h.measures.set(q, s.value);
  }
  const perCluster = (samples: readonly PromSample[]) => {
    const m = new Map<string, Map<string, number>>();
    for (const s of samples) {
      const c = clusterOf(s);
      if (!c) continue;
      names.add(c);
      const mm = m.get(c) ?? new Map<string, number>();
      m.set(c, mm);
      const q = s.labels.q ?? '';
      mm.set(q, (mm.get(q) ?? 0) + s.value);
    }
    return m;
  };
  const vms = perCluster(a.vms);
  const targets = perCluster(a.targets);

  return [...names].sort().map((name) => {
    const inst = freshest(ha.get(name));
    const g = (k: string) => inst?.measures.get(k) ?? 0;
    const v = vms.get(name);
    const t = targets.get(name);
    const up = t?.get('targets_up') ?? 0;
    const total = t?.get('targets') ?? 0;
    const quorate = inst?.measures.get('quorate');
    const row: FleetRow = {
      name,
      nodes: { online: g('nodes_online'), total: g('nodes_total') },
      quorum: quorate === undefined ? null : quorate > 0,
      dc: inst?.dc ?? null,
      resources: { started: g('resources_started'), total: g('resources_total') },
      failedActions: g('failed_actions'),
      vms: { running: v?.get('vms_running') ?? 0, total: v?.get('vms_total') ?? 0 },
      worst: 'ok',
      freshness: {
        state: !inst || up === 0 ? 'stale' : up < total ? 'partial' : 'fresh',
        ageS: inst && inst.scraped > 0 ? Math.max(0, Math.round((evalAt - inst.scraped) / 1000)) : null,
        up,
        targets: total,
      },
    };
    row.worst = worstOf(row, inst ? g('resources_failed') : 0, inst !== undefined);
    return row;
  });
}

/** count_values by status of the per-resource maximum: v="1" is a resource active (or failed) on some node. */
function addResources(m: Map<string, number>, s: PromSample): void {
  const add = (k: string) => m.set(k, (m.get(k) ?? 0) + s.value);
  const on = s.labels.v === '1';
  if (s.labels.status === 'active') {
    add('resources_total');
    if (on) add('resources_started');
  } else if (s.labels.status === 'failed' && on) add('resources_failed');
}

/** The ha_cluster_exporter instance with the latest scrape (each reports the whole cluster). */
function freshest(instances: Map<string, HaInstance> | undefined): HaInstance | undefined {
  let best: HaInstance | undefined;
  for (const h of instances?.values() ?? []) if (!best || h.scraped > best.scraped) best = h;
  return best;
}

function worstOf(r: FleetRow, failedResources: number, haveData: boolean): FleetWorst {
  if (!haveData) return 'unknown';
  if (r.quorum === false || failedResources > 0) return 'critical';
  if (r.nodes.online < r.nodes.total || r.dc === null || r.failedActions > 0 || r.freshness.state !== 'fresh') return 'warning';
  return 'ok';
}
