// What changed between two states, as timeline entries. Pure; the store calls it after each
// mutation with the slices before and after. A source seen for the first time (previous value
// absent) produces nothing: the first collection is not an event.
import { flattenResources, quorumState, type CrmFailedAction, type CrmFenceEvent, type CrmResource, type CrmStatus } from '../model/pacemaker.js';
import type { MultipathMap, MultipathPath } from '../model/multipath.js';
import type { VmRuntime } from '../model/vm.js';
import type { SbdStatus } from '../model/fencing.js';
import type { NodeConnState } from '../ssh/runner.js';
import type { Severity, TimelineEntry, VdState } from './types.js';
import { unreachableText } from './targets-down.js';

export type TimelineDraft = Omit<TimelineEntry, 'seq'>;

export function diffForTimeline(prev: VdState, next: VdState, now: number): TimelineDraft[] {
  const out: TimelineDraft[] = [];
  const add = (e: Omit<TimelineDraft, 'time'>) => out.push({ time: now, ...e });
  if (prev.cluster.crm !== next.cluster.crm && prev.cluster.crm && next.cluster.crm) diffCrm(prev.cluster.crm, next.cluster.crm, add);
  if (prev.nodes !== next.nodes) {
    for (const name of next.nodeOrder) {
      const a = prev.nodes[name];
      const b = next.nodes[name];
      if (!a || !b || a === b) continue;
      if (a.conn !== b.conn) diffConn(a.conn, b.conn, add);
      if (a.multipath !== b.multipath && a.multipath && b.multipath) diffMultipath(name, a.multipath, b.multipath, add);
      if (a.vms !== b.vms && a.vms && b.vms) diffVms(name, a.vms, b.vms, add);
      if (a.sbd !== b.sbd && a.sbd && b.sbd) diffSbd(name, a.sbd, b.sbd, add);
    }
  }
  return out;
}

type Add = (e: Omit<TimelineDraft, 'time'>) => void;

function diffConn(a: NodeConnState, b: NodeConnState, add: Add): void {
  const node = b.node;
  // A reconnect attempt that fails again (connecting with the last error kept → down) is not news.
  if (a.status !== 'down' && b.status === 'down' && !(a.status === 'connecting' && a.error !== undefined))
    add({ node, source: 'conn', kind: 'node-unreachable', severity: 'critical', subject: node, message: unreachableText(node, node, b) });
  // The first successful connect is not news (the first data is silent too). A recovery is up
  // after down, or after a connecting phase that follows a failure: the runner keeps the last
  // error until the next 'up', and counts attempts (the first connect is attempt 1).
  else if (a.status !== 'up' && b.status === 'up' && (a.status === 'down' || a.error !== undefined || a.attempts > 1))
    add({ node, source: 'conn', kind: 'node-reachable', severity: 'info', subject: node, message: `${node} reachable again` });
}

