// virsh list --all, virsh domstats, virsh event --loop, virsh domdisplay, virsh dumpxml

export type DomainState =
  | 'running'
  | 'idle'
  | 'paused'
  | 'in shutdown'
  | 'shut off'
  | 'crashed'
  | 'pmsuspended'
  | 'no state'
  | string;

export interface VirshListEntry {
  id?: number; // undefined for "-"
  name: string;
  state: DomainState;
}

export interface DomBlockStats {
  name: string; // vda, sda
  path?: string;
  rdReqs: number;
  rdBytes: number;
  rdTimesNs: number;
  wrReqs: number;
  wrBytes: number;
  wrTimesNs: number;
  flReqs: number;
  flTimesNs: number;
  allocation?: number;
  capacity?: number;
  physical?: number;
}

export interface DomNetStats {
  name: string; // vnet0
  rxBytes: number;
  rxPkts: number;
  rxErrs: number;
  rxDrop: number;
  txBytes: number;
  txPkts: number;
  txErrs: number;
  txDrop: number;
}

export interface DomStats {
  name: string;
  /** state.state numeric (1 running, 3 paused, 5 shutoff, 6 crashed…) */
  state: number;
  reason: number;
  cpuTimeNs?: number;
  cpuUserNs?: number;
  cpuSystemNs?: number;
  balloonCurrentKb?: number;
  balloonMaximumKb?: number;
  balloonRssKb?: number;
  vcpuCurrent?: number;
  vcpuMaximum?: number;
  block: DomBlockStats[];
  net: DomNetStats[];
}

/** One line of `virsh event --all --loop --timestamp`. */
export interface VirshEvent {
  /** ISO-ish timestamp as printed (e.g. 2026-11-24 07:41:02.123+0000) */
  timestamp?: string;
  /** "lifecycle", "reboot", "block-job", … */
  event: string;
  domain: string;
  /** Free text after the colon, e.g. "Started Booted", "Stopped Failed". */
  detail: string;
}

export interface DomainDisk {
  device: 'disk' | 'cdrom' | string;
  target: string; // vda
  bus?: string;
  source?: string; // dev or file path
  driverCache?: string;
  driverIo?: string;
}

export interface DomainInterface {
  type: string; // bridge, network, direct
  source?: string; // bridge or network name
  mac?: string;
  model?: string;
  target?: string; // vnet0
}

export interface DomainXmlInfo {
  name: string;
  uuid?: string;
  memoryKb: number;
  currentMemoryKb?: number;
  vcpus: number;
  cpuMode?: string;
  machine?: string;
  hugepages: boolean;
  /** Page size (KiB) of <memoryBacking><hugepages><page size>; undefined = the host's default size. */
  hugepageKb?: number;
  /** What the VM takes from each hugepage pool (one entry per page size; guest NUMA cells may use different sizes). */
  hugepageNeeds?: HugepageNeed[];
  /** <cputune><vcpupin>: host CPUs each vCPU is pinned to (cpuset expanded). */
  vcpuPins?: { vcpu: number; cpus: number[] }[];
  /** <cputune><emulatorpin> cpuset, expanded. */
  emulatorPin?: number[];
  disks: DomainDisk[];
  interfaces: DomainInterface[];
  graphics: { type: string; port?: number; listen?: string }[];
  /** SHA-256 of the canonicalised XML (for drift checks across nodes). */
  digest?: string;
  /** Fields that could not be read and were left out (the rest of the XML is kept), one line each naming the domain. */
  problems?: string[];
}

export interface HugepageNeed {
  /** Page size in KiB; undefined = the host's default hugepage size. */
  sizeKb?: number;
  memoryKb: number;
  /** Guest NUMA cells backed by this size (absent without guest NUMA cells). */
  guestNodes?: number[];
}

/** A record a parser could not read (one domain, one row): it is left out, the rest is kept. */
export interface VmRecordProblem {
  /** What it is, as far as it could be read (a domain name, or the row's start). */
  subject: string;
  message: string;
}

/** What the store keeps per VM per node. */
export interface VmRuntime {
  name: string;
  node: string;
  state: DomainState;
  id?: number;
  vcpus?: number;
  memoryKb?: number;
  cpuPct?: number;
  /** Worst of the VM's disks over the last interval (ms per op). */
  diskReadLatencyMs?: number;
  diskWriteLatencyMs?: number;
  display?: string;
  autostart?: boolean;
  persistent?: boolean;
  /** Source paths of its disks (domstats block.N.path): which storage the VM lives on. */
  disks?: readonly string[];
}

/** `virsh domstats` state.state codes → virsh list state strings. */
export const DOMAIN_STATE_NAMES: Record<number, DomainState> = {
  0: 'no state',
  1: 'running',
  2: 'idle',
  3: 'paused',
  4: 'in shutdown',
  5: 'shut off',
  6: 'crashed',
  7: 'pmsuspended',
};
