// The Prometheus backend: a collector runtime that reads one cluster's series from Prometheus
// instead of polling nodes over SSH, and writes them through the store's mutators like the SSH
// collectors do (the store stays the only meeting point; panes read it unchanged).
//
// One refresh = a fixed set of queries (queries.ts), whatever the number of nodes. Freshness:
// a source of a node is written only when its target was scraped since the last write, so data
// that Prometheus no longer refreshes ages into "stale" by the store's own rule; a target whose
// `up` is 0 marks its sources failed (old data kept, shown stale/error, never "fine").
import type { VdStore } from '../store/store.js';
import { storeControl } from '../store/store.js';
import type { SourceId } from '../store/types.js';
import type { ScrapeTarget } from '../ssh/runner.js';
import type { CollectorsHandle } from '../collectors/runtime.js';
import { nodeName } from '../model/names.js';
import type { PromClient, PromSample } from './client.js';
import { refreshQueries, type RefreshQueries } from './queries.js';
import { crmFromSeries } from './map-pacemaker.js';
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';
import { targetsDownText } from '../store/targets-down.js';
import { libvirtDown, nodeOfLabels, nodeSlices, vmSlices } from './map-nodes.js';
import { collectorSuccess, corosyncFromSeries, HA_LOCAL_METRICS, sbdFromSeries } from './map-local.js';


/** Sources the exporters carry nothing for: shown as "not available from Prometheus". */
export const NODE_SOURCES_NOT_EXPORTED: readonly SourceId[] = ['multipath', 'capabilities', 'vmevents', 'journal'];
const NODE_SOURCES: readonly SourceId[] = ['host', 'iostat', 'network', 'vms'];
/**
 * Read from the node's own ha_cluster_exporter (map-local.ts), whose corosync and sbd collectors
 * register only where the tools and the sbd configuration exist: "not available from
 * Prometheus" until an instance of that node shows the collector. What they lack (knet links,
 * sbd slots, the watchdog) is marked not collected inside the slice, never read as a fault.
 */
const HA_LOCAL_SOURCES = ['corosync', 'sbd'] as const satisfies readonly SourceId[];
export const CLUSTER_SOURCES_NOT_EXPORTED: readonly SourceId[] = ['stonith'];

export interface PromBackendOptions {
  client: PromClient;
  store: VdStore;
  /** The cluster's label selector, e.g. {cluster="prod-a"}. */
  match: string;
  /** Label naming the node (default: the host part of `instance`). */
  nodeLabel?: string;
  /** Refresh cadence (live); also the sources' expected interval. Default 5 s. */
  intervalMs?: number;
  log?: (m: string) => void;
}

export interface RefreshStats {
  queries: number;
  ms: number;
  series: number;
  /** The ha_cluster_exporter instance the cluster view came from. */
  haInstance?: string;
}

/** A target is its instance AND job: sites often label every exporter of a host with the same instance. */
const targetKey = (labels: { readonly instance?: string; readonly job?: string }): string => `${labels.instance ?? ''}\0${labels.job ?? ''}`;

export interface Target {
  instance: string;
  job: string;
  node: string;
  up: boolean;
  scrapedAt: number;
}

export class PrometheusBackend implements CollectorsHandle {
  private readonly q: RefreshQueries;
  private readonly intervalMs: number;
  /** Per node and source: scrape time of the data last written (write only what is newer). */
  private readonly written = new Map<string, number>();
  /** Which sources each target fed (so a target going down marks exactly those). */
  private readonly fed = new Map<string, Set<SourceId>>();
  /** Per target: its `up` and since when (the node detail says which exporters are down since when). */
  private readonly upSince = new Map<string, { up: boolean; since: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<RefreshStats> | undefined;
  private stopped = false;
  last?: RefreshStats;

  constructor(private readonly o: PromBackendOptions) {
    this.q = refreshQueries(o.match);
    this.intervalMs = o.intervalMs ?? 5_000;
    this.registerCluster();
  }

  /** Polls every intervalMs until stop(). */
  start(): void {
    const loop = () => {
      if (this.stopped) return;
      void this.refreshNow()
        .catch(() => undefined)
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(loop, this.intervalMs);
          this.timer.unref?.();
        });
    };
    loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  collectOnce(): Promise<void> {
    return this.refreshNow().then(() => undefined);
  }
  refresh(): void {
    void this.refreshNow().catch(() => undefined);
  }
  nodes(): string[] {
    return this.o.store.getState().nodeOrder;
  }
  refreshSources(): Promise<void> {
    return this.collectOnce();
  }

