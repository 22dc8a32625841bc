// The simulated cluster's state: plain data the tools render and the DemoSim mutates.
import type { SimSnapshots } from './snapshots.js';

export type SshState = 'up' | 'down' | 'frozen';
/** Cluster membership as Pacemaker sees it. */
export type MemberState = 'online' | 'unclean' | 'offline';
export type VmState = 'running' | 'shut off' | 'crashed' | 'paused';

export interface SimPath {
  dev: string;
  devT: string;
  hctl: string;
  /** Path group index (0 = active/optimized, 1 = enabled/non-optimized). */
  group: number;
  failed: boolean;
  hostAdapter: string;
}

export interface SimMap {
  alias: string;
  wwid: string;
  dm: string;
  sizeG: number;
  paths: SimPath[];
  /** Extra latency injected (ms) on top of the baseline. */
  extraLatencyMs: number;
  baseAwaitMs: number;
  pathFaults: number;
}

export interface SimNic {
  name: string;
  mac: string;
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
  /** Mean rx/tx bytes per second. */
  rateBps: number;
  errs: number;
  drops: number;
}

export interface SimBond {
  name: string;
  mode: 'ieee8023ad' | 'active-backup';
  slaves: string[];
  active?: string;
  downSlaves: Set<string>;
}

export interface HugePool {
  sizeKiB: number;
  total: number;
}

export interface SimNode {
  name: string;
  id: number;
  ring0: string;
  ring1: string;
  ssh: SshState;
  member: MemberState;
  standby: boolean;
  /** Node attribute maintenance=true: Pacemaker leaves its resources alone. */
  maintenance?: boolean;
  cpus: number;
  memKiB: number;
  pools: HugePool[];
  /** Per CPU jiffies: user nice system idle iowait irq softirq steal guest guest_nice. */
  cpuTicks: Float64Array[];
  ctxt: number;
  intr: number;
  processes: number;
  load: [number, number, number];
  /** Simulated ms (SimClock.elapsed) when the node last booted. */
  bootAt: number;
  /** Uptime before the demo started (s). */
  uptimeBaseS: number;
  bootId: string;
  maps: SimMap[];
  localDisk: string;
  nics: SimNic[];
  bonds: SimBond[];
  /** Files written by `tee` (path → content). */
  files: Map<string, string>;
  callId: number;
  nextDomId: number;
  kernel: string;
}

export interface SimVmDisk {
  dev: string;
  path: string;
  capacity: number;
  rdReqs: number;
  rdBytes: number;
  rdTimesNs: number;
  wrReqs: number;
  wrBytes: number;
  wrTimesNs: number;
  flReqs: number;
  flTimesNs: number;
  /** Multipath map backing this disk (latency follows it). */
  map: string;
  /** The guest's own service times (ms) on a healthy LUN: its I/O pattern (random reads, syncs). */
  rdLatMs?: number;
  wrLatMs?: number;
  /** Share of the VM's I/O that goes to this disk (0..1; default: even split). */
  ioShare?: number;
}

export interface SimVmNic {
  dev: string;
  mac: string;
  bridge: string;
  rxBytes: number;
  rxPkts: number;
  txBytes: number;
  txPkts: number;
}

export interface SimMigration {
  to: string;
  startedAt: number;
  durationMs: number;
  /** Resolves the waiting `virsh migrate` (true = done, false = aborted). */
  done: ((ok: boolean) => void)[];
  aborted: boolean;
}

export interface SimVm {
  name: string;
  uuid: string;
  /** Node whose libvirt holds the domain. */
  node: string;
  state: VmState;
  domId: number;
  managed: boolean;
  persistent: boolean;
  autostart: boolean;
  vcpus: number;
  memKiB: number;
  hugepages?: '2M' | '1G';
  cpuBase: number;
  cpuUtil: number;
  cpuNs: number;
  ioBase: number;
  disks: SimVmDisk[];
  nics: SimVmNic[];
  vncPort: number;
  migration?: SimMigration;
  xml?: string;
  /** Other nodes whose libvirt holds a persistent (inactive) definition of this domain. */
  otherDefs?: Set<string>;
  /** libvirt snapshot metadata (snapshots.ts). */
  snapshots?: SimSnapshots;
}

export interface SimOp {
  call: number;
  task: string;
  rc: number;
  intervalMs: number;
  at: number;
}

export interface SimFailure {
  opKey: string;
  node: string;
  rc: number;
  call: number;
  at: number;
  intervalMs: number;
  task: string;
}

export interface SimResource {
  id: string;
  vm: string;
  /** Node Pacemaker runs it on (undefined = Stopped). */
  node?: string;
  failed: boolean;
  /** Moving (migrate_to) to this node. */
  movingTo?: string;
  failCount: Map<string, number>;
  failures: SimFailure[];
  history: Map<string, SimOp[]>;
  /** meta target-role (undefined = Started). */
  targetRole?: 'Started' | 'Stopped';
  /** Being stopped (target-role Stopped) right now. */
  stopping?: boolean;
  allowMigrate?: boolean;
  /** meta maintenance=true: unmanaged and not monitored. */
  maintenance?: boolean;
  /** Utilization set with crm_resource --utilization (absent: the VM's vCPUs and memory). */
  utilization?: { cpu?: number; hvMemory?: number };
}

export interface SimConstraint {
  id: string;
  rsc: string;
  node: string;
  score: number;
}

export interface SimFenceEvent {
  target: string;
  action: string;
  status: 'success' | 'failed' | 'pending';
  delegate: string;
  client: string;
  origin: string;
  at: number;
}

export interface JournalRecord {
  node: string;
  at: number;
  seq: number;
  unit: string;
  ident: string;
  pid: number;
  priority: number;
  message: string;
}

export interface VirshEventRecord {
  node: string;
  at: number;
  line: string;
}
