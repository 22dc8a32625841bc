// Alert derivation, pure: state + memory of consecutive samples in, alerts + new memory out.
// Metric rules (await, util, cpu, mem, hugepages) count one sample per new collection of their
// source (the source's lastOk), so re-deriving after unrelated mutations never double-counts.
// State rules (paths, quorum, fencing, …) hold exactly while their condition holds.
import { mapHealth } from '../model/multipath.js';
import type { CrmResource, CrmStatus } from '../model/pacemaker.js';
import type { VmRuntime } from '../model/vm.js';
import { sourceFreshness } from './freshness.js';
import { findVmResource, isStonith, vmResourceIndex } from './vm-match.js';
import type { Alert, Freshness, NodeSlice, Severity, SourceId, Thresholds, VdState } from './types.js';

export { DEFAULT_THRESHOLDS } from './types.js';

export interface MetricTrack {
  /** lastOk of the source sample last counted */
  sampleAt: number;
  over: number;
  under: number;
  active: boolean;
  value: number;
}

export interface AlertMemory {
  tracks: Record<string, MetricTrack>;
  /** When each held-back condition (by alert id) was first seen; forgotten once it is gone. */
  firstSeen?: Record<string, number>;
}

export const emptyAlertMemory = (): AlertMemory => ({ tracks: {} });

export interface AlertDerivation {
  /** Current alerts, critical first, then by id. */
  alerts: Alert[];
  memory: AlertMemory;
  /** Alerts that are new in this derivation (or escalated in severity). */
  raised: Alert[];
  /** Alerts present before and gone now. */
  cleared: Alert[];
}

export const alertId = (rule: string, node: string | undefined, subject: string): string =>
  node ? `${rule}:${node}:${subject}` : `${rule}:${subject}`;

type Draft = Omit<Alert, 'id' | 'since' | 'acknowledged'>;

const SEV_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
export const compareAlerts = (a: Alert, b: Alert): number => SEV_RANK[a.severity] - SEV_RANK[b.severity] || a.id.localeCompare(b.id);

const fmt = (v: number, digits = 1): string => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

export const memUsedPct = (mem: { memTotalKb: number; memAvailableKb: number }): number | undefined =>
  mem.memTotalKb > 0 ? ((mem.memTotalKb - mem.memAvailableKb) / mem.memTotalKb) * 100 : undefined;

/** Whether an iostat device is a device-mapper / multipath device (what the await/util rules watch). */
export const isDmDevice = (d: { device: string; alias?: string }): boolean => d.device.startsWith('dm-') || d.alias !== undefined;

/** Down, or reconnecting after a failure (the runner keeps the last error while connecting). */
const unreachable = (n: NodeSlice): boolean => n.conn.status === 'down' || (n.conn.status === 'connecting' && n.conn.error !== undefined);

