// The `virtdeck snapshot --json` document and its human-readable rendering. Every entry carries
// the freshness of the source it came from, so a script can tell "fine" from "not looked at".
import { flattenResources, nodeKind, nodeProvider, quorumState, type CrmFailedAction, type CrmFenceEvent, type CrmNode, type CrmNodeKind, type CrmResource } from '../model/pacemaker.js';
import { errorLine, reachabilityOf, reasonWords, type ReachReason } from './reach.js';
import { mapHealth, type PathHealth } from '../model/multipath.js';
import type { HugepagePool, LoadAvg } from '../model/host.js';
import type { SbdStatus } from '../model/fencing.js';
import { formatAge, sourceFreshness } from './freshness.js';
import { SOURCES } from '../collectors/registry.js';
import { storageSnapshot, type StorageSnapshot } from '../collectors/storage/snapshot.js';
import { POOL_FULL_PCT } from '../collectors/storage/alert.js';
import { allVms, fencingReadiness, type NodeFencing } from './selectors.js';
import { memUsedPct } from './alerts.js';
import type { Alert, FreshState, Freshness, SourceId, TimelineEntry, VdState } from './types.js';

export const SNAPSHOT_VERSION = 1;
export const SNAPSHOT_TIMELINE = 100;

export interface SnapFresh {
  state: FreshState;
  ageMs?: number;
}
export interface SnapSourceFresh extends SnapFresh {
  error?: string;
  via?: string;
  /** Not collected, and why (e.g. "not available from Prometheus"): neither an error nor stale. */
  notCollected?: string;
}

export interface Snapshot {
  version: number;
  generatedAt: string;
  /** Where the data came from when not over SSH: "prometheus" (src/prometheus/). */
  source?: 'prometheus';
  cluster: {
    name: string;
    dc?: string;
    /** null: unknown (see quorumUnknown), never false for "not known". */
    quorum?: boolean | null;
    quorumUnknown?: string;
    stonithEnabled?: boolean;
    maintenanceMode?: boolean;
    freshness: Partial<Record<SourceId, SnapSourceFresh>>;
  };
  nodes: {
    name: string;
    /** Pacemaker's kind of node (bundle replicas are guests); absent when Pacemaker doesn't list it. */
    type?: CrmNodeKind;
    /** Guests: the resource (VM, container) that provides the node; remote nodes: their connection resource. */
    provider?: string;
    online?: boolean;
    standby?: boolean;
    maintenance?: boolean;
    unclean?: boolean;
    /** This console's SSH reach; "not-polled" for cluster nodes that are not SSH targets (never "down"). */
    reachable: boolean | 'not-polled';
    /** reason: why SSH fails (dns, refused, timeout, auth, hostkey, unreachable); error: one line, cause first; detail: the full text. */
    conn: { status: string; reason?: ReachReason; error?: string; detail?: string };
    freshness: Partial<Record<SourceId, SnapSourceFresh>>;
    host?: {
      cpuPct?: number;
      memUsedPct?: number;
      hugepages: HugepagePool[];
      load: LoadAvg;
      swapUsedKb: number;
      swapTotalKb: number;
      fresh: SnapFresh;
    };
  }[];
  resources: {
    id: string;
    kind: CrmResource['kind'];
    agent?: string;
    role: string;
    nodes: string[];
    failed: boolean;
    managed: boolean;
    parent?: string;
    fresh: SnapFresh;
  }[];
  failedActions: (CrmFailedAction & { fresh: SnapFresh })[];
  fencing: {
    devices: string[];
    nodes: (NodeFencing & { fresh: SnapFresh })[];
    sbd: { node: string; status: SbdStatus; fresh: SnapFresh }[];
    history: (CrmFenceEvent & { fresh: SnapFresh })[];
  };
  multipath: {
    node: string;
    alias: string;
    wwid: string;
    dm: string;
    health: PathHealth;
    active: number;
    total: number;
    paths: { dev: string; dmState: string; checkerState: string; group: number }[];
    fresh: SnapFresh;
  }[];
  /** Pools, iSCSI sessions, FC ports and LUN queues per node (src/collectors/storage). */
  storage: StorageSnapshot;
  io: { node: string; device: string; alias?: string; rAwait: number; wAwait: number; util: number; rs: number; ws: number; iops: number; fresh: SnapFresh }[];
  vms: {
    name: string;
    node: string;
    state: string;
    resource?: { id: string; role: string; managed: boolean; failed: boolean; nodes: string[] };
    vcpus?: number;
    memoryKb?: number;
    cpuPct?: number;
    diskReadLatencyMs?: number;
    diskWriteLatencyMs?: number;
    fresh: SnapFresh;
  }[];
  /** Last seen on a node fenced (or gone from Pacemaker) since: dead data, not in `vms`, so no VM
   *  is counted twice beside its restarted copy. */
  lostVms: { name: string; node: string; lastState: string; why: string; fencedAt?: string; resource?: string }[];
  alerts: Alert[];
  timeline: TimelineEntry[];
}

