import { describe, expect, it } from 'vitest';
import { flattenResources, quorumState } from '../model/pacemaker.js';
import type { PromSample } from './client.js';
import { crmFromSeries } from './map-pacemaker.js';
import { libvirtDown, nodeOfLabels, nodeSlices, vmSlices } from './map-nodes.js';
import { clusterMatch, matchersOf, refreshQueries } from './queries.js';
import { scrapeCapture } from '../../test/support/prometheus/captures.js';

const T = 1_700_000_000_000;
const s = (name: string, labels: Record<string, string>, value: number): PromSample => ({ labels: { __name__: name, instance: 'n1:9664', ...labels }, value, t: T });
const STATUSES = ['dc', 'expected_up', 'maintenance', 'online', 'pending', 'shutdown', 'standby', 'standby_onfail', 'unclean'];
/** ha_cluster_pacemaker_nodes as the exporter prints it: one series per status, 1 for those that hold. */
const node = (name: string, on: string[], type = 'member') => STATUSES.map((st) => s('ha_cluster_pacemaker_nodes', { node: name, status: st, type }, on.includes(st) ? 1 : 0));
const RSC = ['active', 'blocked', 'failed', 'failure_ignored', 'orphaned'];
const rsc = (resource: string, nodeName: string, role: string, on: string[], extra: Record<string, string> = {}) =>
  RSC.map((st) => s('ha_cluster_pacemaker_resources', { agent: 'ocf:heartbeat:VirtualDomain', clone: '', group: '', managed: 'true', node: nodeName, resource, role, status: st, ...extra }, on.includes(st) ? 1 : 0));

describe('ha_cluster_exporter series → CrmStatus', () => {
  const series = [
    ...node('n1', ['dc', 'online', 'expected_up']),
    ...node('n2', ['online', 'expected_up', 'standby']),
    ...node('n3', ['unclean', 'expected_up']),
    ...rsc('vm-web1', 'n1', 'started', ['active']),
    ...rsc('fence-sbd', 'n1', 'started', ['active', 'failed'], { agent: 'stonith:fence_sbd' }),
    ...rsc('vm-off', '', 'stopped', []),
    ...rsc('ip', 'n2', 'started', ['active'], { group: 'g1', agent: 'ocf:heartbeat:IPaddr2' }),
    ...rsc('fs', 'n2', 'started', ['active'], { group: 'g1', agent: 'ocf:heartbeat:Filesystem' }),
    ...rsc('dlm', 'n1', 'started', ['active'], { clone: 'dlm-clone', agent: 'ocf:pacemaker:controld' }),
    ...rsc('dlm', 'n2', 'started', ['active'], { clone: 'dlm-clone', agent: 'ocf:pacemaker:controld' }),
    s('ha_cluster_pacemaker_fail_count', { node: 'n1', resource: 'fence-sbd' }, 2),
    s('ha_cluster_pacemaker_fail_count', { node: 'n1', resource: 'vm-web1' }, 0),
    s('ha_cluster_pacemaker_migration_threshold', { node: 'n1', resource: 'fence-sbd' }, 1e6),
    s('ha_cluster_pacemaker_location_constraints', { constraint: 'cli-ban-vm-web1-on-n2', node: 'n2', resource: 'vm-web1', role: '' }, -Infinity),
    s('ha_cluster_pacemaker_location_constraints', { constraint: 'loc-web1', node: 'n1', resource: 'vm-web1', role: '' }, 50),
    s('ha_cluster_pacemaker_stonith_enabled', {}, 1),
  ];

  it('nodes with their flags, the DC, and quorum unknown without corosync series', () => {
    const crm = crmFromSeries(series)!;
    expect(crm.nodes.map((n) => [n.name, n.online, n.standby, n.unclean, n.isDc, n.type])).toEqual([
      ['n1', true, false, false, true, 'member'],
      ['n2', true, true, false, false, 'member'],
      ['n3', false, false, true, false, 'member'],
    ]);
    expect(crm.summary.dcName).toBe('n1');
    expect(crm.summary.stonithEnabled).toBe(true);
    expect(quorumState(crm.summary)).toEqual({ state: 'unknown', why: 'not available from Prometheus (no ha_cluster_corosync_quorate)' });
    expect(quorumState(crmFromSeries([...series, s('ha_cluster_corosync_quorate', {}, 1)])!.summary)).toEqual({ state: 'yes' });
    expect(quorumState(crmFromSeries([...series, s('ha_cluster_corosync_quorate', {}, 0)])!.summary)).toEqual({ state: 'no' });
  });

  it('resources as crm_mon nests them: primitives, groups, clone instances; roles capitalised; stopped has no node', () => {
    const crm = crmFromSeries(series)!;
    expect(crm.resources.map((r) => [r.id, r.kind, r.role, r.nodes])).toEqual([
      ['vm-web1', 'primitive', 'Started', ['n1']],
      ['fence-sbd', 'primitive', 'Started', ['n1']],
      ['vm-off', 'primitive', 'Stopped', []],
      ['g1', 'group', 'Started', ['n2']],
      ['dlm-clone', 'clone', 'Started', ['n1', 'n2']],
    ]);
    expect(flattenResources(crm.resources).filter((r) => r.parent === 'dlm-clone').map((r) => [r.id, r.nodes])).toEqual([
      ['dlm', ['n1']],
      ['dlm', ['n2']],
    ]);
    expect(crm.resources.find((r) => r.id === 'fence-sbd')).toMatchObject({ failed: true, active: true, agent: 'stonith:fence_sbd' });
    expect(crm.nodes.find((n) => n.name === 'n1')!.resourcesRunning).toBe(3);
  });

  it('a non-zero fail count is a failed action naming resource and node; negative location scores are bans', () => {
    const crm = crmFromSeries(series)!;
    expect(crm.failedActions).toEqual([
      { opKey: 'fence-sbd', resource: 'fence-sbd', node: 'n1', exitStatus: 'fail count 2', exitReason: 'operation and exit code not available from Prometheus', exitCode: -1, status: 'failed' },
    ]);
    expect(crm.history).toContainEqual({ node: 'n1', resource: 'fence-sbd', failCount: 2, migrationThreshold: 1e6 });
    expect(crm.bans).toEqual([{ id: 'cli-ban-vm-web1-on-n2', resource: 'vm-web1', node: 'n2', weight: -Infinity, promotedOnly: false }]);
  });

  it('no pacemaker series: no CrmStatus (the collector failed), rather than an empty cluster', () => {
    expect(crmFromSeries([s('ha_cluster_scrape_success', { collector: 'pacemaker' }, 0)])).toBeUndefined();
  });
});