  /** One refresh; concurrent callers share the one in flight. Errors are in the store (and rethrown). */
  refreshNow(): Promise<RefreshStats> {
    this.running ??= this.refreshOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private registerCluster(): void {
    const st = this.o.store.getState();
    st.registerSource('pacemaker', undefined, this.intervalMs);
    for (const s of CLUSTER_SOURCES_NOT_EXPORTED) st.markError(s, undefined, NOT_FROM_PROMETHEUS);
  }

  private ensureNode(node: string): boolean {
    const st = this.o.store.getState();
    if (st.nodes[node]) return true;
    try {
      nodeName(node);
    } catch {
      this.o.log?.(`prometheus: ignoring series of node ${JSON.stringify(node)}: not a valid node name`);
      return false;
    }
    st.addNode(node);
    for (const s of [...NODE_SOURCES, ...HA_LOCAL_SOURCES]) st.registerSource(s, node, this.intervalMs);
    for (const s of [...NODE_SOURCES_NOT_EXPORTED, ...HA_LOCAL_SOURCES]) st.markError(s, node, NOT_FROM_PROMETHEUS);
    return true;
  }

  private async refreshOnce(): Promise<RefreshStats> {
    const t0 = Date.now();
    const c = this.o.client;
    const q0 = c.queries;
    const store = this.o.store;
    let up: PromSample[], scraped: PromSample[], haLocal: PromSample[], nodeGauges: PromSample[], nodeRates: PromSample[], vmGauges: PromSample[], vmRates: PromSample[];
    let haSeries: PromSample[] = [];
    let ha: Target | undefined;
    let targets: Target[];
    try {
      [up, scraped, haLocal, nodeGauges, nodeRates, vmGauges, vmRates] = await Promise.all([
        c.query(this.q.up),
        c.query(this.q.scrapedAt),
        c.query(this.q.haLocal),
        c.query(this.q.nodeGauges),
        c.query(this.q.nodeRates),
        c.query(this.q.vmGauges),
        c.query(this.q.vmRates),
      ]);
      targets = this.targetsOf(up, scraped);
      ha = freshestHa(targets, haLocal);
      if (ha) haSeries = await c.query(this.q.ha(ha.instance));
    } catch (e) {
      // Prometheus unreachable or refusing: every source fails (data kept, ageing out).
      const msg = e instanceof Error ? e.message : String(e);
      storeControl(store).batch(() => {
        const st = store.getState();
        st.markError('pacemaker', undefined, msg);
        for (const n of st.nodeOrder) for (const s of NODE_SOURCES) st.markError(s, n, msg);
      });
      throw e;
    }
    const nodes = nodeSlices(nodeGauges, nodeRates, this.o.nodeLabel);
    const vms = vmSlices(vmGauges, vmRates, this.o.nodeLabel);
    const crm = crmFromSeries(haSeries);
    const byKey = new Map(targets.map((t) => [targetKey(t), t]));
    /** Per node: the newest scrape among the targets whose series are in `samples` (one pass). */
    const newestByNode = (...lists: readonly (readonly PromSample[])[]): Map<string, { at: number; target: string }> => {
      const out = new Map<string, { at: number; target: string }>();
      for (const list of lists)
        for (const s of list) {
          const node = nodeOfLabels(s.labels, this.o.nodeLabel);
          const target = targetKey(s.labels);
          const at = byKey.get(target)?.scrapedAt ?? 0;
          if (node !== undefined && at > (out.get(node)?.at ?? 0)) out.set(node, { at, target });
        }
      return out;
    };
    const local = this.haLocalByNode(haLocal, byKey);
    const hostAt = newestByNode(nodeGauges);
    const ioAt = newestByNode(nodeRates);
    const netAt = newestByNode(nodeGauges, nodeRates);
    const vmAt = newestByNode(vmGauges);

    // New nodes first, committed: reads inside the batch below (getState) see committed state only.
    const seen = new Set([...targets.map((t) => t.node), ...nodes.host.keys(), ...nodes.io.keys(), ...nodes.net.keys(), ...vms.keys()]);
    const known = new Set([...seen].filter((n) => this.ensureNode(n)));
    storeControl(store).batch(() => {
      const st = () => store.getState();
      const put = (node: string, source: SourceId, scraped: Map<string, { at: number; target: string }>, write: () => void) => {
        if (!known.has(node)) return;
        const { at = 0, target = '' } = scraped.get(node) ?? {};
        if (target) this.fed.set(target, (this.fed.get(target) ?? new Set()).add(source));
        const key = `${node}\0${source}`;
        const prev = this.written.get(key) ?? 0;
        if (at <= prev) return;
        this.written.set(key, at);
        if (prev > 0) this.followScrapes(source, node, at - prev);
        write();
      };
      for (const [node, host] of nodes.host) put(node, 'host', hostAt, () => st().setNodeData(node, 'host', { host }));
      for (const [node, io] of nodes.io) put(node, 'iostat', ioAt, () => st().setNodeData(node, 'iostat', { io }));
      for (const [node, net] of nodes.net) put(node, 'network', netAt, () => st().setNodeData(node, 'network', net));
      for (const [node, list] of vms) put(node, 'vms', vmAt, () => st().setNodeData(node, 'vms', { vms: list }));
      for (const [node, instance] of libvirtDown(vmGauges, this.o.nodeLabel)) if (known.has(node)) st().markError('vms', node, `libvirt exporter ${instance}: libvirt_up is 0 (it cannot reach libvirt)`);
      for (const [node, l] of local) {
        if (!known.has(node)) continue;
        const ok = collectorSuccess(l.samples);
        const at = new Map([[node, { at: l.at, target: l.target }]]);
        const failed = (c: (typeof HA_LOCAL_SOURCES)[number]) => st().markError(c, node, `ha_cluster_exporter on ${l.instance}: its ${c} collector failed`);
        const corosync = corosyncFromSeries(l.samples);
        if (ok.get('corosync') === false) failed('corosync');
        else if (corosync) put(node, 'corosync', at, () => st().setNodeData(node, 'corosync', corosync));
        if (ok.get('sbd') === false) failed('sbd');
        else if (ok.get('sbd')) put(node, 'sbd', at, () => st().setNodeData(node, 'sbd', { sbd: sbdFromSeries(l.samples) }));
      }
      if (crm && ha) {
        const prev = this.written.get('\0pacemaker') ?? 0;
        if (ha.scrapedAt > prev) {
          this.written.set('\0pacemaker', ha.scrapedAt);
          if (prev > 0) this.followScrapes('pacemaker', undefined, ha.scrapedAt - prev);
          st().setClusterData('pacemaker', ha.node, { crm });
        }
      } else st().markError('pacemaker', undefined, ha ? `ha_cluster_exporter on ${ha.instance} reports no Pacemaker series` : `no ha_cluster_exporter target up for ${this.o.match}`);
      // A target that is down: what it fed is failed (kept, shown stale/error).
      for (const t of targets) {
        if (t.up) continue;
        const why = `prometheus: target ${t.instance} (job ${t.job}) is down`;
        for (const s of this.fed.get(targetKey(t)) ?? []) st().markError(s, t.node, why);
      }
      const t1 = Date.now();
      for (const t of targets) {
        const prev = this.upSince.get(targetKey(t));
        if (prev?.up !== t.up) this.upSince.set(targetKey(t), { up: t.up, since: t1 });
      }
      for (const node of new Set(targets.map((t) => t.node))) {
        const mine = targets.filter((t) => t.node === node);
        const down = mine.filter((t) => !t.up);
        const n = st().nodes[node];
        if (!n) continue;
        const status = down.length === mine.length ? 'down' : 'up';
        const scrape = mine.map((t) => ({ job: t.job, instance: t.instance, up: t.up, since: this.upSince.get(targetKey(t))!.since }));
        if (n.conn.status === status && (status === 'up' || n.conn.error) && sameTargets(n.conn.targets, scrape)) continue;
        st().setConn({
          node,
          status,
          since: n.conn.status === status ? n.conn.since : t1,
          attempts: 0,
          openChannels: 0,
          queued: 0,
          targets: scrape,
          ...(status === 'down' ? { error: { kind: 'unreachable' as const, message: targetsDownText(scrape) } } : {}),
        });
      }
    });
    const stats: RefreshStats = { queries: c.queries - q0, ms: Date.now() - t0, series: up.length + haSeries.length + haLocal.length + nodeGauges.length + nodeRates.length + vmGauges.length + vmRates.length };
    if (ha) stats.haInstance = ha.instance;
    this.last = stats;
    return stats;
  }

  /**
   * A source's expected interval is the slower of the refresh and Prometheus' scrape interval
   * (seen as the gap between two scrapes): data refreshed every 30 s by a 30 s scrape is not
   * stale after 2 × a 5 s refresh.
   */
  private followScrapes(source: SourceId, node: string | undefined, gapMs: number): void {
    const ms = Math.max(this.intervalMs, Math.ceil(gapMs / 1000) * 1000);
    const f = node === undefined ? this.o.store.getState().cluster.fresh[source] : this.o.store.getState().nodes[node]?.fresh[source];
    if (f?.intervalMs !== ms) this.o.store.getState().registerSource(source, node, ms);
  }

  /** Per node: the series of its freshest ha_cluster_exporter target that is up (one per node at a site). */
  private haLocalByNode(haLocal: readonly PromSample[], byKey: ReadonlyMap<string, Target>): Map<string, { instance: string; target: string; at: number; samples: PromSample[] }> {
    const byTarget = new Map<string, PromSample[]>();
    for (const s of haLocal) {
      const k = targetKey(s.labels);
      const list = byTarget.get(k);
      if (list) list.push(s);
      else byTarget.set(k, [s]);
    }
    const out = new Map<string, { instance: string; target: string; at: number; samples: PromSample[] }>();
    for (const [target, samples] of byTarget) {
      const t = byKey.get(target);
      if (!t?.up) continue;
      const prev = out.get(t.node);
      if (!prev || t.scrapedAt > prev.at) out.set(t.node, { instance: t.instance, target, at: t.scrapedAt, samples });
    }
    return out;
  }

  private targetsOf(up: readonly PromSample[], scraped: readonly PromSample[]): Target[] {
    const at = new Map(scraped.map((s) => [targetKey(s.labels), s.value * 1000]));
    const out: Target[] = [];
    for (const s of up) {
      const node = nodeOfLabels(s.labels, this.o.nodeLabel);
      const instance = s.labels.instance ?? '';
      if (!node || !instance) continue;
      const job = s.labels.job ?? '';
      out.push({ instance, job, node, up: s.value === 1, scrapedAt: at.get(targetKey(s.labels)) ?? 0 });
    }
    return out;
  }
}

const sameTargets = (a: readonly ScrapeTarget[] | undefined, b: readonly ScrapeTarget[]): boolean =>
  a !== undefined && a.length === b.length && a.every((x, i) => x.job === b[i]!.job && x.instance === b[i]!.instance && x.up === b[i]!.up && x.since === b[i]!.since);

/**
 * Each ha_cluster_exporter reports the whole cluster: the view comes from ONE instance, the
 * freshest that is up, preferring one whose pacemaker collector succeeded. ha_cluster_scrape_success
 * (present on every instance) tells which targets are ha_cluster_exporters.
 */
export function freshestHa(targets: readonly Target[], haLocal: readonly PromSample[]): Target | undefined {
  const ok = new Map<string, boolean>();
  for (const s of haLocal) if (s.labels.__name__ === HA_LOCAL_METRICS.success && s.labels.collector === 'pacemaker') ok.set(targetKey(s.labels), s.value === 1);
  const good = (t: Target) => Number(ok.get(targetKey(t)));
  return targets.filter((t) => t.up && ok.has(targetKey(t))).sort((a, b) => good(b) - good(a) || b.scrapedAt - a.scrapedAt)[0];
}