/** One rule for every source (store/freshness.ts): event streams (vmevents, journal) are live
 *  while their channel is up, so `connUp` is the node's connection (cluster sources: true). */
const snapFresh = (source: SourceId, f: Freshness | undefined, now: number, connUp = true): SnapFresh => {
  const i = sourceFreshness(source, f, now, connUp);
  return i.ageMs === undefined ? { state: i.state } : { state: i.state, ageMs: i.ageMs };
};

/** Freshness of each registered source of `scope` (collectors/registry.ts order) that the slice holds. */
function freshMap(scope: 'cluster' | 'node', fresh: Partial<Record<SourceId, Freshness>>, now: number, connUp = true): Partial<Record<SourceId, SnapSourceFresh>> {
  const out: Partial<Record<SourceId, SnapSourceFresh>> = {};
  for (const { id, scope: sourceScope } of SOURCES) {
    const f = fresh[id];
    if (!f || sourceScope !== scope) continue;
    const e: SnapSourceFresh = snapFresh(id, f, now, connUp);
    if (f.error !== undefined) e.error = f.error;
    if (f.via !== undefined) e.via = f.via;
    if (f.notCollected && f.notCollectedWhy !== undefined) e.notCollected = f.notCollectedWhy;
    out[id] = e;
  }
  return out;
}

function pacemakerView(pn: CrmNode): Pick<Snapshot['nodes'][number], 'type' | 'provider' | 'online' | 'standby' | 'maintenance' | 'unclean'> {
  const out: ReturnType<typeof pacemakerView> = { type: nodeKind(pn), online: pn.online, standby: pn.standby, maintenance: pn.maintenance, unclean: pn.unclean };
  const p = nodeProvider(pn);
  if (p !== undefined) out.provider = p;
  return out;
}

const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;

