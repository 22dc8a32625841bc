// Default cadences of the poll sources (ms); all configurable per cluster (config intervals).

/** Configurable cadences (ms). `domdisplay` is the slow console-address refresh of the VM source. */
export type IntervalKey =
  | 'pacemaker'
  | 'stonith'
  | 'corosync'
  | 'sbd'
  | 'multipath'
  | 'host'
  | 'network'
  | 'capabilities'
  | 'vms'
  | 'domdisplay'
  | 'iostat';

export const INTERVAL_KEYS: readonly IntervalKey[] = [
  'pacemaker',
  'stonith',
  'corosync',
  'sbd',
  'multipath',
  'host',
  'network',
  'capabilities',
  'vms',
  'domdisplay',
  'iostat',
];

export const DEFAULT_INTERVALS: Readonly<Record<IntervalKey, number>> = {
  pacemaker: 5_000,
  stonith: 30_000,
  corosync: 10_000,
  sbd: 30_000,
  multipath: 10_000,
  host: 5_000,
  network: 5_000,
  capabilities: 300_000,
  vms: 5_000,
  domdisplay: 60_000,
  iostat: 5_000,
};

