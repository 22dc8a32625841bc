// What the standard exporters print for one simulated node, from the same DemoSim the SSH demo
// serves: ha_cluster_exporter 1.3.1 (every node reports the whole cluster), node_exporter 1.5 and
// prometheus-libvirt-exporter 0.2. Names, label names and HELP texts are the real exporters'
// (exporters.test.ts compares them with the real binaries' output); values follow the sim.
import type { DemoSim } from '../sim/sim.js';
import type { SimNode, VmState } from '../sim/state.js';
import { SBD_DEVICE } from '../sim/build.js';
import { clusterOnlyNodes } from '../sim/remote.js';
import { SBD_TIMEOUTS } from '../tools/cluster.js';
import { meminfo } from '../tools/host.js';
import { fenceDeviceIds } from '../tools/pacemaker-xml.js';
import { Exposition } from './exposition.js';

export type ExporterKind = 'ha_cluster' | 'node' | 'libvirt';
export const EXPORTER_KINDS: readonly ExporterKind[] = ['ha_cluster', 'node', 'libvirt'];
/** The real exporters' default ports (the `instance` label a site's Prometheus shows). */
export const EXPORTER_PORTS: Record<ExporterKind, number> = { ha_cluster: 9664, node: 9100, libvirt: 9177 };

const NODE_STATUSES = ['dc', 'expected_up', 'maintenance', 'online', 'pending', 'shutdown', 'standby', 'standby_onfail', 'unclean'] as const;
const RESOURCE_STATUSES = ['active', 'blocked', 'failed', 'failure_ignored', 'orphaned'] as const;
/** Pacemaker's default migration-threshold (INFINITY). */
const MIGRATION_THRESHOLD = 1e6;

/** The node's exporters answer only while the host is up (a frozen or dead host fails the scrape). */
export const exportersUp = (sim: DemoSim, node: string): boolean => sim.node(node).ssh === 'up';

export function haClusterMetrics(sim: DemoSim, node: string): string {
  const e = new Exposition();
  const self = sim.node(node);
  const member = self.member === 'online';
  if (member) {
    pacemaker(e, sim);
    corosync(e, sim, self);
  }
  sbd(e);
  e.family('ha_cluster_scrape_success', 'gauge', 'Whether a collector succeeded.');
  for (const c of ['corosync', 'pacemaker', 'sbd']) e.sample('ha_cluster_scrape_success', { collector: c }, member || c === 'sbd' ? 1 : 0);
  return e.text();
}

