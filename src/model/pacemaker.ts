// Typed view of `crm_mon --one-shot --output-as=xml --inactive --include=…` (pacemaker 2.x API).

export interface CrmSummary {
  stack?: string;
  dcName?: string;
  dcVersion?: string;
  /** Known to be quorate: a DC is present and says with_quorum="true". False when not quorate
   *  and when unknown (see quorumUnknown); read it through quorumState(). */
  withQuorum: boolean;
  /** Set when quorum is unknown, with why (crm_mon carries quorum only through the DC: "no DC"). */
  quorumUnknown?: string;
  lastUpdated?: string;
  lastChange?: string;
  nodesConfigured: number;
  resourcesConfigured: number;
  resourcesDisabled: number;
  resourcesBlocked: number;
  stonithEnabled: boolean;
  symmetricCluster: boolean;
  noQuorumPolicy?: string;
  maintenanceMode: boolean;
  stopAllResources: boolean;
}

export type CrmNodeType = 'member' | 'remote' | 'ping' | string;

/** What kind of cluster node: crm_mon says type="remote" for pacemaker_remote hosts, guest VMs
 *  (remote-node meta) and bundle replicas alike; the latter two carry the resource that provides
 *  them (id_as_resource), so they are guests. */
export type CrmNodeKind = 'member' | 'remote' | 'guest' | 'ping' | 'unknown';

export interface CrmNode {
  name: string;
  id: string;
  online: boolean;
  standby: boolean;
  standbyOnFail: boolean;
  maintenance: boolean;
  pending: boolean;
  unclean: boolean;
  shutdown: boolean;
  expectedUp: boolean;
  isDc: boolean;
  type: CrmNodeType;
  resourcesRunning: number;
  /** For guest/remote nodes: the resource that provides them. */
  containerId?: string;
  /** Read from ha_cluster_exporter: its type "remote" covers guest nodes too (it does not export
   *  crm_mon's id_as_resource), so a remote node here may be a guest. */
  guestOrRemote?: boolean;
  /** Node attributes from <node_attributes>. */
  attributes: Record<string, string>;
}

export type CrmResourceKind = 'primitive' | 'group' | 'clone' | 'bundle';

export interface CrmResource {
  /** Exactly as crm_mon prints it (e.g. "vm-web1", "dlm:1" inside unique clones). */
  id: string;
  kind: CrmResourceKind;
  /** Primitives: "ocf:heartbeat:VirtualDomain", "stonith:fence_ipmilan"… */
  agent?: string;
  /** Current role: Started, Stopped, Promoted, Unpromoted, Starting, Migrating… */
  role: string;
  targetRole?: string;
  /** An operation in flight as crm_mon shows it with record-pending ("Migrating", "Starting"…). */
  pending?: string;
  active: boolean;
  orphaned: boolean;
  blocked: boolean;
  managed: boolean;
  failed: boolean;
  failureIgnored: boolean;
  /** Node names where this resource (or any child instance) is active. */
  nodes: string[];
  /** Parent container id (group/clone/bundle), if any. */
  parent?: string;
  /** Clones: promotable (multi-state). */
  promotable?: boolean;
  /** Clones: unique instances. */
  unique?: boolean;
  disabled?: boolean;
  children: CrmResource[];
}

export interface CrmFailedAction {
  opKey: string;
  node: string;
  exitStatus: string;
  exitReason?: string;
  exitCode: number;
  call?: number;
  status: string;
  lastRcChange?: string;
  queued?: number;
  exec?: number;
  interval?: number;
  task?: string;
  /** Resource id parsed from opKey (text before the last two _ parts). */
  resource: string;
}

export interface CrmFenceEvent {
  target: string;
  action: string;
  delegate?: string;
  client?: string;
  origin?: string;
  status: 'success' | 'failed' | 'pending' | string;
  exitReason?: string;
  completed?: string;
}

export interface CrmBan {
  id: string;
  resource: string;
  node: string;
  weight: number;
  promotedOnly: boolean;
}

export interface CrmOperationHistory {
  node: string;
  resource: string;
  failCount: number;
  migrationThreshold?: number;
  lastFailure?: string;
}

export interface CrmStatus {
  summary: CrmSummary;
  nodes: CrmNode[];
  /** Top-level resources (containers hold their children). */
  resources: CrmResource[];
  failedActions: CrmFailedAction[];
  fenceHistory: CrmFenceEvent[];
  bans: CrmBan[];
  history: CrmOperationHistory[];
}

export function nodeKind(n: Pick<CrmNode, 'type' | 'containerId'>): CrmNodeKind {
  if (n.type === 'remote') return n.containerId !== undefined ? 'guest' : 'remote';
  if (n.type === 'member' || n.type === 'ping') return n.type;
  return 'unknown';
}

/** The resource that provides a node: a guest's VM or container, a remote node's connection
 *  resource (named like the node); members have none. */
export function nodeProvider(n: Pick<CrmNode, 'name' | 'type' | 'containerId'>): string | undefined {
  const k = nodeKind(n);
  return k === 'guest' ? n.containerId : k === 'remote' ? n.name : undefined;
}

export type QuorumState = { state: 'yes' } | { state: 'no' } | { state: 'unknown'; why: string };

/** Three-valued quorum: unknown is neither quorate nor "no quorum" (it must not read as either). */
export function quorumState(s: Pick<CrmSummary, 'withQuorum' | 'quorumUnknown'>): QuorumState {
  if (s.quorumUnknown !== undefined) return { state: 'unknown', why: s.quorumUnknown };
  return s.withQuorum ? { state: 'yes' } : { state: 'no' };
}

/** Depth-first list of every resource and child. */
export function flattenResources(rs: readonly CrmResource[]): CrmResource[] {
  const out: CrmResource[] = [];
  const walk = (r: CrmResource) => {
    out.push(r);
    r.children.forEach(walk);
  };
  rs.forEach(walk);
  return out;
}
