// Derived views for panes, snapshot and check. Pure; each is a selector over declared inputs
// (./create-selector.ts), made per store by createSelectors: a view of one store returns the same
// array until its inputs change (required by useSyncExternalStore, and it keeps React from
// re-rendering), and two stores in one process (context switching) never share a cache.
import { flattenResources, type CrmFenceEvent, type CrmResource, type CrmStatus } from '../model/pacemaker.js';
import { mapHealth, type MultipathMap, type PathHealth } from '../model/multipath.js';
import type { VmRuntime } from '../model/vm.js';
import type { Contested } from './contested.js';
import type { SbdSlot, SbdStatus } from '../model/fencing.js';
import { nodeFreshness, type NodeFreshInfo } from './freshness.js';
import { findVmResource, isStonith, vmResourceIndex } from './vm-match.js';
import { contestedOf } from './contested.js';
import { createSelector, listInput, type Selector } from './create-selector.js';
import { memUsedPct } from './alerts.js';
import type { Alert, ClusterSlice, NodeSlice, Severity, VdState } from './types.js';
import { nodeVmLoss, type VmLoss } from './vm-loss.js';

// ───────────────────────── VMs ─────────────────────────

export interface VmResourceRef {
  id: string;
  role: string;
  managed: boolean;
  failed: boolean;
  /** Nodes where Pacemaker has it active. */
  nodes: string[];
}

export interface VmRow extends VmRuntime {
  /** Unique row key: node/name. */
  key: string;
  resource?: VmResourceRef;
  /** Its node was fenced (or left Pacemaker) after this was read: dead data, not running. */
  lost?: VmLoss;
}

/** One ref per resource object: rows of VMs whose resource did not change share it. */
const resourceRefs = new WeakMap<CrmResource, VmResourceRef>();
function refOf(r: CrmResource): VmResourceRef {
  let ref = resourceRefs.get(r);
  if (!ref) resourceRefs.set(r, (ref = { id: r.id, role: r.role, managed: r.managed, failed: r.failed, nodes: r.nodes }));
  return ref;
}

/** Rows of one node's VMs, for one store. It keeps the last rows made per node name and what they
 *  were made from: they are returned as they are while neither the node's VM list nor the
 *  resources change (a report from one node must not rebuild and re-match every VM of the
 *  cluster); on a new list, the rows of VMs that did not change are kept (and their keys), so what
 *  each row feeds (the VM table's cells) is not made again, and the copies are not promoted only
 *  to die. `contested`: resources two existing domains claim (src/store/contested.ts): such a
 *  resource is shown on neither domain's row rather than on a wrong one. */
function nodeVmRows(): (node: string, vms: readonly VmRuntime[], resources: readonly CrmResource[] | undefined, contested: Contested, pattern: string | undefined) => VmRow[] {
  const lastNodeRows = new Map<string, { vms: readonly VmRuntime[]; resources: readonly CrmResource[] | undefined; contested: Contested; pattern: string | undefined; rows: VmRow[] }>();
  return (node, vms, resources, contested, pattern) => {
    const last = lastNodeRows.get(node);
    if (last && last.vms === vms && last.resources === resources && last.contested === contested && last.pattern === pattern) return last.rows;
    const idx = resources ? vmResourceIndex(resources, pattern) : undefined;
    const rows = vms.map((v, i): VmRow => {
      const found = idx ? findVmResource(idx, v.name) : undefined;
      const r = found && contested.ids.has(found.id) ? undefined : found;
      const resource = r ? refOf(r) : undefined;
      const before = last && last.vms[i]?.name === v.name ? last.rows[i] : undefined;
      if (before && last!.vms[i] === v && before.resource === resource) return before;
      const key = before ? before.key : `${node}/${v.name}`;
      return resource ? { ...v, key, resource } : { ...v, key };
    });
    lastNodeRows.set(node, { vms, resources, contested, pattern, rows });
    return rows;
  };
}