function pacemaker(e: Exposition, sim: DemoSim): void {
  const dc = sim.dc();
  e.family('ha_cluster_pacemaker_fail_count', 'gauge', 'The Fail count number per node and resource id');
  for (const r of sim.resources) for (const [n, c] of r.failCount) e.sample('ha_cluster_pacemaker_fail_count', { node: n, resource: r.id }, c);
  e.family('ha_cluster_pacemaker_location_constraints', 'gauge', 'Resource location constraints. The value indicates the score.');
  // As the exporter reads the demo's CIB (pacemaker-xml.ts): role="Started", lower-cased; ±INFINITY (±1000000) as ±Inf.
  const score = (v: number) => (v >= 1_000_000 ? Infinity : v <= -1_000_000 ? -Infinity : v);
  for (const c of sim.constraints) e.sample('ha_cluster_pacemaker_location_constraints', { constraint: c.id, node: c.node, resource: c.rsc, role: 'started' }, score(c.score));
  // The fence devices crm_mon lists (src/demo/tools/pacemaker-xml.ts), where they run now.
  const fences = fenceDeviceIds(sim).map((f) => ({ id: f.id, agent: `stonith:${f.agent}`, node: f.runsOn(sim)?.name }));
  e.family('ha_cluster_pacemaker_migration_threshold', 'gauge', 'The migration_threshold number per node and resource id');
  for (const r of [...fences, ...sim.resources]) if (r.node) e.sample('ha_cluster_pacemaker_migration_threshold', { node: r.node, resource: r.id }, MIGRATION_THRESHOLD);

  e.family('ha_cluster_pacemaker_nodes', 'gauge', 'The status of each node in the cluster; 1 means the node is in that status, 0 otherwise');
  const nodeLine = (name: string, type: 'member' | 'remote', on: Partial<Record<(typeof NODE_STATUSES)[number], boolean>>) => {
    for (const st of NODE_STATUSES) e.sample('ha_cluster_pacemaker_nodes', { node: name, status: st, type }, on[st] ? 1 : 0);
  };
  for (const n of sim.nodes) {
    nodeLine(n.name, 'member', {
      dc: dc === n,
      expected_up: n.member !== 'offline',
      maintenance: n.maintenance === true,
      online: n.member === 'online',
      standby: n.standby,
      unclean: n.member === 'unclean',
    });
  }
  for (const r of clusterOnlyNodes(sim)) nodeLine(r.name, 'remote', { online: r.online });

  e.family('ha_cluster_pacemaker_resources', 'gauge', 'The status of each resource in the cluster; 1 means the resource is in that status, 0 otherwise');
  for (const f of fences) {
    const base = { agent: f.agent, clone: '', group: '', managed: 'true', node: f.node ?? '', resource: f.id, role: f.node ? 'started' : 'stopped' };
    for (const st of RESOURCE_STATUSES) e.sample('ha_cluster_pacemaker_resources', { ...base, status: st }, st === 'active' && f.node ? 1 : 0);
  }
  for (const r of sim.resources) {
    const managed = String(!sim.isUnmanaged(r));
    const base = { agent: 'ocf:heartbeat:VirtualDomain', clone: '', group: '', managed, node: r.node ?? '', resource: r.id, role: r.node ? 'started' : 'stopped' };
    for (const st of RESOURCE_STATUSES) {
      const on = st === 'active' ? r.node !== undefined && !r.failed : st === 'failed' ? r.failed : false;
      e.sample('ha_cluster_pacemaker_resources', { ...base, status: st }, on ? 1 : 0);
    }
  }
  e.family('ha_cluster_pacemaker_stonith_enabled', 'gauge', 'Whether or not stonith is enabled');
  e.sample('ha_cluster_pacemaker_stonith_enabled', undefined, 1);
}

function corosync(e: Exposition, sim: DemoSim, self: SimNode): void {
  const q = sim.quorum();
  e.family('ha_cluster_corosync_member_votes', 'gauge', 'How many votes each member node has contributed with to the current quorum');
  for (const n of sim.nodes) if (n.member === 'online') e.sample('ha_cluster_corosync_member_votes', { local: String(n === self), node: n.name, node_id: String(n.id) }, 1);
  e.family('ha_cluster_corosync_quorate', 'gauge', 'Whether or not the cluster is quorate');
  e.sample('ha_cluster_corosync_quorate', undefined, q.quorate ? 1 : 0);
  e.family('ha_cluster_corosync_quorum_votes', 'gauge', 'Cluster quorum votes; one line per type');
  e.sample('ha_cluster_corosync_quorum_votes', { type: 'expected_votes' }, q.expected);
  e.sample('ha_cluster_corosync_quorum_votes', { type: 'highest_expected' }, q.expected);
  e.sample('ha_cluster_corosync_quorum_votes', { type: 'quorum' }, q.needed);
  e.sample('ha_cluster_corosync_quorum_votes', { type: 'total_votes' }, q.total);
  e.family('ha_cluster_corosync_ring_errors', 'gauge', 'The total number of faulty corosync rings');
  e.sample('ha_cluster_corosync_ring_errors', undefined, 0);
}

/** The sim's sbd disk as the exporter reads it (`sbd -d DEV dump` succeeds; the header's timeouts,
 *  as src/demo/tools/cluster.ts prints them). The sbd collector runs on members and non-members alike. */
function sbd(e: Exposition): void {
  e.family('ha_cluster_sbd_devices', 'gauge', 'SBD devices; one line per device');
  e.sample('ha_cluster_sbd_devices', { device: SBD_DEVICE, status: 'healthy' }, 1);
  e.family('ha_cluster_sbd_timeouts', 'gauge', 'SBD timeouts for each device and type');
  e.sample('ha_cluster_sbd_timeouts', { device: SBD_DEVICE, type: 'msgwait' }, SBD_TIMEOUTS.msgwait);
  e.sample('ha_cluster_sbd_timeouts', { device: SBD_DEVICE, type: 'watchdog' }, SBD_TIMEOUTS.watchdog);
}

