// Alert derivation, pure: state + memory of consecutive samples in, alerts + new memory out.
// Metric rules (await, util, cpu, mem, hugepages) count one sample per new collection of their
// source (the source's lastOk), so re-deriving after unrelated mutations never double-counts.
// State rules (paths, quorum, fencing, …) hold exactly while their condition holds.
import { mapHealth } from '../model/multipath.js';
import { nodeKind, nodeProvider, quorumState, type CrmResource, type CrmStatus } from '../model/pacemaker.js';
import type { VmRuntime } from '../model/vm.js';
import { sourceFreshness } from './freshness.js';
import { contestedResources, findVmResource, isStonith, vmResourceIndex } from './vm-match.js';
import type { Alert, Freshness, NodeSlice, Severity, SourceId, Thresholds, VdState } from './types.js';
import { sameDeps } from './same-deps.js';
import { errorLine } from './reach.js';
import { nodeVmLoss } from './vm-loss.js';

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
  /** Metric counters per node, by metric key. */
  tracks: Record<string, Record<string, MetricTrack>>;
  /** When each held-back condition (by alert id) was first seen; forgotten once it is gone. */
  firstSeen?: Record<string, number>;
  /**
   * Per node, what its rules produced last time and from which inputs. The store derives after
   * every mutation, but a mutation changes one source of one node: the other nodes' results are
   * reused while their inputs are the very same objects (the store's data is immutable and shared).
   */
  nodes?: Record<string, NodeMemo>;
  /** Per crm_mon resource list: any stonith resource, VirtualDomains active per node. */
  crm?: CrmMemo;
  /** Cluster rules (quorum, stonith, Pacemaker nodes, fenceability, failed actions) and their inputs. */
  cluster?: Memo<Draft[]>;
  /** VMs running on more than one node, from the usable nodes' running VM names. */
  dup?: Memo<Draft[]>;
  /** The alert list this derivation returned, by id. */
  index?: { list: readonly Alert[]; byId: ReadonlyMap<string, Alert> };
}

/** A cached result and the inputs it was computed from (compared with Object.is). */
interface Memo<R> {
  deps: readonly unknown[];
  r: R;
}

interface NodeMemo {
  metric?: Memo<{ drafts: Draft[]; tracks: Record<string, MetricTrack> }>;
  state?: Memo<Draft[]>;
  vms?: Memo<{ running: string[]; mismatch: Draft[] }>;
}

interface CrmMemo {
  resources: readonly CrmResource[];
  anyStonith: boolean;
  activeOn: Map<string, CrmResource[]>;
}