function diffCrm(a: CrmStatus, b: CrmStatus, add: Add): void {
  const src = 'pacemaker' as const;
  if (a.summary.dcName !== b.summary.dcName)
    add({ source: src, kind: 'dc-change', severity: 'info', subject: b.summary.dcName ?? 'none', message: `DC ${a.summary.dcName ?? 'none'} → ${b.summary.dcName ?? 'none'}` });
  const qa = quorumState(a.summary);
  const qb = quorumState(b.summary);
  if (qa.state !== qb.state)
    add(qb.state === 'yes'
      ? { source: src, kind: 'quorum-regained', severity: 'info', subject: 'cluster', message: 'quorum regained' }
      : qb.state === 'no'
        ? { source: src, kind: 'quorum-lost', severity: 'critical', subject: 'cluster', message: 'quorum lost' }
        : { source: src, kind: 'quorum-unknown', severity: 'warning', subject: 'cluster', message: `quorum unknown (${qb.why})` });
  if (a.summary.maintenanceMode !== b.summary.maintenanceMode)
    add({ source: src, kind: 'maintenance', severity: 'warning', subject: 'cluster', message: `cluster maintenance-mode ${b.summary.maintenanceMode ? 'on' : 'off'}` });

  const oldNodes = new Map(a.nodes.map((n) => [n.name, n]));
  for (const n of b.nodes) {
    const o = oldNodes.get(n.name);
    if (!o) continue;
    const node = n.name;
    if (!o.unclean && n.unclean) add({ node, source: src, kind: 'node-unclean', severity: 'critical', subject: node, message: `${node} UNCLEAN` });
    if (o.online && !n.online) add({ node, source: src, kind: 'node-offline', severity: 'critical', subject: node, message: `${node} OFFLINE` });
    if (!o.online && n.online) add({ node, source: src, kind: 'node-online', severity: 'info', subject: node, message: `${node} online` });
    if (o.standby !== n.standby) add({ node, source: src, kind: n.standby ? 'standby-on' : 'standby-off', severity: 'info', subject: node, message: `${node} standby ${n.standby ? 'on' : 'off'}` });
    if (o.maintenance !== n.maintenance)
      add({ node, source: src, kind: 'maintenance', severity: 'warning', subject: node, message: `${node} maintenance ${n.maintenance ? 'on' : 'off'}` });
  }

  // Resources: clone instances share ids, so compare the union of their nodes per id. The same
  // list (crm_mon output unchanged but for its time) has nothing to tell.
  if (a.resources !== b.resources) diffResources(a.resources, b.resources, add);

  // The same lists (shared by the store when unchanged) have nothing new either.
  if (a.failedActions !== b.failedActions) {
    const faKey = (f: CrmFailedAction) => `${f.opKey}|${f.node}|${f.call ?? ''}|${f.lastRcChange ?? ''}`;
    const oldFa = new Set(a.failedActions.map(faKey));
    for (const f of b.failedActions)
      if (!oldFa.has(faKey(f)))
        add({ node: f.node, source: src, kind: 'failed-action', severity: 'warning', subject: f.resource, message: `failed action ${f.opKey} on ${f.node}: ${f.exitStatus}${f.exitReason ? ` (${f.exitReason})` : ''}` });
  }

  if (a.fenceHistory === b.fenceHistory) return;
  const feKey = (e: CrmFenceEvent) => `${e.target}|${e.action}|${e.status}|${e.completed ?? ''}|${e.origin ?? ''}|${e.delegate ?? ''}`;
  const oldFe = new Set(a.fenceHistory.map(feKey));
  for (const e of b.fenceHistory)
    if (!oldFe.has(feKey(e))) {
      const severity: Severity = e.status === 'success' ? 'warning' : e.status === 'pending' ? 'info' : 'critical';
      add({
        node: e.target,
        source: src,
        kind: 'fence',
        severity,
        subject: e.target,
        message: `fence ${e.action} of ${e.target} ${e.status}${e.delegate ? ` (by ${e.delegate})` : ''}${e.exitReason ? `: ${e.exitReason}` : ''}`,
      });
    }
}