export function deriveAlerts(state: VdState, prev: AlertMemory, thresholds: Thresholds, now: number): AlertDerivation {
  const drafts: Draft[] = [];
  const tracks: Record<string, MetricTrack> = {};
  const firstSeen: Record<string, number> = {};
  const t = thresholds;
  const activeIds = new Set(state.alerts.map((a) => a.id));

  /** Raises `d` only once its condition has lasted `graceMs` (or it is already raised). */
  const held = (d: Draft, graceMs: number): void => {
    const id = alertId(d.rule, d.node, d.subject);
    const first = prev.firstSeen?.[id] ?? now;
    firstSeen[id] = first;
    if (activeIds.has(id) || now - first >= graceMs) drafts.push(d);
  };

  /**
   * Advances one metric's counters. `dir` 'above' raises when value > threshold, 'below' when
   * value < threshold. Returns whether the metric is (still) alerting.
   */
  const step = (key: string, sampleAt: number | undefined, value: number, threshold: number, dir: 'above' | 'below'): boolean => {
    const old = prev.tracks[key];
    if (sampleAt === undefined || (old && old.sampleAt === sampleAt)) {
      if (old) tracks[key] = old;
      return old?.active ?? false;
    }
    const over = dir === 'above' ? value > threshold : value < threshold;
    const clear = dir === 'above' ? value < threshold * (1 - t.hysteresis) : value > threshold * (1 + t.hysteresis);
    const tr: MetricTrack = {
      sampleAt,
      value,
      over: over ? (old?.over ?? 0) + 1 : 0,
      under: clear ? (old?.under ?? 0) + 1 : 0,
      active: old?.active ?? false,
    };
    if (!tr.active && tr.over >= t.raiseAfter) tr.active = true;
    else if (tr.active && tr.under >= t.clearAfter) tr.active = false;
    // An inactive metric that is back to normal needs no memory.
    if (tr.active || tr.over > 0) tracks[key] = tr;
    return tr.active;
  };

  const crm = state.cluster.crm;

  for (const name of state.nodeOrder) {
    const n = state.nodes[name];
    if (!n) continue;
    metricRules(n, name);
    nodeStateRules(n, name);
  }

  function metricRules(n: NodeSlice, node: string): void {
    const ioAt = n.fresh.iostat?.lastOk;
    for (const d of n.io ?? []) {
      if (!isDmDevice(d)) continue;
      const subject = d.alias ?? d.device;
      const aw = Math.max(d.rAwait, d.wAwait);
      const warn = step(`await-warn:${node}:${d.device}`, ioAt, aw, t.awaitWarnMs, 'above');
      const crit = step(`await-crit:${node}:${d.device}`, ioAt, aw, t.awaitCritMs, 'above');
      if (warn || crit)
        drafts.push({ rule: 'await', node, subject, severity: crit ? 'critical' : 'warning', value: aw, message: `${subject} (${d.device}) await ${fmt(aw)} ms on ${node} (> ${crit ? t.awaitCritMs : t.awaitWarnMs} ms)` });
      if (step(`util:${node}:${d.device}`, ioAt, d.util, t.utilPct, 'above'))
        drafts.push({ rule: 'util', node, subject, severity: 'warning', value: d.util, message: `${subject} (${d.device}) ${fmt(d.util)} % busy on ${node} (> ${t.utilPct} %)` });
    }
    const host = n.host;
    const hostAt = n.fresh.host?.lastOk;
    if (host?.cpu && step(`cpu:${node}`, hostAt, host.cpu.busyPct, t.cpuPct, 'above'))
      drafts.push({ rule: 'cpu', node, subject: node, severity: 'warning', value: host.cpu.busyPct, message: `${node} CPU ${fmt(host.cpu.busyPct)} % (> ${t.cpuPct} %)` });
    const mem = host ? memUsedPct(host.mem) : undefined;
    if (mem !== undefined && step(`mem:${node}`, hostAt, mem, t.memPct, 'above'))
      drafts.push({ rule: 'mem', node, subject: node, severity: 'warning', value: mem, message: `${node} RAM ${fmt(mem)} % used (> ${t.memPct} %)` });
    for (const p of host?.hugepages ?? []) {
      if (p.total <= 0) continue;
      const subject = `${p.sizeKb}kB`;
      const size = p.sizeKb % 1048576 === 0 ? `${p.sizeKb / 1048576}G` : p.sizeKb % 1024 === 0 ? `${p.sizeKb / 1024}M` : `${p.sizeKb}k`;
      if (step(`hugepages:${node}:${subject}`, hostAt, p.free, t.hugepagesFreeMin, 'below'))
        drafts.push({ rule: 'hugepages', node, subject, severity: 'warning', value: p.free, message: `${node} ${size} hugepages: ${p.free} of ${p.total} free (< ${t.hugepagesFreeMin})` });
    }
  }

  function nodeStateRules(n: NodeSlice, node: string): void {
    // Reconnect attempts after a failure ('connecting' with the last error kept) are still
    // unreachable: clearing and re-raising the alert on every attempt would flood the timeline.
    if (unreachable(n))
      drafts.push({ rule: 'unreachable', node, subject: node, severity: 'critical', message: `node ${node} unreachable${n.conn.error ? `: ${n.conn.error.message}` : ''}` });
    for (const m of n.multipath ?? []) {
      const h = mapHealth(m);
      if (h.health === 'ok') continue;
      drafts.push({
        rule: 'mpath',
        node,
        subject: m.name,
        severity: h.health === 'critical' ? 'critical' : 'warning',
        value: h.active,
        message: h.health === 'critical' ? `${m.name} on ${node}: no active path (0/${h.total})` : `${m.name} on ${node} degraded: ${h.active}/${h.total} paths active`,
      });
    }
    for (const dev of n.sbd?.devices ?? [])
      if (!dev.readable)
        drafts.push({ rule: 'sbd-device', node, subject: dev.path, severity: 'warning', message: `sbd device ${dev.path} unreadable on ${node}${dev.error ? `: ${dev.error}` : ''}` });
    if (n.sbd && !n.sbd.watchdog.present)
      drafts.push({ rule: 'watchdog', node, subject: node, severity: 'warning', message: `no watchdog device on ${node} (sbd cannot self-fence)` });
    for (const b of n.bonds ?? [])
      for (const s of b.slaves)
        if (s.miiStatus !== 'up')
          drafts.push({ rule: 'bond', node, subject: `${b.name}/${s.name}`, severity: 'warning', message: `${b.name} slave ${s.name} ${s.miiStatus} on ${node}` });
    const peerName = (id: number): string => n.quorum?.members.find((m) => m.nodeid === id)?.name ?? crm?.nodes.find((x) => x.id === String(id))?.name ?? `nodeid ${id}`;
    // Links to a node Pacemaker shows offline are down by definition: its node alert says it once.
    const peerOffline = (id: number): boolean => crm?.nodes.some((x) => x.id === String(id) && !x.online) ?? false;
    for (const l of n.corosyncLinks?.links ?? [])
      for (const p of l.peers)
        if (p.status !== 'localhost' && (p.status === 'disconnected' || p.connected === false) && !peerOffline(p.nodeid))
          drafts.push({ rule: 'corosync-link', node, subject: `link${l.linkNo}/${p.nodeid}`, severity: 'warning', message: `corosync link ${l.linkNo} from ${node} to ${peerName(p.nodeid)} disconnected` });
    // Every source of an unreachable node fails: the unreachable alert already says why.
    if (!unreachable(n)) staleRules(n.fresh, node, n.conn.status === 'up');
  }

  function staleRules(fresh: Partial<Record<SourceId, Freshness>>, node: string | undefined, connUp = true): void {
    for (const [source, f] of Object.entries(fresh) as [SourceId, Freshness | undefined][]) {
      const info = sourceFreshness(source, f, now, connUp);
      if (info.state === 'error')
        drafts.push({ rule: 'stale', node, subject: source, severity: 'info', message: `${source}${node ? ` on ${node}` : ''} failing: ${info.error ?? 'error'}` });
    }
  }
  staleRules(state.cluster.fresh, undefined);

  if (crm) clusterRules();

  function clusterRules(): void {
    const c = crm!;
    if (!c.summary.withQuorum) drafts.push({ rule: 'quorum', subject: 'cluster', severity: 'critical', message: 'cluster has no quorum' });
    if (!c.summary.stonithEnabled) drafts.push({ rule: 'stonith-disabled', subject: 'cluster', severity: 'critical', message: 'stonith-enabled=false: failed nodes cannot be fenced' });
    for (const pn of c.nodes) {
      if (pn.type === 'ping') continue;
      if (pn.unclean) drafts.push({ rule: 'pcmk-node', node: pn.name, subject: pn.name, severity: 'critical', message: `node ${pn.name} UNCLEAN${pn.online ? '' : ' (offline)'}` });
      else if (!pn.online) drafts.push({ rule: 'pcmk-node', node: pn.name, subject: pn.name, severity: 'critical', message: `node ${pn.name} OFFLINE in Pacemaker` });
    }
    // Fenceability: stonith_admin --list per node when collected, else "any stonith resource at all".
    const targets = state.cluster.stonithTargets;
    const anyStonith = flatStonith(c).length > 0;
    for (const pn of c.nodes) {
      if (pn.type !== 'member') continue;
      const t0 = targets?.find((x) => x.target === pn.name);
      const fenceable = t0 ? t0.devices.length > 0 : anyStonith;
      if (!fenceable)
        drafts.push({ rule: 'unfenceable', node: pn.name, subject: pn.name, severity: 'critical', message: `no stonith device can fence ${pn.name}` });
    }
    const seenFa = new Set<string>();
    for (const fa of c.failedActions) {
      const subject = fa.opKey;
      const id = alertId('failed-action', fa.node, subject);
      if (seenFa.has(id)) continue;
      seenFa.add(id);
      drafts.push({ rule: 'failed-action', node: fa.node, subject, severity: 'warning', message: `failed action ${fa.opKey} on ${fa.node}: ${fa.exitStatus}${fa.exitReason ? ` (${fa.exitReason})` : ''}` });
    }
  }

  vmRules();

  function vmRules(): void {
    // A dead node's last VM list is history: comparing it with Pacemaker after failover would
    // report every recovered VM as running twice.
    const usable = (n: NodeSlice | undefined): n is NodeSlice & { vms: VmRuntime[] } =>
      n?.vms !== undefined && n.conn.status !== 'down' && (n.fresh.vms === undefined || sourceFreshness('vms', n.fresh.vms, now, n.conn.status === 'up').state === 'live');
    const running = new Map<string, string[]>();
    for (const node of state.nodeOrder)
      for (const v of usable(state.nodes[node]) ? state.nodes[node]!.vms! : []) if (v.state === 'running' || v.state === 'paused') running.set(v.name, [...(running.get(v.name) ?? []), node]);
    for (const [vm, nodes] of running)
      if (nodes.length > 1) drafts.push({ rule: 'vm-dup', subject: vm, severity: 'critical', message: `VM ${vm} running on ${nodes.length} nodes: ${nodes.join(', ')}` });
    if (!crm) return;
    const idx = vmResourceIndex(crm.resources);
    const pcmkNodes = new Set(crm.nodes.map((x) => x.name));
    for (const node of state.nodeOrder) {
      const n = state.nodes[node];
      if (!usable(n) || !pcmkNodes.has(node)) continue;
      const vmOf = new Map<CrmResource, VmRuntime>();
      for (const v of n.vms) {
        const r = findVmResource(idx, v.name);
        if (r && !vmOf.has(r)) vmOf.set(r, v);
      }
      // Resource claims to run here, domain is not running here.
      for (const r of idx.virtualDomains) {
        if (!r.nodes.includes(node) || !r.active) continue;
        const v = vmOf.get(r);
        if (v?.state === 'running') continue;
        held({ rule: 'vm-mismatch', node, subject: v?.name ?? r.id, severity: 'warning', message: `Pacemaker: ${r.id} ${r.role} on ${node}, but libvirt: ${v ? v.state : 'no such domain'}` }, t.mismatchGraceMs);
      }
      // Domain running here, Pacemaker says elsewhere or Stopped.
      for (const v of n.vms) {
        if (v.state !== 'running') continue;
        const r = findVmResource(idx, v.name);
        if (!r || r.nodes.includes(node)) continue;
        held(
          {
            rule: 'vm-mismatch',
            node,
            subject: v.name,
            severity: 'warning',
            message: `libvirt: ${v.name} running on ${node}, but Pacemaker: ${r.id} ${r.nodes.length ? `${r.role} on ${r.nodes.join(', ')}` : r.role}`,
          },
          t.mismatchGraceMs,
        );
      }
    }
  }

  // Materialise: keep since/acknowledged of alerts that stay active; one alert per id.
  const prevById = new Map(state.alerts.map((a) => [a.id, a]));
  const byId = new Map<string, Alert>();
  const raised: Alert[] = [];
  for (const d of drafts) {
    const id = alertId(d.rule, d.node, d.subject);
    if (byId.has(id)) continue;
    const old = prevById.get(id);
    const escalated = old !== undefined && SEV_RANK[d.severity] < SEV_RANK[old.severity];
    const a: Alert = { id, ...d, since: old?.since ?? now, acknowledged: old !== undefined && !escalated && old.acknowledged };
    if (a.node === undefined) delete a.node;
    if (a.value === undefined) delete a.value;
    // Keep the old object when nothing visible changed, so list selectors stay stable.
    byId.set(id, old && sameAlert(old, a) ? old : a);
    if (!old || escalated) raised.push(a);
  }
  const alerts = [...byId.values()].sort(compareAlerts);
  const cleared = state.alerts.filter((a) => !byId.has(a.id));
  return { alerts, memory: { tracks, firstSeen }, raised, cleared };
}

function flatStonith(c: CrmStatus): CrmResource[] {
  return [...vmResourceIndex(c.resources).byId.values()].filter(isStonith);
}

function sameAlert(a: Alert, b: Alert): boolean {
  return a.severity === b.severity && a.message === b.message && a.value === b.value && a.since === b.since && a.acknowledged === b.acknowledged && a.node === b.node;
}

/** True when two alert lists hold the same objects in the same order. */
export const sameAlertList = (a: readonly Alert[], b: readonly Alert[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