/** USER_HZ: /proc/stat counts CPU time in 1/100 s. */
const USER_HZ = 100;
const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

export function nodeMetrics(sim: DemoSim, node: string): string {
  const e = new Exposition();
  const n = sim.node(node);
  e.family('node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.');
  e.sample('node_boot_time_seconds', undefined, Math.floor(sim.clock.now() / 1000 - sim.uptimeS(n)));
  e.family('node_cpu_guest_seconds_total', 'counter', 'Seconds the CPUs spent in guests (VMs) for each mode.');
  n.cpuTicks.forEach((t, i) => {
    e.sample('node_cpu_guest_seconds_total', { cpu: String(i), mode: 'nice' }, t[9]! / USER_HZ);
    e.sample('node_cpu_guest_seconds_total', { cpu: String(i), mode: 'user' }, t[8]! / USER_HZ);
  });
  e.family('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.');
  n.cpuTicks.forEach((t, i) => CPU_MODES.forEach((m, k) => e.sample('node_cpu_seconds_total', { cpu: String(i), mode: m }, t[k]! / USER_HZ)));

  // node_exporter's meminfo collector: /proc/meminfo keys, "(x)" → "_x", kB → bytes (HugePages_* are counts).
  for (const line of meminfo(sim, n).split('\n')) {
    const m = /^([^:]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (!m) continue;
    const key = m[1]!.replace(/\((\w+)\)/, '_$1');
    const name = `node_memory_${key}${m[3] ? '_bytes' : ''}`;
    e.family(name, 'gauge', `Memory information field ${key}${m[3] ? '_bytes' : ''}.`);
    e.sample(name, undefined, Number(m[2]) * (m[3] ? 1024 : 1));
  }
  // node_exporter parses /proc/loadavg, so its loads have that file's two decimals.
  const loads: [string, number][] = [['node_load1', n.load[0]], ['node_load15', n.load[2]], ['node_load5', n.load[1]]];
  for (const [name, v] of loads) e.family(name, 'gauge', `${name.slice(9)}m load average.`).sample(name, undefined, Number(v.toFixed(2)));

  // Multipath maps (dm-N): the guests' disk counters on this node summed per map.
  const perMap = new Map<string, number[]>();
  for (const vm of sim.vms) {
    if (vm.node !== node) continue;
    for (const d of vm.disks) {
      const map = n.maps.find((m) => m.alias === d.map);
      if (!map) continue;
      const acc = perMap.get(map.dm) ?? [0, 0, 0, 0];
      acc[0] = acc[0]! + d.rdReqs;
      acc[1] = acc[1]! + d.rdTimesNs / 1e9;
      acc[2] = acc[2]! + d.wrReqs;
      acc[3] = acc[3]! + d.wrTimesNs / 1e9;
      perMap.set(map.dm, acc);
    }
  }
  const diskFamilies: [string, string, (a: number[]) => number][] = [
    ['node_disk_io_time_seconds_total', 'Total seconds spent doing I/Os.', (a) => (a[1]! + a[3]!) / 2],
    ['node_disk_read_time_seconds_total', 'The total number of seconds spent by all reads.', (a) => a[1]!],
    ['node_disk_reads_completed_total', 'The total number of reads completed successfully.', (a) => a[0]!],
    ['node_disk_write_time_seconds_total', 'This is the total number of seconds spent by all writes.', (a) => a[3]!],
    ['node_disk_writes_completed_total', 'The total number of writes completed successfully.', (a) => a[2]!],
  ];
  for (const [name, help, f] of diskFamilies) {
    e.family(name, 'counter', help);
    for (const m of n.maps) e.sample(name, { device: m.dm }, f(perMap.get(m.dm) ?? [0, 0, 0, 0]));
  }
  e.family('node_network_receive_bytes_total', 'counter', 'Network device statistic receive_bytes.');
  for (const nic of n.nics) e.sample('node_network_receive_bytes_total', { device: nic.name }, nic.rxBytes);
  e.family('node_network_transmit_bytes_total', 'counter', 'Network device statistic transmit_bytes.');
  for (const nic of n.nics) e.sample('node_network_transmit_bytes_total', { device: nic.name }, nic.txBytes);
  e.family('node_network_up', 'gauge', "Value is 1 if operstate is 'up', 0 otherwise.");
  for (const nic of n.nics) e.sample('node_network_up', { device: nic.name }, 1);
  return e.text();
}

/** virDomainState codes. */
const STATE_CODE: Record<VmState, number> = { running: 1, paused: 3, 'shut off': 5, crashed: 6 };

export function libvirtMetrics(sim: DemoSim, node: string): string {
  const e = new Exposition();
  const here = sim.vms.filter((v) => v.node === node || v.otherDefs?.has(node));
  const running = here.filter((v) => v.node === node && v.state === 'running');
  const id = (v: { name: string; uuid: string }) => ({ domain: v.name, uuid: v.uuid });
  const blockFamilies: [string, string, (d: (typeof running)[number]['disks'][number]) => number][] = [
    ['libvirt_domain_block_stats_read_bytes_total', 'Number of bytes read from a block device, in bytes.', (d) => d.rdBytes],
    ['libvirt_domain_block_stats_read_requests_total', 'Number of read requests from a block device.', (d) => d.rdReqs],
    ['libvirt_domain_block_stats_write_bytes_total', 'Number of bytes written from a block device, in bytes.', (d) => d.wrBytes],
    ['libvirt_domain_block_stats_write_requests_total', 'Number of write requests from a block device.', (d) => d.wrReqs],
  ];
  for (const [name, help, f] of blockFamilies) {
    e.family(name, 'counter', help);
    for (const v of running) for (const d of v.disks) e.sample(name, { ...id(v), source_file: d.path, target_device: d.dev }, f(d));
  }
  e.family('libvirt_domain_info_cpu_time_seconds_total', 'counter', 'Amount of CPU time used by the domain, in seconds.');
  for (const v of here) e.sample('libvirt_domain_info_cpu_time_seconds_total', id(v), v.node === node ? v.cpuNs / 1e9 : 0);
  e.family('libvirt_domain_info_maximum_memory_bytes', 'gauge', 'Maximum allowed memory of the domain, in bytes.');
  for (const v of here) e.sample('libvirt_domain_info_maximum_memory_bytes', id(v), v.memKiB * 1024);
  e.family('libvirt_domain_info_memory_usage_bytes', 'gauge', 'Memory usage of the domain, in bytes.');
  for (const v of here) e.sample('libvirt_domain_info_memory_usage_bytes', id(v), v.memKiB * 1024);
  e.family('libvirt_domain_info_virtual_cpus', 'gauge', 'Number of virtual CPUs for the domain.');
  for (const v of here) e.sample('libvirt_domain_info_virtual_cpus', id(v), v.vcpus);
  const nicFamilies: [string, string, (n: (typeof running)[number]['nics'][number]) => number][] = [
    ['libvirt_domain_interface_stats_receive_bytes_total', 'Number of bytes received on a network interface, in bytes.', (n) => n.rxBytes],
    ['libvirt_domain_interface_stats_receive_packets_total', 'Number of packets received on a network interface.', (n) => n.rxPkts],
    ['libvirt_domain_interface_stats_transmit_bytes_total', 'Number of bytes transmitted on a network interface, in bytes.', (n) => n.txBytes],
    ['libvirt_domain_interface_stats_transmit_packets_total', 'Number of packets transmitted on a network interface.', (n) => n.txPkts],
  ];
  for (const [name, help, f] of nicFamilies) {
    e.family(name, 'counter', help);
    for (const v of running) for (const nic of v.nics) e.sample(name, { ...id(v), source_bridge: nic.bridge, target_device: nic.dev }, f(nic));
  }
  e.family('libvirt_domain_state_code', 'gauge', 'State of the domain.');
  for (const v of here) e.sample('libvirt_domain_state_code', id(v), v.node === node ? STATE_CODE[v.state] : STATE_CODE['shut off']);
  e.family('libvirt_domains_number', 'gauge', 'Number of domains.');
  e.sample('libvirt_domains_number', undefined, here.length);
  e.family('libvirt_up', 'gauge', "Whether scraping libvirt's metrics was successful.");
  e.sample('libvirt_up', undefined, 1);
  return e.text();
}

export function exporterMetrics(kind: ExporterKind, sim: DemoSim, node: string): string {
  if (kind === 'ha_cluster') return haClusterMetrics(sim, node);
  if (kind === 'node') return nodeMetrics(sim, node);
  return libvirtMetrics(sim, node);
}
