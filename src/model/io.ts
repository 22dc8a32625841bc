// iostat -dxy -o JSON <interval> (sysstat 12.x) and per-VM block latency from domstats deltas.

export interface IostatDevice {
  device: string; // sda, dm-3, nvme0n1
  rs: number; // r/s
  ws: number; // w/s
  rkBs: number; // rkB/s
  wkBs: number; // wkB/s
  rAwait: number; // ms
  wAwait: number; // ms
  aquSz: number;
  rareqSz?: number;
  wareqSz?: number;
  util: number; // %
}

export interface IostatSample {
  /** Sample timestamp as printed by iostat (may be absent); collectors stamp receipt time. */
  timestamp?: string;
  devices: IostatDevice[];
}

export interface IostatHeader {
  nodename?: string;
  sysname?: string;
  release?: string;
  machine?: string;
  cpuCount?: number;
  date?: string;
}