export function toSnapshot(state: VdState, now: number, source?: 'prometheus'): Snapshot {
  const crm = state.cluster.crm;
  const pf = snapFresh('pacemaker', state.cluster.fresh.pacemaker, now);
  const sf = state.cluster.fresh.stonith ? snapFresh('stonith', state.cluster.fresh.stonith, now) : pf;
  const crmNodes = new Map((crm?.nodes ?? []).map((n) => [n.name, n]));
  const nodeFresh = (node: string, source: SourceId) => snapFresh(source, state.nodes[node]?.fresh[source], now, state.nodes[node]?.conn.status === 'up');

  const cluster: Snapshot['cluster'] = { name: state.cluster.name, freshness: freshMap('cluster', state.cluster.fresh, now) };
  if (crm) {
    if (crm.summary.dcName !== undefined) cluster.dc = crm.summary.dcName;
    const q = quorumState(crm.summary);
    cluster.quorum = q.state === 'unknown' ? null : q.state === 'yes';
    if (q.state === 'unknown') cluster.quorumUnknown = q.why;
    cluster.stonithEnabled = crm.summary.stonithEnabled;
    cluster.maintenanceMode = crm.summary.maintenanceMode;
  }

  const nodes = state.nodeOrder.map((name) => {
    const n = state.nodes[name]!;
    const pn = crmNodes.get(name);
    const row: Snapshot['nodes'][number] = { name, reachable: n.conn.status === 'up', conn: { status: n.conn.status }, freshness: freshMap('node', n.fresh, now, n.conn.status === 'up') };
    if (n.conn.error) {
      const r = reachabilityOf(n.conn);
      if (r.reason) row.conn.reason = r.reason;
      // Read from Prometheus the error is the targets down; "unreachable:" would be SSH's word.
      row.conn.error = n.conn.targets ? errorLine(n.conn.error) : `${n.conn.error.kind}: ${errorLine(n.conn.error)}`;
      if (n.conn.error.message.includes('\n')) row.conn.detail = n.conn.error.message;
    }
    if (pn) Object.assign(row, pacemakerView(pn));
    if (n.host) {
      const h: NonNullable<typeof row.host> = {
        hugepages: n.host.hugepages,
        load: n.host.load,
        swapTotalKb: n.host.mem.swapTotalKb,
        swapUsedKb: n.host.mem.swapTotalKb - n.host.mem.swapFreeKb,
        fresh: nodeFresh(name, 'host'),
      };
      if (n.host.cpu) h.cpuPct = round(n.host.cpu.busyPct);
      const mem = memUsedPct(n.host.mem);
      if (mem !== undefined) h.memUsedPct = round(mem);
      row.host = h;
    }
    return row;
  });
  // Every node Pacemaker lists belongs in the document (remote, guest, members nobody polls):
  // resources name them. They are not SSH targets, so their reach is "not polled", never down.
  const polled = new Set(state.nodeOrder);
  for (const pn of crm?.nodes ?? []) {
    if (polled.has(pn.name)) continue;
    nodes.push({ name: pn.name, ...pacemakerView(pn), reachable: 'not-polled', conn: { status: 'not-polled' }, freshness: { pacemaker: pf } });
  }

  const resources: Snapshot['resources'] = flattenResources(crm?.resources ?? []).map((r) => {
    const e: Snapshot['resources'][number] = { id: r.id, kind: r.kind, role: r.role, nodes: r.nodes, failed: r.failed, managed: r.managed, fresh: pf };
    if (r.agent !== undefined) e.agent = r.agent;
    if (r.parent !== undefined) e.parent = r.parent;
    return e;
  });

  const fr = fencingReadiness(state);
  const fencing: Snapshot['fencing'] = {
    devices: fr.devices,
    nodes: fr.nodes.map((n) => ({ ...n, fresh: sf })),
    sbd: state.nodeOrder.flatMap((node) => {
      const s = state.nodes[node]?.sbd;
      return s ? [{ node, status: s, fresh: nodeFresh(node, 'sbd') }] : [];
    }),
    history: (crm?.fenceHistory ?? []).map((e) => ({ ...e, fresh: pf })),
  };

  const multipath: Snapshot['multipath'] = state.nodeOrder.flatMap((node) =>
    (state.nodes[node]?.multipath ?? []).map((m) => {
      const h = mapHealth(m);
      return {
        node,
        alias: m.name,
        wwid: m.wwid,
        dm: m.sysfs,
        health: h.health,
        active: h.active,
        total: h.total,
        paths: m.pathGroups.flatMap((g, gi) => g.paths.map((p) => ({ dev: p.dev, dmState: p.dmState, checkerState: p.checkerState, group: gi }))),
        fresh: nodeFresh(node, 'multipath'),
      };
    }),
  );

  const io: Snapshot['io'] = state.nodeOrder.flatMap((node) =>
    (state.nodes[node]?.io ?? []).map((d) => {
      const e: Snapshot['io'][number] = {
        node,
        device: d.device,
        rAwait: d.rAwait,
        wAwait: d.wAwait,
        util: d.util,
        rs: d.rs,
        ws: d.ws,
        iops: round(d.rs + d.ws),
        fresh: nodeFresh(node, 'iostat'),
      };
      if (d.alias !== undefined) e.alias = d.alias;
      return e;
    }),
  );

  const lostVms: Snapshot['lostVms'] = [];
  for (const v of allVms(state)) {
    if (!v.lost) continue;
    const e: Snapshot['lostVms'][number] = { name: v.name, node: v.node, lastState: v.state, why: v.lost.why };
    if (v.lost.fencedAt !== undefined) e.fencedAt = new Date(v.lost.fencedAt).toISOString();
    if (v.resource) e.resource = v.resource.id;
    lostVms.push(e);
  }
  const vms: Snapshot['vms'] = allVms(state).filter((v) => !v.lost).map((v) => {
    const e: Snapshot['vms'][number] = { name: v.name, node: v.node, state: v.state, fresh: nodeFresh(v.node, 'vms') };
    if (v.resource) e.resource = v.resource;
    for (const k of ['vcpus', 'memoryKb', 'cpuPct', 'diskReadLatencyMs', 'diskWriteLatencyMs'] as const) if (v[k] !== undefined) e[k] = v[k];
    return e;
  });

  return {
    version: SNAPSHOT_VERSION,
    generatedAt: new Date(now).toISOString(),
    ...(source ? { source } : {}),
    cluster,
    nodes,
    resources,
    failedActions: (crm?.failedActions ?? []).map((f) => ({ ...f, fresh: pf })),
    fencing,
    multipath,
    storage: storageSnapshot(state, nodeFresh),
    io,
    vms,
    lostVms,
    alerts: state.alerts,
    timeline: state.timeline.slice(-SNAPSHOT_TIMELINE),
  };
}