describe('ha_cluster_exporter 1.3.1 real capture → CrmStatus (fixtures/metrics-n1-healthy.txt: the lab CIB "degraded")', () => {
  const crm = crmFromSeries(scrapeCapture('metrics-n1-healthy.txt', 'n1:9664'))!;
  it('nodes, DC, quorum from corosync, resources with the stopped one', () => {
    expect(crm.nodes.map((n) => [n.name, n.online, n.standby, n.isDc])).toEqual([['n1', true, false, true], ['n2', true, true, false], ['n3', false, false, false]]);
    expect(quorumState(crm.summary)).toEqual({ state: 'yes' });
    expect(crm.resources.map((r) => [r.id, r.role, r.nodes]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['fence-sbd', 'Started', ['n1']],
      ['vm-app1', 'Stopped', []],
      ['vm-db1', 'Started', ['n1']],
      ['vm-web1', 'Started', ['n1']],
    ]);
  });
  it('fail counts with their migration-threshold; the failure as a failed action', () => {
    expect(crm.history.filter((h) => h.failCount! > 0 || h.migrationThreshold !== 1e6)).toEqual([{ node: 'n1', resource: 'vm-web1', failCount: 1, migrationThreshold: 3 }]);
    expect(crm.failedActions.map((f) => [f.resource, f.node])).toEqual([['vm-web1', 'n1']]);
  });
  it('location constraints: the -INFINITY ban (crm_resource --ban) is a ban, positive preferences are not', () => {
    expect(crm.bans).toEqual([{ id: 'cli-ban-vm-db1-on-n2', resource: 'vm-db1', node: 'n2', weight: -Infinity, promotedOnly: false }]);
  });
});

