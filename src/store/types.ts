// The store's shape: the only meeting point of collectors and UI. Panes render straight from it.
import type { NodeConnState } from '../ssh/runner.js';
import type { CrmStatus } from '../model/pacemaker.js';
import type { CorosyncLinks, QuorumInfo } from '../model/corosync.js';
import type { SbdStatus, StonithTargets } from '../model/fencing.js';
import type { MultipathMap } from '../model/multipath.js';
import type { IostatDevice } from '../model/io.js';
import type { HostCapabilities, HostMetrics } from '../model/host.js';
import type { Bond, NetDevRates } from '../model/network.js';
import type { VmRecordProblem, VmRuntime } from '../model/vm.js';
import type { JournalEntry } from '../model/journal.js';
import type { MetricHistory } from './history.js';
import type { SourceId } from '../collectors/registry.js';

/** Every data source the collectors feed: the ids of the source registry (collectors/registry.ts). */
export type { SourceId } from '../collectors/registry.js';

export interface Freshness {
  /** ms epoch of the last successful collection */
  lastOk?: number;
  /** ms epoch of the last attempt (success or failure) */
  lastAttempt?: number;
  /** Last error message (cleared on success) */
  error?: string;
  errorAt?: number;
  /** Expected cadence; data older than 2 × interval is stale. Streams: expected sample interval. */
  intervalMs: number;
  /** For cluster-wide sources: the node the data came from. */
  via?: string;
  /** Not in the saved data (--from): nothing to collect, which is neither an error nor stale. */
  notCollected?: true;
  /** Why it is not collected: NOT_COLLECTED (saved data) or NOT_FROM_PROMETHEUS (store/freshness.ts). */
  notCollectedWhy?: string;
}

export type FreshState = 'live' | 'stale' | 'never' | 'error';

export interface IoDeviceStats extends IostatDevice {
  /** multipath alias when the device is a dm-N multipath map */
  alias?: string;
}

export interface NodeSlice {
  name: string;
  conn: NodeConnState;
  fresh: Partial<Record<SourceId, Freshness>>;
  host?: HostMetrics;
  capabilities?: HostCapabilities;
  bonds?: Bond[];
  nics?: NetDevRates[];
  multipath?: MultipathMap[];
  io?: IoDeviceStats[];
  vms?: VmRuntime[];
  /** VM records (list rows, domstats blocks) the last VM poll could not read and left out. */
  vmProblems?: VmRecordProblem[];
  sbd?: SbdStatus;
  corosyncLinks?: CorosyncLinks;
  quorum?: QuorumInfo;
}

export interface ClusterSlice {
  name: string;
  crm?: CrmStatus;
  /** stonith_admin --list-registered from the node the cluster-wide source ran on. */
  stonithDevices?: string[];
  /** stonith_admin --list NODE for each node. */
  stonithTargets?: StonithTargets[];
  fresh: Partial<Record<SourceId, Freshness>>;
  /** The site's VM resource naming rule (config vmResourceName, e.g. "vm-{name}"); src/store/vm-match.ts. */
  vmResourceName?: string;
  /** Audited actions a killed virtdeck left without a result (read from the audit log at start). */
  unfinishedActions?: UnfinishedNote[];
}

/** One unfinished action: `summary` is the one-line alert, `detail` what ran and what did not. */
export interface UnfinishedNote {
  id: string;
  node?: string;
  /** "node.standby kvm-n1", when it started, steps ran of planned (:jobs shows it as interrupted). */
  title?: string;
  when?: string;
  ran?: number;
  steps?: number;
  summary: string;
  detail: string[];
}

export type Severity = 'critical' | 'warning' | 'info';

export interface Alert {
  /** Stable key: rule + subject (e.g. "await:n1:mpatha"), used for ack and dedup. */
  id: string;
  rule: string;
  severity: Severity;
  node?: string;
  subject: string;
  message: string;
  since: number;
  acknowledged: boolean;
  value?: number;
}

