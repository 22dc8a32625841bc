// /proc/stat, /proc/meminfo, /proc/loadavg, hugepages sysfs, virsh capabilities (NUMA, CPU model)

/** Aggregate CPU jiffies from the "cpu" line of /proc/stat. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export interface ProcStat {
  total: CpuTimes;
  perCpu: CpuTimes[];
  bootTime?: number;
  procsRunning?: number;
  procsBlocked?: number;
}

export interface CpuUsage {
  /** % busy of all CPUs over the interval (0..100). */
  busyPct: number;
  iowaitPct: number;
  stealPct: number;
  cpus: number;
}

export interface MemInfo {
  memTotalKb: number;
  memFreeKb: number;
  memAvailableKb: number;
  buffersKb: number;
  cachedKb: number;
  swapTotalKb: number;
  swapFreeKb: number;
  hugePagesTotal: number;
  hugePagesFree: number;
  hugePagesRsvd: number;
  hugePagesSurp: number;
  hugepageSizeKb: number;
}

export interface HugepagePool {
  sizeKb: number; // 2048, 1048576
  total: number;
  free: number;
}

export interface LoadAvg {
  one: number;
  five: number;
  fifteen: number;
  running: number;
  total: number;
}

export interface NumaCell {
  id: number;
  memoryKb: number;
  cpus: number[];
  hugepages: HugepagePool[];
}

export interface HostCapabilities {
  arch?: string;
  cpuModel?: string;
  cpuVendor?: string;
  cpuFeatures: string[];
  topology?: { sockets: number; cores: number; threads: number };
  cells: NumaCell[];
}

/** What the store keeps per node for the host pane (derived from the raw reads). */
export interface HostMetrics {
  cpu?: CpuUsage;
  mem: MemInfo;
  hugepages: HugepagePool[];
  load: LoadAvg;
  uptimeS?: number;
}