// ───────────────────────── text ─────────────────────────

const yn = (v: boolean | undefined, yes: string, no: string, unknown = '?'): string => (v === undefined ? unknown : v ? yes : no);
const freshTag = (f: Pick<SnapFresh, 'ageMs'> & { state: string }): string => (f.state === 'live' ? '' : ` [${f.state}${f.ageMs !== undefined ? ` ${formatAge(f.ageMs)}` : ''}]`);

/** Pacemaker's word for a node this console does not poll. */
const nodeWord = (n: Snapshot['nodes'][number]): string => (n.unclean ? 'UNCLEAN' : n.online === false ? 'OFFLINE' : n.online ? 'online' : '?');

/** Compact multi-section text for `virtdeck snapshot` without --json. */
export function formatSnapshotText(s: Snapshot): string {
  const out: string[] = [];
  const c = s.cluster;
  const pf = c.freshness.pacemaker ?? { state: 'never' as const };
  const quorum = c.quorum === null ? `unknown (${c.quorumUnknown ?? '?'})` : yn(c.quorum, 'yes', 'NO');
  out.push(
    `Cluster ${c.name}  DC ${c.dc ?? '?'}  quorum ${quorum}  stonith ${yn(c.stonithEnabled, 'enabled', 'DISABLED')}${c.maintenanceMode ? '  MAINTENANCE' : ''}${freshTag(pf)}  (${s.generatedAt})`,
  );
  out.push('', 'Nodes');
  const notCollected: Record<string, Set<string>> = {};
  for (const n of s.nodes) {
    // Pacemaker's word; SSH reach from here is a separate fact at the end of the line.
    const st = nodeWord(n);
    // Read from Prometheus: nothing is polled over SSH; unreachable is every exporter target down.
    const ssh = n.reachable === false ? `  ${s.source === 'prometheus' ? 'Prometheus targets down' : `SSH ${n.conn.reason ? reasonWords(n.conn.reason) : n.conn.status}`}${n.conn.error ? ` (${n.conn.error})` : ''}` : '';
    const flags = [n.type && n.type !== 'member' ? `${n.type}${n.provider && n.provider !== n.name ? `:${n.provider}` : ''}` : '', n.standby ? 'standby' : '', n.maintenance ? 'maintenance' : ''].filter(Boolean).join(',');
    const h = n.host;
    const metrics = n.reachable === 'not-polled' ? 'not polled' : h ? `cpu ${h.cpuPct ?? '?'}%  mem ${h.memUsedPct ?? '?'}%  load ${h.load.one}${h.hugepages.filter((p) => p.total > 0).map((p) => `  hp${p.sizeKb >= 1048576 ? '1G' : '2M'} ${p.free}/${p.total}`).join('')}` : 'no host data';
    // A source the backend cannot carry (Prometheus) is said once below, not listed as a fault.
    const bad = Object.entries(n.freshness).filter(([, f]) => f && f.state !== 'live' && f.notCollected === undefined).map(([k, f]) => `${k}:${f!.state}`);
    for (const [k, f] of Object.entries(n.freshness)) if (f?.notCollected !== undefined) (notCollected[f.notCollected] ??= new Set()).add(k);
    out.push(`  ${n.name.padEnd(14)} ${st.padEnd(17)} ${flags.padEnd(12)} ${metrics}${bad.length ? `  (${bad.join(' ')})` : ''}${ssh}`);
  }
  for (const [why, sources] of Object.entries(notCollected)) out.push(`  ${why}: ${[...sources].join(', ')}`);
  const failed = s.resources.filter((r) => r.failed);
  const vmRes = s.resources.filter((r) => r.kind === 'primitive');
  out.push('', `Resources: ${vmRes.length} primitives, ${vmRes.filter((r) => r.nodes.length > 0).length} active, ${failed.length} failed`);
  for (const r of failed) out.push(`  FAILED ${r.id} (${r.agent ?? r.kind}) on ${r.nodes.join(', ') || '-'}`);
  for (const f of s.failedActions) out.push(`  failed action ${f.opKey} on ${f.node}: ${f.exitStatus}${f.exitReason ? ` (${f.exitReason})` : ''}`);
  out.push('', 'Fencing' + (s.fencing.devices.length ? `: ${s.fencing.devices.join(', ')}` : ': no devices'));
  for (const n of s.fencing.nodes) out.push(`  ${n.node.padEnd(14)} ${n.status}${n.reasons.length ? `: ${n.reasons.join('; ')}` : ''}${n.via ? ` (asked ${n.via})` : ''}`);
  const badMaps = s.multipath.filter((m) => m.health !== 'ok');
  const lunCount = new Set(s.multipath.map((m) => m.wwid)).size;
  out.push('', `Multipath: ${lunCount} LUNs, ${badMaps.length} degraded map(s)`);
  for (const m of badMaps) out.push(`  ${m.node} ${m.alias} (${m.dm}) ${m.health} ${m.active}/${m.total} paths`);
  const worst = [...s.io].filter((d) => d.alias || d.device.startsWith('dm-')).sort((a, b) => Math.max(b.rAwait, b.wAwait) - Math.max(a.rAwait, a.wAwait)).slice(0, 3);
  if (worst.length) out.push(`  worst await: ${worst.map((d) => `${d.node}/${d.alias ?? d.device} ${Math.max(d.rAwait, d.wAwait).toFixed(1)}ms`).join(', ')}`);
  out.push(...storageText(s.storage));
  const running = s.vms.filter((v) => v.state === 'running');
  out.push('', `VMs: ${running.length} running, ${s.vms.length} defined${s.lostVms.length ? `, ${s.lostVms.length} lost with fenced nodes` : ''}`);
  for (const v of running) out.push(`  ${v.name.padEnd(20)} ${v.node.padEnd(14)} ${v.resource ? `${v.resource.id} ${v.resource.role}` : '(not in Pacemaker)'}`);
  for (const v of s.lostVms) out.push(`  ${v.name.padEnd(20)} ${v.node.padEnd(14)} lost with node (${v.why}), was ${v.lastState}`);
  out.push('', s.alerts.length ? `Alerts: ${s.alerts.length}` : 'Alerts: none');
  for (const a of s.alerts) out.push(`  ${a.severity.toUpperCase().padEnd(8)} ${a.message}${a.acknowledged ? ' (ack)' : ''}`);
  const recent = s.timeline.slice(-10);
  if (recent.length) {
    out.push('', 'Recent events');
    for (const e of recent) out.push(`  ${new Date(e.time).toISOString().slice(11, 19)} ${e.severity.padEnd(8)} ${e.message}`);
  }
  return out.join('\n') + '\n';
}