/** A fenced node's rows marked lost (vm-loss.ts); one marked array per rows array and loss. */
const lostRows = new WeakMap<VmRow[], { why: string; rows: VmRow[] }>();
function withLoss(rows: VmRow[], loss: VmLoss | undefined): VmRow[] {
  if (!loss) return rows;
  const hit = lostRows.get(rows);
  if (hit && hit.why === loss.why) return hit.rows;
  // A shut-off definition is still on the node's disk: only what was active died with it.
  const marked = rows.map((r) => (r.state === 'shut off' || (loss.managedOnly && !r.resource) ? r : { ...r, lost: loss }));
  lostRows.set(rows, { why: loss.why, rows: marked });
  return marked;
}

const sameLoss = (a: VmLoss | undefined, b: VmLoss | undefined): boolean => a === b || (a !== undefined && b !== undefined && a.why === b.why && a.managedOnly === b.managedOnly && a.fencedAt === b.fencedAt);

export interface VmDuplicate {
  name: string;
  nodes: string[];
}

// ───────────────────────── nodes ─────────────────────────

export interface NodeSummary {
  name: string;
  reachable: boolean;
  connStatus: NodeSlice['conn']['status'];
  connError?: string;
  /** From crm_mon; undefined when Pacemaker data is missing or does not list the node. */
  online?: boolean;
  standby?: boolean;
  maintenance?: boolean;
  unclean?: boolean;
  isDc: boolean;
  cpuPct?: number;
  memUsedPct?: number;
  load1?: number;
  vmsRunning: number;
  vmsTotal: number;
  alerts: { critical: number; warning: number; info: number };
  fresh: NodeFreshInfo;
}

/** Per-node summary. Freshness depends on `now`, so this one is not memoised. */
export function nodeSummary(s: VdState, now: number): NodeSummary[] {
  const crmNodes = new Map((s.cluster.crm?.nodes ?? []).map((n) => [n.name, n]));
  return s.nodeOrder.map((name) => {
    const n = s.nodes[name]!;
    const pn = crmNodes.get(name);
    const counts = { critical: 0, warning: 0, info: 0 };
    for (const a of s.alerts) if (a.node === name) counts[a.severity]++;
    const vms = n.vms ?? [];
    const row: NodeSummary = {
      name,
      reachable: n.conn.status === 'up',
      connStatus: n.conn.status,
      isDc: pn?.isDc ?? s.cluster.crm?.summary.dcName === name,
      vmsRunning: vms.filter((v) => v.state === 'running').length,
      vmsTotal: vms.length,
      alerts: counts,
      fresh: nodeFreshness(n, now),
    };
    if (n.conn.error) row.connError = `${n.conn.error.kind}: ${n.conn.error.message}`;
    if (pn) Object.assign(row, { online: pn.online, standby: pn.standby, maintenance: pn.maintenance, unclean: pn.unclean });
    if (n.host?.cpu) row.cpuPct = n.host.cpu.busyPct;
    const mem = n.host ? memUsedPct(n.host.mem) : undefined;
    if (mem !== undefined) row.memUsedPct = mem;
    if (n.host) row.load1 = n.host.load.one;
    return row;
  });
}

// ───────────────────────── resources ─────────────────────────

export interface ResourceRow {
  /** Unique row key (clone instances share an id): path of ids + index. */
  key: string;
  id: string;
  depth: number;
  kind: CrmResource['kind'];
  agent?: string;
  role: string;
  nodes: string[];
  managed: boolean;
  failed: boolean;
  blocked: boolean;
  disabled: boolean;
  parent?: string;
  resource: CrmResource;
}

function resourceRowsOf(resources: readonly CrmResource[] | undefined): ResourceRow[] {
  const rows: ResourceRow[] = [];
  const walk = (r: CrmResource, depth: number, path: string, i: number) => {
    const key = `${path}${r.id}#${i}`;
    const row: ResourceRow = {
      key,
      id: r.id,
      depth,
      kind: r.kind,
      role: r.role,
      nodes: r.nodes,
      managed: r.managed,
      failed: r.failed,
      blocked: r.blocked,
      disabled: r.disabled ?? false,
      resource: r,
    };
    if (r.agent !== undefined) row.agent = r.agent;
    if (r.parent !== undefined) row.parent = r.parent;
    rows.push(row);
    r.children.forEach((c, j) => walk(c, depth + 1, `${key}/`, j));
  };
  (resources ?? []).forEach((r, i) => walk(r, 0, '', i));
  return rows;
}

