/** @jsxRuntime automatic */
// The panes read the store only: a store fed by the Prometheus backend renders in the overview,
// :nodes, :vms and :res like one fed over SSH, and what no exporter carries (multipath, the
// domain XML) says so.
import { describe, expect, it } from 'vitest';
import { createVdStore } from '../store/store.js';
import { renderApp, KEY } from '../../test/support/ui/render.js';
import type { PromClient, PromSample } from './client.js';
import { PrometheusBackend } from './backend.js';
import { refreshQueries } from './queries.js';
import { NoSshRunner } from './session.js';

const MATCH = '{cluster="prod-a"}';
const Q = refreshQueries(MATCH);
const NODES = ['kvm1', 'kvm2'];
const NOW = Date.now();

/** Answers in the real exporters' shapes (see map.test.ts), two nodes, two VMs. */
function prom(): PromClient {
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

describe('a Prometheus-fed store in the console', () => {
  it('overview, :nodes, :vms and :res render from it unchanged', async () => {
    const store = createVdStore({ clusterName: 'prod-a', nodes: [], readonly: true });
    await new PrometheusBackend({ client: prom(), store, match: MATCH }).refreshNow();
    const a = renderApp({ store, readonly: true, now: () => NOW, runner: new NoSshRunner() });
    await a.settle();
    expect(a.frame()).toContain('kvm1');
    expect(a.frame()).toContain('multipath not available from Prometheus');
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter);
    expect(a.frame()).toMatch(/kvm1[\s\S]*kvm2/);
    // Reach is the targets' `up`, never "connecting" once Prometheus answered.
    expect(a.frame()).not.toContain('connecting');
    await a.type(':', 'v', 'm', 's', KEY.enter);
    expect(a.frame()).toMatch(/web1[\s\S]*db1|db1[\s\S]*web1/);
    // The VM detail fetches the domain XML over SSH: there is none, and it says so.
    await a.type(KEY.enter);
    await a.settle(100);
    expect(a.frame()).toContain('domain XML kvm1: not available from Prometheus: no SSH nodes configured for this cluster');
    await a.type(KEY.esc);
    await a.type(':', 'r', 'e', 's', KEY.enter);
    expect(a.frame()).toContain('vm-web1');
    expect(a.frame()).toContain('vm-db1');
    a.unmount();
  });
});