describe('node_exporter and libvirt exporter series → node slices', () => {
  const g = (name: string, value: number, labels: Record<string, string> = {}, instance = 'kvm1:9100'): PromSample => ({ labels: { __name__: name, instance, ...labels }, value, t: T });
  const r = (vd: string, value: number, labels: Record<string, string> = {}, instance = 'kvm1:9100'): PromSample => ({ labels: { vd, instance, ...labels }, value, t: T });

  it('memory in kB, hugepage pool, load, CPU % from per-mode rates', () => {
    const m = nodeSlices(
      [g('node_memory_MemTotal_bytes', 8 * 2 ** 30), g('node_memory_MemAvailable_bytes', 2 * 2 ** 30), g('node_memory_Hugepagesize_bytes', 2 * 2 ** 20), g('node_memory_HugePages_Total', 512), g('node_memory_HugePages_Free', 12), g('node_load1', 1.5)],
      [r('cpu', 1.2, { mode: 'user' }), r('cpu', 0.3, { mode: 'system' }), r('cpu', 0.4, { mode: 'idle' }), r('cpu', 0.1, { mode: 'iowait' })],
    );
    const h = m.host.get('kvm1')!;
    expect(h.mem.memTotalKb).toBe(8 * 2 ** 20);
    expect(h.mem.memAvailableKb).toBe(2 * 2 ** 20);
    expect(h.hugepages).toEqual([{ sizeKb: 2048, total: 512, free: 12 }]);
    expect(h.load.one).toBe(1.5);
    expect(h.cpu).toEqual({ busyPct: 75, iowaitPct: 5, stealPct: 0, cpus: 2 });
  });

  it('load with /proc/loadavg\'s two decimals and memory in whole kB, as the SSH path reads them (node_exporter gives floats)', () => {
    const h = nodeSlices([g('node_memory_MemTotal_bytes', 8 * 2 ** 30 + 300), g('node_memory_HugePages_Free', 11.6), g('node_load1', 1.2560432227317853), g('node_load5', 0.004999), g('node_load15', 12.345)], []).host.get('kvm1')!;
    expect(h.load).toEqual({ one: 1.26, five: 0, fifteen: 12.35, running: 0, total: 0 });
    expect(h.mem.memTotalKb).toBe(8 * 2 ** 20);
    expect(h.mem.hugePagesFree).toBe(12);
  });

  it('disk await and utilisation from node_disk rates; bonds from slave counts; NIC rates', () => {
    const m = nodeSlices(
      [g('node_bonding_slaves', 2, { master: 'bond0' }), g('node_bonding_active', 1, { master: 'bond0' })],
      [r('rs', 100, { device: 'dm-3' }), r('rsec', 0.5, { device: 'dm-3' }), r('ws', 0, { device: 'dm-3' }), r('busy', 0.42, { device: 'dm-3' }), r('rbytes', 4096 * 100, { device: 'dm-3' }), r('rxBps', 1000, { device: 'eth0' })],
    );
    expect(m.io.get('kvm1')).toEqual([{ device: 'dm-3', rs: 100, ws: 0, rkBs: 400, wkBs: 0, rAwait: 5, wAwait: 0, aquSz: 0, util: 42 }]);
    const net = m.net.get('kvm1')!;
    expect(net.bonds).toEqual([
      { name: 'bond0', mode: 'unknown', miiStatus: 'up', slaves: [{ name: 'slave 1 of 2', miiStatus: 'up', linkFailureCount: 0 }, { name: 'slave 2 of 2', miiStatus: 'down', linkFailureCount: 0 }] },
    ]);
    expect(net.nics[0]).toMatchObject({ iface: 'eth0', rxBps: 1000, txBps: 0 });
  });

  it('domains with state, vCPUs, memory and CPU % of one CPU; a libvirt that is up with no domains is an empty list', () => {
    const v = vmSlices(
      [
        g('libvirt_domain_state_code', 1, { domain: 'web1' }, 'kvm1:9177'),
        g('libvirt_domain_info_virtual_cpus', 4, { domain: 'web1' }, 'kvm1:9177'),
        g('libvirt_domain_info_maximum_memory_bytes', 2 ** 31, { domain: 'web1' }, 'kvm1:9177'),
        g('libvirt_domain_state_code', 5, { domain: 'db1' }, 'kvm1:9177'),
        g('libvirt_up', 1, {}, 'kvm2:9177'),
      ],
      [r('cpu', 1.5, { domain: 'web1' }, 'kvm1:9177'), r('cpu', 0.2, { domain: 'db1' }, 'kvm1:9177')],
    );
    expect(v.get('kvm1')).toEqual([
      { name: 'web1', node: 'kvm1', state: 'running', vcpus: 4, memoryKb: 2 ** 21, cpuPct: 150 },
      { name: 'db1', node: 'kvm1', state: 'shut off' },
    ]);
    expect(v.get('kvm2')).toEqual([]);
    // An exporter that cannot reach libvirt: no list (not "no VMs"), and the node is named.
    const down = [g('libvirt_up', 0, {}, 'kvm3:9177')];
    expect(vmSlices(down, []).has('kvm3')).toBe(false);
    expect(libvirtDown(down)).toEqual(new Map([['kvm3', 'kvm3:9177']]));
  });

  it('node identity: host part of instance, or the mapped label', () => {
    expect(nodeOfLabels({ instance: 'kvm1:9100' })).toBe('kvm1');
    expect(nodeOfLabels({ instance: 'kvm1.example.org' })).toBe('kvm1.example.org');
    expect(nodeOfLabels({ instance: '[fd00::1]:9100' })).toBe('fd00::1');
    expect(nodeOfLabels({ instance: '10.0.0.1:9100', hostname: 'kvm1' }, 'hostname')).toBe('kvm1');
    expect(nodeOfLabels({ instance: '10.0.0.1:9100' }, 'hostname')).toBeUndefined();
  });
});

describe('queries', () => {
  it('every query carries the cluster selector; a bad selector is refused with its text', () => {
    const q = refreshQueries(clusterMatch('prod-a'));
    for (const text of [q.up, q.scrapedAt, q.haLocal, q.nodeGauges, q.nodeRates, q.vmGauges, q.vmRates, q.ha('kvm1:9664')]) expect(text).toContain('cluster="prod-a"');
    expect(q.ha('kvm1:9664')).toContain('instance="kvm1:9664"');
    expect(matchersOf('{cluster="a", env="p",}')).toBe('cluster="a", env="p"');
    expect(() => matchersOf('{cluster="a"')).toThrow('prometheus match "{cluster=\\"a\\"": expected a label selector such as {cluster="prod-a"}');
    expect(clusterMatch('we"ird', 'site')).toBe('{site="we\\"ird"}');
  });
});
