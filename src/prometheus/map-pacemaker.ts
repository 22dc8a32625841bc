// ha_cluster_exporter's series of ONE instance → the CrmStatus crm_mon would give. The exporter
// flattens crm_mon into one series per (resource, node, status) and per (node, status); what it
// does not carry (fence history, operation details of failed actions, cluster maintenance-mode,
// whether a "remote" node is a guest, and which resource provides it) is absent or marked
// unknown, never made up.
import type { CrmBan, CrmFailedAction, CrmNode, CrmOperationHistory, CrmResource, CrmStatus } from '../model/pacemaker.js';
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';
import { familyOf, type PromSample } from './client.js';

const metric = (s: PromSample): string => s.labels.__name__ ?? '';

/** crm_mon prints roles capitalised ("Started", "Promoted"); the exporter lower-cases them. */
const crmRole = (r: string | undefined): string => (r ? r[0]!.toUpperCase() + r.slice(1) : 'Unknown');

function nodesOf(samples: readonly PromSample[], running: Map<string, number>): CrmNode[] {
  const byName = new Map<string, { type: string; flags: Map<string, boolean> }>();
  for (const s of familyOf(samples, 'ha_cluster_pacemaker_nodes')) {
    const name = s.labels.node ?? '';
    if (!name) continue;
    const n = byName.get(name) ?? { type: s.labels.type ?? 'member', flags: new Map<string, boolean>() };
    n.flags.set(s.labels.status ?? '', s.value === 1);
    byName.set(name, n);
  }
  return [...byName].map(([name, n]) => {
    const f = (k: string) => n.flags.get(k) === true;
    return {
      name,
      id: '',
      online: f('online'),
      standby: f('standby'),
      standbyOnFail: f('standby_onfail'),
      maintenance: f('maintenance'),
      pending: f('pending'),
      unclean: f('unclean'),
      shutdown: f('shutdown'),
      expectedUp: f('expected_up'),
      isDc: f('dc'),
      type: n.type,
      ...(n.type === 'remote' ? { guestOrRemote: true } : {}),
      resourcesRunning: running.get(name) ?? 0,
      attributes: {},
    };
  });
}

interface Row {
  resource: string;
  node: string;
  agent?: string;
  role: string;
  group: string;
  clone: string;
  managed: boolean;
  status: Map<string, boolean>;
}

function rowsOf(samples: readonly PromSample[]): Row[] {
  const rows = new Map<string, Row>();
  for (const s of familyOf(samples, 'ha_cluster_pacemaker_resources')) {
    const l = s.labels;
    const key = [l.clone, l.group, l.resource, l.node].join('\0');
    let r = rows.get(key);
    if (!r) {
      r = { resource: l.resource ?? '', node: l.node ?? '', role: crmRole(l.role), group: l.group ?? '', clone: l.clone ?? '', managed: l.managed !== 'false', status: new Map() };
      if (l.agent) r.agent = l.agent;
      rows.set(key, r);
    }
    r.status.set(l.status ?? '', s.value === 1);
  }
  return [...rows.values()].filter((r) => r.resource !== '');
}

const primitive = (id: string, rows: readonly Row[], parent: string | undefined): CrmResource => {
  const has = (k: string) => rows.some((r) => r.status.get(k) === true);
  const r0 = rows[0]!;
  const out: CrmResource = {
    id,
    kind: 'primitive',
    role: rows.find((r) => r.status.get('active'))?.role ?? r0.role,
    active: has('active'),
    orphaned: has('orphaned'),
    blocked: has('blocked'),
    managed: rows.every((r) => r.managed),
    failed: has('failed'),
    failureIgnored: has('failure_ignored'),
    nodes: [...new Set(rows.filter((r) => r.node !== '' && r.status.get('active') !== false).map((r) => r.node))],
    children: [],
  };
  if (r0.agent !== undefined) out.agent = r0.agent;
  if (parent !== undefined) out.parent = parent;
  return out;
};

const container = (id: string, kind: 'group' | 'clone', children: CrmResource[], parent?: string): CrmResource => {
  const active = children.filter((c) => c.active);
  const role = active.some((c) => c.role === 'Promoted') ? 'Promoted' : active.length === 0 ? 'Stopped' : active.every((c) => c.role === 'Unpromoted') ? 'Unpromoted' : 'Started';
  const out: CrmResource = {
    id,
    kind,
    role,
    active: active.length > 0,
    orphaned: children.length > 0 && children.every((c) => c.orphaned),
    blocked: children.some((c) => c.blocked),
    managed: children.every((c) => c.managed),
    failed: children.some((c) => c.failed),
    failureIgnored: children.some((c) => c.failureIgnored),
    nodes: [...new Set(children.flatMap((c) => c.nodes))],
    children,
  };
  if (parent !== undefined) out.parent = parent;
  return out;
};

