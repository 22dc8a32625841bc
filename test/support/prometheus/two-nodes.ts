// A Prometheus answering the backend's refresh queries for a cluster "prod-a" of two nodes (kvm1,
// kvm2) with one VM each (web1, db1), in the real exporters' shapes (see src/prometheus/map.test.ts).
import type { PromClient, PromSample } from '../../../src/prometheus/client.js';
import { refreshQueries } from '../../../src/prometheus/queries.js';

export const MATCH = '{cluster="prod-a"}';
const Q = refreshQueries(MATCH);
const NODES = ['kvm1', 'kvm2'];
export const NOW = Date.now();

/** Answers in the real exporters' shapes (see map.test.ts), two nodes, two VMs. */
export function prom(): PromClient {
  const s = (labels: Record<string, string>, value: number): PromSample => ({ labels, value, t: NOW });
  const answers = new Map<string, PromSample[]>([
    [Q.up, NODES.flatMap((n) => [s({ instance: `${n}:9664`, job: 'ha' }, 1), s({ instance: `${n}:9100`, job: 'node' }, 1), s({ instance: `${n}:9177`, job: 'libvirt' }, 1)])],
    [Q.scrapedAt, NODES.flatMap((n) => [['9664', 'ha'], ['9100', 'node'], ['9177', 'libvirt']].map(([p, job]) => s({ instance: `${n}:${p}`, job: job! }, NOW / 1000)))],
    [Q.haLocal, NODES.map((n) => s({ __name__: 'ha_cluster_scrape_success', collector: 'pacemaker', instance: `${n}:9664`, job: 'ha' }, 1))],
    [
      Q.ha('kvm1:9664'),
      [
        ...NODES.flatMap((n) => ['online', 'dc'].map((status) => s({ __name__: 'ha_cluster_pacemaker_nodes', node: n, status, type: 'member' }, status === 'online' || n === 'kvm1' ? 1 : 0))),
        ...[
          ['vm-web1', 'kvm1'],
          ['vm-db1', 'kvm2'],
        ].map(([resource, node]) => s({ __name__: 'ha_cluster_pacemaker_resources', agent: 'ocf:heartbeat:VirtualDomain', clone: '', group: '', managed: 'true', node: node!, resource: resource!, role: 'started', status: 'active' }, 1)),
        s({ __name__: 'ha_cluster_pacemaker_stonith_enabled' }, 1),
        s({ __name__: 'ha_cluster_corosync_quorate' }, 1),
      ],
    ],
    [Q.nodeGauges, NODES.flatMap((n) => [s({ __name__: 'node_memory_MemTotal_bytes', instance: `${n}:9100`, job: 'node' }, 64 * 2 ** 30), s({ __name__: 'node_memory_MemAvailable_bytes', instance: `${n}:9100`, job: 'node' }, 32 * 2 ** 30)])],
    [Q.nodeRates, NODES.flatMap((n) => [s({ vd: 'cpu', mode: 'user', instance: `${n}:9100`, job: 'node' }, 3), s({ vd: 'cpu', mode: 'idle', instance: `${n}:9100`, job: 'node' }, 5)])],
    [
      Q.vmGauges,
      [
        s({ __name__: 'libvirt_domain_state_code', domain: 'web1', instance: 'kvm1:9177', job: 'libvirt' }, 1),
        s({ __name__: 'libvirt_domain_info_virtual_cpus', domain: 'web1', instance: 'kvm1:9177', job: 'libvirt' }, 4),
        s({ __name__: 'libvirt_domain_state_code', domain: 'db1', instance: 'kvm2:9177', job: 'libvirt' }, 1),
      ],
    ],
  ]);
  let n = 0;
  return { url: 'http://prom', get queries() { return n; }, query: async (q) => (n++, answers.get(q) ?? []) };
}
