// /proc/net/bonding/* and /proc/net/dev

export interface BondSlave {
  name: string;
  miiStatus: 'up' | 'down' | string;
  speed?: string;
  duplex?: string;
  linkFailureCount: number;
  permHwAddr?: string;
}

export interface Bond {
  name: string;
  mode: string;
  activeSlave?: string;
  miiStatus: 'up' | 'down' | string;
  slaves: BondSlave[];
}

export interface NetDevCounters {
  iface: string;
  rxBytes: number;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  txBytes: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
}

export interface NetDevRates {
  iface: string;
  rxBps: number;
  txBps: number;
  rxErrsPerS: number;
  txErrsPerS: number;
  rxDropPerS: number;
  txDropPerS: number;
  /** Totals since boot, for the detail view. */
  counters: NetDevCounters;
}