export interface TimelineEntry {
  seq: number;
  time: number;
  node?: string;
  source: SourceId | 'alert' | 'action' | 'conn';
  kind: string; // node-down, resource-moved, path-down, vm-state, fence, alert-raised, …
  severity: Severity;
  subject: string;
  message: string;
}

export interface Thresholds {
  awaitWarnMs: number; // 10
  awaitCritMs: number; // 20
  utilPct: number; // 95
  cpuPct: number; // 85
  memPct: number; // 90
  hugepagesFreeMin: number; // 5
  /** consecutive samples before raising */
  raiseAfter: number; // 3
  /** consecutive clean samples before clearing */
  clearAfter: number; // 3
  /** hysteresis: clear only below threshold × (1 - hysteresis) */
  hysteresis: number; // 0.1
  /**
   * libvirt ≠ Pacemaker must persist this long (ms) before it is an alert: both are polled on
   * their own cadence, so during every move or failover each briefly sees the other's old state.
   */
  mismatchGraceMs: number; // 15000
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  awaitWarnMs: 10,
  awaitCritMs: 20,
  utilPct: 95,
  cpuPct: 85,
  memPct: 90,
  hugepagesFreeMin: 5,
  raiseAfter: 3,
  clearAfter: 3,
  hysteresis: 0.1,
  mismatchGraceMs: 15_000,
};

export interface ActionProgress {
  /** The plan's id: also its planId in the audit log when `audited`. */
  id: string;
  title: string;
  status: 'running' | 'done' | 'failed' | 'aborted';
  lines: string[];
  startedAt: number;
  /** The step running (or last run), 1-based, of the plan's steps (:jobs). */
  step?: { at: number; of: number };
  /** The result's one line once finished. */
  result?: string;
  finishedAt?: number;
  /** A changing plan: it wrote intent/steps/result records to the audit log under `id`. */
  audited?: boolean;
}

export interface VdState {
  cluster: ClusterSlice;
  /** Node names in configured order. */
  nodeOrder: string[];
  nodes: Record<string, NodeSlice>;
  alerts: Alert[];
  /** Bounded ring of timeline entries, oldest first. */
  timeline: TimelineEntry[];
  /** Bounded ring of journal entries, oldest first. */
  logs: JournalEntry[];
  thresholds: Thresholds;
  readonly: boolean;
  /** Actions running or recently finished (TUI progress). */
  actions: ActionProgress[];
  /** Metric history for sparklines and charts (store/history.ts): one mutable, bounded object per
   *  session, written where samples land (setNodeData); absent in hand-made test states. */
  history?: MetricHistory;
}

/** Mutators. Collectors call these; the UI calls only ackAlert and action progress. */
export interface VdActions {
  setConn(s: NodeConnState): void;
  /** Cluster-wide source succeeded on node `via`: merge patch, mark fresh. */
  setClusterData(source: SourceId, via: string, patch: Partial<Omit<ClusterSlice, 'name' | 'fresh'>>): void;
  /** Per-node source succeeded: merge patch into the node slice, mark fresh. */
  setNodeData(node: string, source: SourceId, patch: Partial<Omit<NodeSlice, 'name' | 'conn' | 'fresh'>>): void;
  /** Source failed (node undefined = cluster-wide). Keeps old data; it ages into "stale". */
  markError(source: SourceId, node: string | undefined, message: string): void;
  /** Registers a source's expected interval (so "never collected" is visible). */
  registerSource(source: SourceId, node: string | undefined, intervalMs: number): void;
  pushLogs(entries: readonly import('../model/journal.js').JournalEntry[]): void;
  pushTimeline(e: Omit<TimelineEntry, 'seq'>): void;
  ackAlert(id: string): void;
  /** Adds a node discovered from crm_mon's node list. */
  addNode(name: string): void;
  /** The cluster's own name (the CIB's cluster-name, or corosync's) when the config gives none. */
  setClusterName(name: string): void;
  setUnfinishedActions(list: UnfinishedNote[]): void;
  upsertAction(p: ActionProgress): void;
}

export type VdStoreState = VdState & VdActions;