/** Storage in a few lines: totals, then only what needs a look — what the storage alerts look at
 *  (a pool not running or over POOL_FULL_PCT, an iSCSI session not logged in, an FC port not
 *  online) — like the multipath section. */
function storageText(st: StorageSnapshot): string[] {
  if (!st.pools.length && !st.iscsiSessions.length && !st.fcPorts.length) return [];
  const nodes = new Set(st.pools.map((p) => p.node)).size;
  const out = ['', `Storage: ${st.pools.length} pools on ${nodes} node(s), ${st.iscsiSessions.length} iSCSI sessions, ${st.fcPorts.length} FC ports${freshTag(worstFresh([...st.pools, ...st.iscsiSessions, ...st.fcPorts].map((x) => x.fresh)))}`];
  for (const p of st.pools)
    if (p.state !== 'running') out.push(`  pool ${p.node}/${p.name} ${p.state}${p.autostart ? ' (autostart)' : ''}`);
    else if (p.usedPct !== undefined && p.usedPct > POOL_FULL_PCT) out.push(`  pool ${p.node}/${p.name} ${p.usedPct}% used`);
  for (const x of st.iscsiSessions) if (x.state !== 'LOGGED_IN') out.push(`  iSCSI ${x.node} ${x.target} via ${x.portal}: ${x.state} (${x.connState})`);
  for (const f of st.fcPorts) if (f.state !== 'Online') out.push(`  FC ${f.node} ${f.host} ${f.wwpn}: ${f.state}`);
  return out;
}

/** The least live of several freshness entries (for a section's one tag). */
function worstFresh(fs: readonly { state: string; ageMs?: number }[]): { state: string; ageMs?: number } {
  return fs.find((f) => f.state !== 'live') ?? { state: 'live' };
}