/** Groups in first-seen order, one pass. */
const groupBy = <T,>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
};

/** Top-level resources in the exporter's order: plain primitives (one per id, every node it is
 *  active on), groups with their members, clones with one instance per node. */
function resourcesOf(rows: readonly Row[]): CrmResource[] {
  // Kind and id of the top level: a clone, a group, or the primitive itself.
  const tops = groupBy(rows, (r) => (r.clone ? `c\0${r.clone}` : r.group ? `g\0${r.group}` : `p\0${r.resource}`));
  return [...tops.values()].map((mine) => {
    const r = mine[0]!;
    // A clone: an instance per (member, node) row, as crm_mon lists each instance on its own.
    if (r.clone) return container(r.clone, 'clone', mine.map((x) => primitive(x.resource, [x], r.clone)));
    if (r.group) return container(r.group, 'group', [...groupBy(mine, (x) => x.resource)].map(([id, rs]) => primitive(id, rs, r.group)));
    return primitive(r.resource, mine, undefined);
  });
}

/**
 * The exporter has no failed-operation list; a resource's fail count on a node is what it
 * carries of a failure. Each non-zero fail count becomes one failed action naming the resource
 * and node; operation, exit code and time are unknown and say so.
 */
function failuresOf(samples: readonly PromSample[]): { failed: CrmFailedAction[]; history: CrmOperationHistory[] } {
  const threshold = new Map(familyOf(samples, 'ha_cluster_pacemaker_migration_threshold').map((s) => [`${s.labels.resource}\0${s.labels.node}`, s.value]));
  const failed: CrmFailedAction[] = [];
  const history: CrmOperationHistory[] = [];
  for (const s of familyOf(samples, 'ha_cluster_pacemaker_fail_count')) {
    const resource = s.labels.resource ?? '';
    const node = s.labels.node ?? '';
    const h: CrmOperationHistory = { node, resource, failCount: s.value };
    const t = threshold.get(`${resource}\0${node}`);
    if (t !== undefined) h.migrationThreshold = t;
    history.push(h);
    if (s.value > 0)
      failed.push({ opKey: resource, resource, node, exitStatus: `fail count ${s.value}`, exitReason: `operation and exit code ${NOT_FROM_PROMETHEUS}`, exitCode: -1, status: 'failed' });
  }
  return { failed, history };
}

/** Location constraints with a negative score are what crm_mon lists as bans. */
const bansOf = (samples: readonly PromSample[]): CrmBan[] =>
  familyOf(samples, 'ha_cluster_pacemaker_location_constraints')
    .filter((s) => s.value < 0 && s.labels.node)
    .map((s) => ({ id: s.labels.constraint ?? '', resource: s.labels.resource ?? '', node: s.labels.node!, weight: s.value, promotedOnly: /^(promoted|master)$/i.test(s.labels.role ?? '') }));

/** Returns undefined when the instance carries no pacemaker series (its collector failed). */
export function crmFromSeries(samples: readonly PromSample[]): CrmStatus | undefined {
  if (!samples.some((s) => metric(s) === 'ha_cluster_pacemaker_nodes')) return undefined;
  const rows = rowsOf(samples);
  const running = new Map<string, number>();
  for (const r of rows) if (r.node && r.status.get('active')) running.set(r.node, (running.get(r.node) ?? 0) + 1);
  const nodes = nodesOf(samples, running);
  const resources = resourcesOf(rows);
  const dc = nodes.find((n) => n.isDc)?.name;
  const quorate = familyOf(samples, 'ha_cluster_corosync_quorate')[0];
  const stonith = familyOf(samples, 'ha_cluster_pacemaker_stonith_enabled')[0];
  const { failed, history } = failuresOf(samples);
  const primitives = rows.length;
  const summary: CrmStatus['summary'] = {
    withQuorum: dc !== undefined && quorate?.value === 1,
    nodesConfigured: nodes.length,
    resourcesConfigured: primitives,
    resourcesDisabled: 0,
    resourcesBlocked: rows.filter((r) => r.status.get('blocked')).length,
    stonithEnabled: stonith?.value === 1,
    symmetricCluster: true,
    maintenanceMode: false,
    stopAllResources: false,
  };
  if (dc !== undefined) summary.dcName = dc;
  // crm_mon reports quorum through the DC; the exporter through corosync's quorumtool.
  if (dc === undefined) summary.quorumUnknown = 'no DC';
  else if (!quorate) summary.quorumUnknown = `${NOT_FROM_PROMETHEUS} (no ha_cluster_corosync_quorate)`;
  return { summary, nodes, resources, failedActions: failed, fenceHistory: [], bans: bansOf(samples), history };
}
