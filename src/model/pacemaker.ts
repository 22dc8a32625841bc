// Typed view of `crm_mon --one-shot --output-as=xml --inactive --include=…` (pacemaker 2.x API).

export interface CrmSummary {
  stack?: string;
  dcName?: string;
  dcVersion?: string;
  /** DC present and cluster has quorum (from <current_dc with_quorum="true">). */
  withQuorum: boolean;
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