/** memo.r when its deps equal `deps`, else compute(). */
function reuse<R>(memo: Memo<R> | undefined, deps: readonly unknown[], compute: () => R): Memo<R> {
  return memo && sameDeps(memo.deps, deps) ? memo : { deps, r: compute() };
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

/** `id` is filled in once (drafts are cached across derivations: the same string, hashed once). */
type Draft = Omit<Alert, 'id' | 'since' | 'acknowledged'> & { id?: string };
const draftId = (d: Draft): string => (d.id ??= alertId(d.rule, d.node, d.subject));

const SEV_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
export const compareAlerts = (a: Alert, b: Alert): number => SEV_RANK[a.severity] - SEV_RANK[b.severity] || a.id.localeCompare(b.id);

const fmt = (v: number, digits = 1): string => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

/** The threshold clause of a metric alert. An alert stays raised until clearAfter normal samples:
 *  meanwhile the current value is within the limit, and the text must not claim otherwise. */
const limit = (value: number, threshold: number, dir: 'above' | 'below', unit: string, hysteresis: number): string => {
  const op = dir === 'above' ? '>' : '<';
  const beyond = dir === 'above' ? value > threshold : value < threshold;
  if (beyond) return `${op} ${threshold}${unit}`;
  const clearAt = threshold * (dir === 'above' ? 1 - hysteresis : 1 + hysteresis);
  const clearing = dir === 'above' ? value < clearAt : value > clearAt;
  return `was ${op} ${threshold}${unit}, ${clearing ? 'clearing' : `clears ${dir === 'above' ? '<' : '>'} ${fmt(clearAt)}${unit}`}`;
};

export const memUsedPct = (mem: { memTotalKb: number; memAvailableKb: number }): number | undefined =>
  mem.memTotalKb > 0 ? ((mem.memTotalKb - mem.memAvailableKb) / mem.memTotalKb) * 100 : undefined;

/** Whether an iostat device is a device-mapper / multipath device (what the await/util rules watch). */
export const isDmDevice = (d: { device: string; alias?: string }): boolean => d.device.startsWith('dm-') || d.alias !== undefined;

/** Down, or reconnecting after a failure (the runner keeps the last error while connecting). */
const unreachable = (n: NodeSlice): boolean => n.conn.status === 'down' || (n.conn.status === 'connecting' && n.conn.error !== undefined);

export function deriveAlerts(state: VdState, prev: AlertMemory, thresholds: Thresholds, now: number): AlertDerivation {
  const drafts: Draft[] = [];
  const tracks: Record<string, Record<string, MetricTrack>> = {};
  const firstSeen: Record<string, number> = {};
  const t = thresholds;
  // Alerts by id: the map made with the last list, unless the list was replaced since (ack).
  const prevById = prev.index?.list === state.alerts ? prev.index.byId : new Map(state.alerts.map((a) => [a.id, a]));

  /** Raises `d` only once its condition has lasted `graceMs` (or it is already raised). */
  const held = (d: Draft, graceMs: number): void => {
    const id = draftId(d);
    const first = prev.firstSeen?.[id] ?? now;
    firstSeen[id] = first;
    if (prevById.has(id) || now - first >= graceMs) drafts.push(d);
  };

  /**
   * Advances one metric's counters. `dir` 'above' raises when value > threshold, 'below' when
   * value < threshold. Returns whether the metric is (still) alerting.
   */
  const step = (out: Record<string, MetricTrack>, node: string, key: string, sampleAt: number | undefined, value: number, threshold: number, dir: 'above' | 'below'): boolean => {
    const old = prev.tracks[node]?.[key];
    if (sampleAt === undefined || (old && old.sampleAt === sampleAt)) {
      if (old) out[key] = old;
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
    if (tr.active || tr.over > 0) out[key] = tr;
    return tr.active;
  };

  const crm = state.cluster.crm;
  const memoIn = prev.nodes ?? {};
  const memoOut: Record<string, NodeMemo> = {};

  for (const name of state.nodeOrder) {
    const n = state.nodes[name];
    if (!n) continue;
    const m = memoIn[name];
    const ioAt = n.fresh.iostat?.lastOk;
    const hostAt = n.fresh.host?.lastOk;
    // Same samples and thresholds: the same counters (taken from prev.tracks) and the same drafts.
    const metric = reuse(m?.metric, [n.io, n.host, ioAt, hostAt, thresholds], () => {
      const own: Record<string, MetricTrack> = {};
      return { drafts: metricRules(n, name, ioAt, hostAt, own), tracks: own };
    });
    drafts.push(...metric.r.drafts);
    tracks[name] = metric.r.tracks;
    const unreach = unreachable(n);
    const st = reuse(m?.state, [unreach, n.conn.error?.message, n.multipath, n.sbd, n.bonds, n.corosyncLinks, n.quorum, crm?.nodes], () => nodeStateRules(n, name, unreach));
    drafts.push(...st.r);
    // Every source of an unreachable node fails: the unreachable alert already says why.
    if (!unreach) staleRules(n.fresh, name, n.conn.status === 'up');
    // VM records the last poll could not read: each was left out, the node's other VMs are kept.
    for (const p of n.vmProblems ?? []) drafts.push({ rule: 'vm-record', node: name, subject: p.subject, severity: 'warning', message: p.message });
    const slot: NodeMemo = { metric, state: st };
    if (m?.vms) slot.vms = m.vms;
    memoOut[name] = slot;
  }

  function metricRules(n: NodeSlice, node: string, ioAt: number | undefined, hostAt: number | undefined, own: Record<string, MetricTrack>): Draft[] {
    const drafts: Draft[] = [];
    for (const d of n.io ?? []) {
      if (!isDmDevice(d)) continue;
      const subject = d.alias ?? d.device;
      const aw = Math.max(d.rAwait, d.wAwait);
      const warn = step(own, node, `await-warn:${node}:${d.device}`, ioAt, aw, t.awaitWarnMs, 'above');
      const crit = step(own, node, `await-crit:${node}:${d.device}`, ioAt, aw, t.awaitCritMs, 'above');
      // A critical alert that is clearing may still be over the warning level: say both.
      const awaitWhy = crit && aw <= t.awaitCritMs && aw > t.awaitWarnMs ? `> ${t.awaitWarnMs} ms, ${limit(aw, t.awaitCritMs, 'above', ' ms', t.hysteresis)}` : limit(aw, crit ? t.awaitCritMs : t.awaitWarnMs, 'above', ' ms', t.hysteresis);
      if (warn || crit)
        drafts.push({ rule: 'await', node, subject, severity: crit ? 'critical' : 'warning', value: aw, message: `${subject} (${d.device}) await ${fmt(aw)} ms on ${node} (${awaitWhy})` });
      if (step(own, node, `util:${node}:${d.device}`, ioAt, d.util, t.utilPct, 'above'))
        drafts.push({ rule: 'util', node, subject, severity: 'warning', value: d.util, message: `${subject} (${d.device}) ${fmt(d.util)} % busy on ${node} (${limit(d.util, t.utilPct, 'above', ' %', t.hysteresis)})` });
    }
    const host = n.host;
    if (host?.cpu && step(own, node, `cpu:${node}`, hostAt, host.cpu.busyPct, t.cpuPct, 'above'))
      drafts.push({ rule: 'cpu', node, subject: node, severity: 'warning', value: host.cpu.busyPct, message: `${node} CPU ${fmt(host.cpu.busyPct)} % (${limit(host.cpu.busyPct, t.cpuPct, 'above', ' %', t.hysteresis)})` });
    const mem = host ? memUsedPct(host.mem) : undefined;
    if (mem !== undefined && step(own, node, `mem:${node}`, hostAt, mem, t.memPct, 'above'))
      drafts.push({ rule: 'mem', node, subject: node, severity: 'warning', value: mem, message: `${node} RAM ${fmt(mem)} % used (${limit(mem, t.memPct, 'above', ' %', t.hysteresis)})` });
    for (const p of host?.hugepages ?? []) {
      if (p.total <= 0) continue;
      const subject = `${p.sizeKb}kB`;
      const size = p.sizeKb % 1048576 === 0 ? `${p.sizeKb / 1048576}G` : p.sizeKb % 1024 === 0 ? `${p.sizeKb / 1024}M` : `${p.sizeKb}k`;
      if (step(own, node, `hugepages:${node}:${subject}`, hostAt, p.free, t.hugepagesFreeMin, 'below'))
        drafts.push({ rule: 'hugepages', node, subject, severity: 'warning', value: p.free, message: `${node} ${size} hugepages: ${p.free} of ${p.total} free (${limit(p.free, t.hugepagesFreeMin, 'below', '', t.hysteresis)})` });
    }
    return drafts;
  }

  /** Rules on the node's own data (not on time: staleness is checked on every derivation). */
  function nodeStateRules(n: NodeSlice, node: string, unreach: boolean): Draft[] {
    const drafts: Draft[] = [];
    // Reconnect attempts after a failure ('connecting' with the last error kept) are still
    // unreachable: clearing and re-raising the alert on every attempt would flood the timeline.
    if (unreach)
      drafts.push({ rule: 'unreachable', node, subject: node, severity: 'critical', message: `node ${node} unreachable${n.conn.error ? `: ${errorLine(n.conn.error)}` : ''}` });
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
      drafts.push(
        n.sbd.watchdog.error
          ? { rule: 'watchdog', node, subject: node, severity: 'warning', message: `watchdog unknown on ${node}: ${n.sbd.watchdog.error}` }
          : { rule: 'watchdog', node, subject: node, severity: 'warning', message: `no watchdog device on ${node} (sbd cannot self-fence)` },
      );
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
    return drafts;
  }

  function staleRules(fresh: Partial<Record<SourceId, Freshness>>, node: string | undefined, connUp = true): void {
    for (const source in fresh) {
      const f = fresh[source as SourceId];
      // Only a source with an error can be in the error state (the common case: none).
      if (f?.error === undefined) continue;
      const info = sourceFreshness(source as SourceId, f, now, connUp);
      if (info.state === 'error')
        drafts.push({ rule: 'stale', node, subject: source, severity: 'info', message: `${source}${node ? ` on ${node}` : ''} failing: ${info.error ?? 'error'}` });
    }
  }
  staleRules(state.cluster.fresh, undefined);
  // Actions a killed virtdeck left half done (audit log read at start): raised until acknowledged.
  for (const u of state.cluster.unfinishedActions ?? []) drafts.push({ rule: 'unfinished-action', ...(u.node ? { node: u.node } : {}), subject: u.id, severity: 'warning', message: u.summary });

  // Derived from the resource list alone: rebuilt only when crm_mon's resources change.
  const crmMemo: CrmMemo | undefined = !crm ? undefined : prev.crm?.resources === crm.resources ? prev.crm : crmMemoOf(crm);
  // Only crm_mon and stonith_admin data feed these: reused while those objects are the same.
  const clusterMemo = !crm
    ? undefined
    : reuse(prev.cluster, [crm.summary.withQuorum, crm.summary.quorumUnknown, crm.summary.stonithEnabled, crm.nodes, crm.failedActions, state.cluster.stonithTargets, crmMemo], clusterRules);
  if (clusterMemo) drafts.push(...clusterMemo.r);

  function clusterRules(): Draft[] {
    const drafts: Draft[] = [];
    const c = crm!;
    const q = quorumState(c.summary);
    if (q.state === 'no') drafts.push({ rule: 'quorum', subject: 'cluster', severity: 'critical', message: 'cluster has no quorum' });
    else if (q.state === 'unknown') drafts.push({ rule: 'quorum', subject: 'cluster', severity: 'critical', message: `quorum unknown: ${q.why}` });
    if (!c.summary.stonithEnabled) drafts.push({ rule: 'stonith-disabled', subject: 'cluster', severity: 'critical', message: 'stonith-enabled=false: failed nodes cannot be fenced' });
    for (const pn of c.nodes) {
      if (pn.type === 'ping') continue;
      // Remote and guest nodes say what they are (and what provides a guest).
      const k = nodeKind(pn);
      const what = k === 'guest' ? `guest node ${pn.name} (${nodeProvider(pn)})` : k === 'remote' ? `remote node ${pn.name}` : `node ${pn.name}`;
      if (pn.unclean) drafts.push({ rule: 'pcmk-node', node: pn.name, subject: pn.name, severity: 'critical', message: `${what} UNCLEAN${pn.online ? '' : ' (offline)'}` });
      else if (!pn.online) drafts.push({ rule: 'pcmk-node', node: pn.name, subject: pn.name, severity: 'critical', message: `${what} OFFLINE in Pacemaker` });
    }
    // Fenceability: stonith_admin --list per node when collected, else "any stonith resource at all".
    const targets = state.cluster.stonithTargets;
    const anyStonith = crmMemo!.anyStonith;
    for (const pn of c.nodes) {
      if (pn.type !== 'member') continue;
      const t0 = targets?.find((x) => x.target === pn.name);
      // No fencer answered about it: unknown, said as such (not "no device").
      if (t0?.error !== undefined) {
        drafts.push({ rule: 'fencing-unknown', node: pn.name, subject: pn.name, severity: 'warning', message: `cannot check fencing of ${pn.name}: ${t0.error}` });
        continue;
      }
      const fenceable = t0 ? t0.devices.length > 0 : anyStonith;
      if (!fenceable)
        drafts.push({ rule: 'unfenceable', node: pn.name, subject: pn.name, severity: 'critical', message: `no stonith device can fence ${pn.name}${t0?.via ? ` (asked ${t0.via})` : ''}` });
    }
    const seenFa = new Set<string>();
    for (const fa of c.failedActions) {
      const subject = fa.opKey;
      const id = alertId('failed-action', fa.node, subject);
      if (seenFa.has(id)) continue;
      seenFa.add(id);
      drafts.push({ rule: 'failed-action', node: fa.node, subject, severity: 'warning', message: `failed action ${fa.opKey} on ${fa.node}: ${fa.exitStatus}${fa.exitReason ? ` (${fa.exitReason})` : ''}` });
    }
    return drafts;
  }

  let dupMemo: Memo<Draft[]> | undefined;
  vmRules();

  function vmRules(): void {
    // A dead node's last VM list is history: comparing it with Pacemaker after failover would
    // report every recovered VM as running twice.
    // A list read before its node was fenced is dead too, even while it still looks fresh.
    const usable = (n: NodeSlice | undefined): n is NodeSlice & { vms: VmRuntime[] } =>
      n?.vms !== undefined && n.conn.status !== 'down' && (n.fresh.vms === undefined || sourceFreshness('vms', n.fresh.vms, now, n.conn.status === 'up').state === 'live') && !nodeVmLoss(state, n.name);
    const pcmkNodes = crm ? new Set(crm.nodes.map((x) => x.name)) : undefined;
    const contested = contestedOf(state);
    const runningOn: unknown[] = []; // node, its running VM names, node, …
    const mismatches: Draft[] = [];
    for (const node of state.nodeOrder) {
      const n = state.nodes[node];
      if (!usable(n)) continue;
      const slot = memoOut[node];
      if (!slot) continue;
      // Per node, from its VMs' names and states and crm_mon's resources only: a new VM list
      // that differs in figures (CPU %, latency) alone reuses the last result.
      const before = slot.vms;
      const vm: Memo<{ running: string[]; mismatch: Draft[] }> =
        before && before.deps[1] === crmMemo && before.deps[2] === contested.key && sameNamesAndStates(before.deps[0] as readonly VmRuntime[], n.vms)
          ? { deps: [n.vms, crmMemo, contested.key], r: before.r }
          : { deps: [n.vms, crmMemo, contested.key], r: vmNodeRules(n.vms, node, before?.r.running, contested.ids) };
      slot.vms = vm;
      runningOn.push(node, vm.r.running);
      if (pcmkNodes?.has(node)) mismatches.push(...vm.r.mismatch);
    }
    // Recomputed only when some usable node's set of running VMs changes (not on CPU % updates).
    dupMemo = reuse(prev.dup, runningOn, () => {
      const firstOn = new Map<string, string>();
      const dups = new Map<string, string[]>();
      for (let i = 0; i < runningOn.length; i += 2) {
        const node = runningOn[i] as string;
        for (const name of runningOn[i + 1] as string[]) {
          const first = firstOn.get(name);
          if (first === undefined) firstOn.set(name, node);
          else dups.set(name, [...(dups.get(name) ?? [first]), node]);
        }
      }
      return [...dups].map(([vm, nodes]): Draft => ({ rule: 'vm-dup', subject: vm, severity: 'critical', message: `VM ${vm} running on ${nodes.length} nodes: ${nodes.join(', ')}` }));
    });
    drafts.push(...dupMemo.r);
    for (const d of mismatches) held(d, t.mismatchGraceMs);
  }

  /** `contested`: resources two existing domains fit by name (vm-match.ts): matched to neither. */
  function vmNodeRules(vms: readonly VmRuntime[], node: string, before: string[] | undefined, contested: ReadonlySet<string>): { running: string[]; mismatch: Draft[] } {
    const names = vms.filter((v) => v.state === 'running' || v.state === 'paused').map((v) => v.name);
    const running = before && sameDeps(before, names) ? before : names;
    const mismatch: Draft[] = [];
    if (!crm || !crmMemo) return { running, mismatch };
    const idx = vmResourceIndex(crm.resources, state.cluster.vmResourceName);
    const vmOf = new Map<CrmResource, VmRuntime>();
    const resOf = new Map<VmRuntime, CrmResource | undefined>();
    for (const v of vms) {
      const found = findVmResource(idx, v.name);
      const r = found && contested.has(found.id) ? undefined : found;
      resOf.set(v, r);
      if (r && !vmOf.has(r)) vmOf.set(r, v);
    }
    // Resource claims to run here, domain is not running here.
    for (const r of crmMemo.activeOn.get(node) ?? []) {
      if (contested.has(r.id)) continue;
      const v = vmOf.get(r);
      if (v?.state === 'running') continue;
      mismatch.push({ rule: 'vm-mismatch', node, subject: v?.name ?? r.id, severity: 'warning', message: `Pacemaker: ${r.id} ${r.role} on ${node}, but libvirt: ${v ? v.state : 'no such domain'}` });
    }
    // Domain running here, Pacemaker says elsewhere or Stopped.
    for (const v of vms) {
      if (v.state !== 'running') continue;
      const r = resOf.get(v);
      if (!r || r.nodes.includes(node)) continue;
      mismatch.push({
        rule: 'vm-mismatch',
        node,
        subject: v.name,
        severity: 'warning',
        message: `libvirt: ${v.name} running on ${node}, but Pacemaker: ${r.id} ${r.nodes.length ? `${r.role} on ${r.nodes.join(', ')}` : r.role}`,
      });
    }
    return { running, mismatch };
  }

  // Materialise: keep since/acknowledged of alerts that stay active; one alert per id.
  const byId = new Map<string, Alert>();
  const raised: Alert[] = [];
  let reusedAll = true;
  for (const d of drafts) {
    const id = draftId(d);
    if (byId.has(id)) continue;
    const old = prevById.get(id);
    // Keep the old object when nothing visible changed, so list selectors stay stable.
    if (old && sameAsDraft(old, d)) {
      byId.set(id, old);
      continue;
    }
    reusedAll = false;
    const escalated = old !== undefined && SEV_RANK[d.severity] < SEV_RANK[old.severity];
    const { id: _cached, ...fields } = d;
    const a: Alert = { id, ...fields, since: old?.since ?? now, acknowledged: old !== undefined && !escalated && old.acknowledged };
    if (a.node === undefined) delete a.node;
    if (a.value === undefined) delete a.value;
    byId.set(id, a);
    if (!old || escalated) raised.push(a);
  }
  // The same ids with the same severities (only values changed): the previous order holds.
  const sameOrder = byId.size === state.alerts.length && state.alerts.every((a) => byId.get(a.id)?.severity === a.severity);
  const alerts = !sameOrder ? [...byId.values()].sort(compareAlerts) : reusedAll ? state.alerts : state.alerts.map((a) => byId.get(a.id)!);
  const cleared = sameOrder ? [] : state.alerts.filter((a) => !byId.has(a.id));
  const memory: AlertMemory = { tracks, firstSeen, nodes: memoOut, index: { list: alerts, byId } };
  if (crmMemo) memory.crm = crmMemo;
  if (clusterMemo) memory.cluster = clusterMemo;
  if (dupMemo) memory.dup = dupMemo;
  return { alerts, memory, raised, cleared };
}

const NOT_CONTESTED = { ids: new Set<string>() as ReadonlySet<string>, key: '' };
let lastContested: { resources: readonly CrmResource[]; pattern: string | undefined; lists: unknown[]; ids: ReadonlySet<string>; key: string } | undefined;

/** Resources two existing domains claim (every node's VM list), kept while the lists and the
 *  resources are the same objects. */
function contestedOf(state: VdState): { ids: ReadonlySet<string>; key: string } {
  const resources = state.cluster.crm?.resources;
  if (!resources) return NOT_CONTESTED;
  const pattern = state.cluster.vmResourceName;
  const lists = state.nodeOrder.map((n) => state.nodes[n]?.vms);
  const last = lastContested;
  if (last && last.resources === resources && last.pattern === pattern && sameDeps(last.lists, lists)) return last;
  const ids = contestedResources(vmResourceIndex(resources, pattern), function* () {
    for (const l of lists) for (const v of l ?? []) yield v.name;
  });
  lastContested = { resources, pattern, lists, ids: new Set(ids), key: ids.join('\n') };
  return lastContested;
}

function sameNamesAndStates(a: readonly VmRuntime[], b: readonly VmRuntime[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name || a[i]!.state !== b[i]!.state) return false;
  return true;
}

function crmMemoOf(c: CrmStatus): CrmMemo {
  const idx = vmResourceIndex(c.resources);
  const activeOn = new Map<string, CrmResource[]>();
  for (const r of idx.virtualDomains) {
    if (!r.active) continue;
    for (const node of new Set(r.nodes)) activeOn.set(node, [...(activeOn.get(node) ?? []), r]);
  }
  return { resources: c.resources, anyStonith: [...idx.byId.values()].some(isStonith), activeOn };
}

/** `old` stays as it is for draft `d` (same severity, so not escalated: since and ack carry over). */
function sameAsDraft(old: Alert, d: Draft): boolean {
  return old.severity === d.severity && old.message === d.message && old.value === d.value && old.node === d.node;
}

/** True when two alert lists hold the same objects in the same order. */
export const sameAlertList = (a: readonly Alert[], b: readonly Alert[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