function diffResources(aRes: readonly CrmResource[], bRes: readonly CrmResource[], add: Add): void {
  const src = 'pacemaker' as const;
  const index = (rs: readonly CrmResource[]) => {
    const m = new Map<string, { r: CrmResource; nodes: Set<string>; failed: boolean; active: boolean }>();
    for (const r of flattenResources(rs)) {
      if (r.kind !== 'primitive') continue;
      const e = m.get(r.id) ?? { r, nodes: new Set<string>(), failed: false, active: false };
      r.nodes.forEach((x) => e.nodes.add(x));
      e.failed ||= r.failed;
      e.active ||= r.active && r.nodes.length > 0;
      m.set(r.id, e);
    }
    return m;
  };
  const ra = index(aRes);
  for (const [id, nb] of index(bRes)) {
    const na = ra.get(id);
    if (!na) continue;
    const list = (s: Set<string>) => [...s].sort().join(', ');
    if (!na.active && nb.active) add({ node: [...nb.nodes][0], source: src, kind: 'resource-started', severity: 'info', subject: id, message: `${id} started on ${list(nb.nodes)}` });
    else if (na.active && !nb.active) add({ node: [...na.nodes][0], source: src, kind: 'resource-stopped', severity: 'warning', subject: id, message: `${id} stopped (was on ${list(na.nodes)})` });
    else if (na.active && nb.active && list(na.nodes) !== list(nb.nodes))
      add({ node: [...nb.nodes][0], source: src, kind: 'resource-moved', severity: 'info', subject: id, message: `${id} moved ${list(na.nodes)} → ${list(nb.nodes)}` });
    if (!na.failed && nb.failed) add({ node: [...nb.nodes][0], source: src, kind: 'resource-failed', severity: 'critical', subject: id, message: `${id} FAILED` });
    if (na.failed && !nb.failed) add({ node: [...nb.nodes][0], source: src, kind: 'resource-recovered', severity: 'info', subject: id, message: `${id} recovered` });
  }
}

const pathUp = (p: MultipathPath) => p.dmState === 'active' && p.checkerState === 'ready';

function diffMultipath(node: string, a: MultipathMap[], b: MultipathMap[], add: Add): void {
  const oldMaps = new Map(a.map((m) => [m.wwid, m]));
  for (const m of b) {
    const o = oldMaps.get(m.wwid);
    if (!o || o === m) continue;
    const oldPaths = new Map(o.pathGroups.flatMap((g) => g.paths).map((p) => [p.dev, p]));
    for (const p of m.pathGroups.flatMap((g) => g.paths)) {
      const op = oldPaths.get(p.dev);
      if (!op || pathUp(op) === pathUp(p)) continue;
      add(pathUp(p)
        ? { node, source: 'multipath', kind: 'path-up', severity: 'info', subject: m.name, message: `${m.name} path ${p.dev} up on ${node}` }
        : { node, source: 'multipath', kind: 'path-down', severity: 'warning', subject: m.name, message: `${m.name} path ${p.dev} down on ${node} (${p.dmState}/${p.checkerState})` });
    }
  }
}

function diffVms(node: string, a: VmRuntime[], b: VmRuntime[], add: Add): void {
  const oldVms = new Map(a.map((v) => [v.name, v]));
  const newNames = new Set<string>();
  for (const v of b) {
    newNames.add(v.name);
    const o = oldVms.get(v.name);
    if (!o) add({ node, source: 'vms', kind: 'vm-appeared', severity: 'info', subject: v.name, message: `${v.name} appeared on ${node} (${v.state})` });
    else if (o.state !== v.state)
      add({ node, source: 'vms', kind: 'vm-state', severity: v.state === 'crashed' ? 'critical' : 'info', subject: v.name, message: `${v.name} on ${node}: ${o.state} → ${v.state}` });
  }
  for (const o of a)
    if (!newNames.has(o.name)) add({ node, source: 'vms', kind: 'vm-disappeared', severity: 'info', subject: o.name, message: `${o.name} gone from ${node} (was ${o.state})` });
}

function diffSbd(node: string, a: SbdStatus, b: SbdStatus, add: Add): void {
  const oldDevs = new Map(a.devices.map((d) => [d.path, d]));
  for (const d of b.devices) {
    const o = oldDevs.get(d.path);
    if (!o) continue;
    const oldSlots = new Map(o.slots.map((s) => [s.node, s]));
    for (const s of d.slots) {
      const os = oldSlots.get(s.node);
      if (!os || os.message === s.message) continue;
      add({
        node,
        source: 'sbd',
        kind: 'sbd-message',
        severity: s.message === 'clear' ? 'info' : 'warning',
        subject: s.node,
        message: `sbd slot ${s.slot} (${s.node}) on ${d.path}: ${os.message} → ${s.message}${s.sender ? ` from ${s.sender}` : ''}`,
      });
    }
  }
}