// ───────────────────────── multipath ─────────────────────────

export interface MultipathCell {
  health: PathHealth;
  active: number;
  total: number;
  dm: string;
  alias: string;
  /** Worst of r/w await of the dm device from iostat (ms). */
  awaitMs?: number;
}

export interface MultipathLun {
  wwid: string;
  /** Alias (first seen). */
  name: string;
  cells: Record<string, MultipathCell | undefined>;
  /** Worst health over nodes that see it; 'critical' when some node lacks the LUN entirely. */
  worst: PathHealth;
}

export interface MultipathMatrix {
  nodes: string[];
  luns: MultipathLun[];
}

const HEALTH_RANK: Record<PathHealth, number> = { ok: 0, degraded: 1, critical: 2 };

/** `multipaths` and `ios`: each node's, in `nodeOrder`. */
function multipathMatrixOf(nodeOrder: readonly string[], multipaths: readonly (readonly MultipathMap[] | undefined)[], ios: readonly NodeSlice['io'][]): MultipathMatrix {
  const luns = new Map<string, MultipathLun>();
  const withData = nodeOrder.filter((_, i) => multipaths[i]);
  nodeOrder.forEach((node, i) => {
    const maps = multipaths[i];
    if (!maps) return;
    const io = new Map((ios[i] ?? []).map((d) => [d.device, d]));
    for (const m of maps) {
      const h = mapHealth(m);
      const lun = luns.get(m.wwid) ?? { wwid: m.wwid, name: m.name, cells: {}, worst: 'ok' as PathHealth };
      const d = io.get(m.sysfs);
      const cell: MultipathCell = { health: h.health, active: h.active, total: h.total, dm: m.sysfs, alias: m.name };
      if (d) cell.awaitMs = Math.max(d.rAwait, d.wAwait);
      lun.cells[node] = cell;
      if (HEALTH_RANK[h.health] > HEALTH_RANK[lun.worst]) lun.worst = h.health;
      luns.set(m.wwid, lun);
    }
  });
  // A LUN missing on a node that reports multipath at all is as bad as no path.
  for (const lun of luns.values()) if (withData.some((n) => !lun.cells[n])) lun.worst = 'critical';
  return { nodes: [...nodeOrder], luns: [...luns.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

// ───────────────────────── fencing ─────────────────────────

export type FenceReadiness = 'ready' | 'degraded' | 'not-fenceable';

export interface NodeFencing {
  node: string;
  status: FenceReadiness;
  reasons: string[];
  /** Devices able to fence this node (stonith_admin --list, else every stonith resource). */
  devices: string[];
  /** Whether `devices` came from stonith_admin --list for this node. */
  devicesKnown: boolean;
  /** The node whose fencer listed `devices` (another node than this one). */
  via?: string;
  /** No fencer answered about this node: why ("fencer not answering on n2: …"). */
  error?: string;
  sbdSlot?: SbdSlot & { device: string };
  watchdog?: boolean;
  recentFailures: CrmFenceEvent[];
}

export interface FencingReadiness {
  stonithEnabled?: boolean;
  devices: string[];
  nodes: NodeFencing[];
}

/** `sbds`: each node's, in `nodeOrder`. */
function fencingReadinessOf(crm: CrmStatus | undefined, stonithDevices: ClusterSlice['stonithDevices'], stonithTargets: ClusterSlice['stonithTargets'], nodeOrder: readonly string[], sbds: readonly (SbdStatus | undefined)[]): FencingReadiness {
  const stonithRes = crm ? [...vmResourceIndex(crm.resources).byId.values()].filter(isStonith) : [];
  const devices = stonithDevices ?? stonithRes.map((r) => r.id);
  const stonithEnabled = crm?.summary.stonithEnabled;
  const names = crm ? [...new Set([...nodeOrder, ...crm.nodes.filter((n) => n.type === 'member').map((n) => n.name)])] : nodeOrder;
  const nodes = names.map((node): NodeFencing => {
    const reasons: string[] = [];
    let status: FenceReadiness = 'ready';
    const worse = (st: FenceReadiness, why: string) => {
      reasons.push(why);
      if (st === 'not-fenceable' || status === 'ready') status = st;
    };
    if (stonithEnabled === false) worse('not-fenceable', 'stonith-enabled=false');
    if (!crm) worse('degraded', 'no Pacemaker data');
    const t = stonithTargets?.find((x) => x.target === node);
    const devs = t ? t.devices : stonithRes.map((r) => r.id);
    // Nobody could be asked: unknown, which is not "no device".
    if (t?.error !== undefined) worse('degraded', `cannot tell which devices can fence it: ${t.error}`);
    else if (devs.length === 0) worse('not-fenceable', t ? `no stonith device can fence it (stonith_admin --list${t.via ? ` on ${t.via}` : ''})` : 'no stonith resources configured');
    // Devices that exist but are stopped/failed cannot fence anything.
    for (const r of stonithRes) if (devs.includes(r.id) && (!r.active || r.failed)) worse('degraded', `stonith device ${r.id} ${r.failed ? 'failed' : r.role}`);
    if (devs.length > 0 && stonithRes.length > 0 && devs.every((d) => stonithRes.some((r) => r.id === d && (!r.active || r.failed))))
      worse('not-fenceable', 'every device able to fence it is stopped or failed');
    const at = nodeOrder.indexOf(node);
    const own = at < 0 ? undefined : sbds[at];
    let sbdSlot: NodeFencing['sbdSlot'];
    if (own) {
      for (const d of own.devices) {
        if (!d.readable) worse('degraded', `sbd device ${d.path} unreadable`);
        const slot = d.slots.find((x) => x.node === node);
        if (slot && !sbdSlot) sbdSlot = { ...slot, device: d.path };
        if (d.readable && !slot && d.slotsNotCollected === undefined) worse('degraded', `no sbd slot on ${d.path}`);
        if (slot && slot.message !== 'clear') worse('degraded', `sbd slot message "${slot.message}"`);
      }
      if (!own.watchdog.present && own.watchdog.notCollected === undefined) worse('degraded', own.watchdog.error ? `watchdog unknown: ${own.watchdog.error}` : 'no watchdog');
    }
    const recentFailures = (crm?.fenceHistory ?? []).filter((e) => e.target === node && e.status !== 'success' && e.status !== 'pending');
    if (recentFailures.length) worse('degraded', `${recentFailures.length} failed fence attempt(s)`);
    const out: NodeFencing = { node, status, reasons, devices: devs, devicesKnown: t !== undefined && t.error === undefined, recentFailures };
    if (t?.via !== undefined) out.via = t.via;
    if (t?.error !== undefined) out.error = t.error;
    if (sbdSlot) out.sbdSlot = sbdSlot;
    if (own && own.watchdog.notCollected === undefined) out.watchdog = own.watchdog.present;
    return out;
  });
  const r: FencingReadiness = { devices, nodes };
  if (stonithEnabled !== undefined) r.stonithEnabled = stonithEnabled;
  return r;
}

// ───────────────────────── alerts ─────────────────────────

export interface AlertCounts {
  critical: number;
  warning: number;
  info: number;
  /** Not yet acknowledged, per severity. */
  unacked: Record<Severity, number>;
  total: number;
}

export function countAlerts(alerts: readonly Alert[]): AlertCounts {
  const c: AlertCounts = { critical: 0, warning: 0, info: 0, unacked: { critical: 0, warning: 0, info: 0 }, total: alerts.length };
  for (const a of alerts) {
    c[a.severity]++;
    if (!a.acknowledged) c.unacked[a.severity]++;
  }
  return c;
}

/** Failed resources (flattened, deduplicated by id). */
export function failedResources(s: VdState): CrmResource[] {
  const seen = new Set<string>();
  return flattenResources(s.cluster.crm?.resources ?? []).filter((r) => r.failed && r.kind === 'primitive' && !seen.has(r.id) && (seen.add(r.id), true));
}

// ───────────────────────── per store ─────────────────────────

/** The memoised views of one store. */
export interface VdSelectors {
  /** VMs per node, in node order: each node's array keeps its identity while that node's VM list
   *  and the resources are unchanged (the VM view shapes rows per node). */
  vmsByNode: Selector<VdState, readonly (readonly VmRow[])[]>;
  allVms: Selector<VdState, VmRow[]>;
  vmDuplicates: Selector<VdState, VmDuplicate[]>;
  resourceRows: Selector<VdState, ResourceRow[]>;
  multipathMatrix: Selector<VdState, MultipathMatrix>;
  fencingReadiness: Selector<VdState, FencingReadiness>;
  alertCounts: Selector<VdState, AlertCounts>;
}

const isRunning = (v: VmRuntime): boolean => v.state === 'running' || v.state === 'paused';

/** A fresh set of selectors, with their own memory (one per store: selectorsOf). */
export function createSelectors(): VdSelectors {
  const nodeOrder = (s: VdState) => s.nodeOrder;
  const perNode = <K extends keyof NodeSlice>(k: K) => listInput((s: VdState) => s.nodeOrder.map((n) => s.nodes[n]?.[k]));
  const vmLists = perNode('vms');
  const resources = (s: VdState) => s.cluster.crm?.resources;
  const rowsOf = nodeVmRows();

  const vmsByNode = createSelector(
    [nodeOrder, vmLists, resources, (s: VdState) => s.cluster.vmResourceName, contestedOf, listInput((s: VdState) => s.nodeOrder.map((n) => nodeVmLoss(s, n)), sameLoss)],
    (order, lists, res, pattern, contested, losses): readonly (readonly VmRow[])[] => {
      const out: VmRow[][] = [];
      order.forEach((node, i) => {
        const vms = lists[i];
        if (vms) out.push(withLoss(rowsOf(node, vms, res, contested, pattern), losses[i]));
      });
      return out;
    },
  );
  return {
    vmsByNode,
    allVms: createSelector([vmsByNode], (groups) => groups.flat()),
    vmDuplicates: createSelector([nodeOrder, vmLists], (order, lists) => {
      const running = new Map<string, string[]>();
      order.forEach((node, i) => {
        for (const v of lists[i] ?? []) if (isRunning(v)) running.set(v.name, [...(running.get(v.name) ?? []), node]);
      });
      return [...running].filter(([, n]) => n.length > 1).map(([name, nodes]) => ({ name, nodes }));
    }),
    resourceRows: createSelector([resources], resourceRowsOf),
    multipathMatrix: createSelector([nodeOrder, perNode('multipath'), perNode('io')], multipathMatrixOf),
    fencingReadiness: createSelector(
      [(s: VdState) => s.cluster.crm, (s: VdState) => s.cluster.stonithDevices, (s: VdState) => s.cluster.stonithTargets, nodeOrder, perNode('sbd')],
      fencingReadinessOf,
    ),
    alertCounts: createSelector([(s: VdState) => s.alerts], countAlerts),
  };
}

const perStore = new WeakMap<object, VdSelectors>();

/** The selectors of `store` (made on first use, kept as long as the store). */
export function selectorsOf(store: object): VdSelectors {
  let sel = perStore.get(store);
  if (!sel) perStore.set(store, (sel = createSelectors()));
  return sel;
}

// One-shot use (snapshot, check, CLI): a state read once or a few times, with no store at hand.
// Kept per state object, so two calls on one state share the work and nothing is shared between
// states of different stores.
const oneShot = (view: keyof VdSelectors) => (s: VdState) => selectorsOf(s)[view](s) as never;
export const vmsByNode: VdSelectors['vmsByNode'] = oneShot('vmsByNode');
export const allVms: VdSelectors['allVms'] = oneShot('allVms');
export const vmDuplicates: VdSelectors['vmDuplicates'] = oneShot('vmDuplicates');
export const resourceRows: VdSelectors['resourceRows'] = oneShot('resourceRows');
export const multipathMatrix: VdSelectors['multipathMatrix'] = oneShot('multipathMatrix');
export const fencingReadiness: VdSelectors['fencingReadiness'] = oneShot('fencingReadiness');
export const alertCounts: VdSelectors['alertCounts'] = oneShot('alertCounts');
