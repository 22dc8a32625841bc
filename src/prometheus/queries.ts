// The PromQL a refresh sends: one query per metric family, each over the cluster's label
// selector, so their number does not grow with nodes, VMs or resources. Metric and label names
// are those the real exporters print (ha_cluster_exporter 1.3.1, node_exporter 1.5,
// prometheus-libvirt-exporter 0.2), checked by test/integration/prometheus.test.ts.

/** `{cluster="a",env="p"}` or `cluster="a"` → `cluster="a",env="p"` (the matchers, no braces). */
export function matchersOf(match: string): string {
  const t = match.trim();
  const inner = t.startsWith('{') ? (t.endsWith('}') ? t.slice(1, -1) : undefined) : t;
  if (inner === undefined || /[{}]/.test(inner)) throw new Error(`prometheus match ${JSON.stringify(match)}: expected a label selector such as {cluster="prod-a"}`);
  return inner.trim().replace(/,\s*$/, '');
}

/** The selector of one cluster: label `label` equal to `name` (PromQL string escaping). */
export const clusterMatch = (name: string, label = 'cluster'): string => `{${label}=${JSON.stringify(name)}}`;

const sel = (m: string, ...more: string[]): string => `{${[m, ...more].filter(Boolean).join(',')}}`;
const names = (re: string): string => `__name__=~${JSON.stringify(re)}`;

/** Counters read as per-second rates over their last two samples (irate: right after a change,
 *  like iostat's interval; the 5m window tolerates slow scrape intervals). */
const RATE_WINDOW = '5m';
const rated = (m: string, metric: string, tag: string, extra = ''): string =>
  `label_replace(irate(${metric}${sel(m, extra)}[${RATE_WINDOW}]), "vd", ${JSON.stringify(tag)}, "", "")`;

/** Disk counters → the `vd` tag the mapping reads (rates per second). */
export const DISK_RATES = {
  rs: 'node_disk_reads_completed_total',
  ws: 'node_disk_writes_completed_total',
  rsec: 'node_disk_read_time_seconds_total',
  wsec: 'node_disk_write_time_seconds_total',
  rbytes: 'node_disk_read_bytes_total',
  wbytes: 'node_disk_written_bytes_total',
  busy: 'node_disk_io_time_seconds_total',
  queue: 'node_disk_io_time_weighted_seconds_total',
} as const;
export const NET_RATES = {
  rxBps: 'node_network_receive_bytes_total',
  txBps: 'node_network_transmit_bytes_total',
  rxErrsPerS: 'node_network_receive_errs_total',
  txErrsPerS: 'node_network_transmit_errs_total',
  rxDropPerS: 'node_network_receive_drop_total',
  txDropPerS: 'node_network_transmit_drop_total',
} as const;
export const VM_RATES = {
  cpu: 'libvirt_domain_info_cpu_time_seconds_total',
  rbytes: 'libvirt_domain_block_stats_read_bytes_total',
  wbytes: 'libvirt_domain_block_stats_write_bytes_total',
  rreq: 'libvirt_domain_block_stats_read_requests_total',
  wreq: 'libvirt_domain_block_stats_write_requests_total',
} as const;

export interface RefreshQueries {
  up: string;
  /** Scrape time of each target (ms after ×1000): the age of everything it reported. */
  scrapedAt: string;
  /** Every ha_cluster series of ONE exporter instance (each reports the whole cluster). */
  ha(instance: string): string;
  /** Per-node HA series (corosync's and sbd's view is local to the node): every instance. */
  haLocal: string;
  nodeGauges: string;
  nodeRates: string;
  vmGauges: string;
  vmRates: string;
}

/** The queries of one refresh for the cluster selected by `match`. */
export function refreshQueries(match: string): RefreshQueries {
  const m = matchersOf(match);
  const or = (parts: string[]) => parts.join(' or ');
  return {
    up: `up${sel(m)}`,
    scrapedAt: `timestamp(up${sel(m)})`,
    ha: (instance) => sel(m, names('ha_cluster_(pacemaker|corosync)_.+|ha_cluster_scrape_success'), `instance=${JSON.stringify(instance)}`),
    haLocal: sel(m, names('ha_cluster_(corosync_.+|sbd_.+|scrape_success)')),
    nodeGauges: sel(m, names('node_memory_(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapTotal|SwapFree|Hugepagesize)_bytes|node_memory_HugePages_(Total|Free|Rsvd|Surp)|node_load(1|5|15)|node_bonding_(slaves|active)')),
    nodeRates: or([
      // Summed over CPUs only: every other label (job, a mapped node label) stays.
      `label_replace(sum without (cpu) (irate(node_cpu_seconds_total${sel(m)}[${RATE_WINDOW}])), "vd", "cpu", "", "")`,
      ...Object.entries(DISK_RATES).map(([tag, metric]) => rated(m, metric, tag)),
      ...Object.entries(NET_RATES).map(([tag, metric]) => rated(m, metric, tag)),
    ]),
    vmGauges: sel(m, names('libvirt_domain_(state_code|info_virtual_cpus|info_maximum_memory_bytes|info_memory_usage_bytes)|libvirt_up')),
    vmRates: or(Object.entries(VM_RATES).map(([tag, metric]) => rated(m, metric, tag))),
  };
}
