import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPromClient, type PromSample } from '../prometheus/client.js';
import { startFleetPromStub, type PromStub } from '../../test/support/fleet/prom-stub.js';
import { fleetRows, readFleet } from './fleet.js';
import { fleetQueries } from './queries.js';

let stub: PromStub;
beforeAll(async () => {
  stub = await startFleetPromStub();
});
afterAll(() => stub.close());

describe('fleet rows from real Prometheus answers', () => {
  it('maps the three captured answers to one row per cluster', async () => {
    const client = createPromClient({ url: stub.url });
    const rows = await readFleet(client);
    expect(client.queries).toBe(3);
    expect(rows.map((r) => r.name)).toEqual(['fleet-01', 'fleet-02', 'fleet-03']);
    const [a, b, c] = rows;
    expect(a).toEqual({
      name: 'fleet-01',
      nodes: { online: 4, total: 4 },
      quorum: true,
      dc: 'kvm-n1',
      resources: { started: 27, total: 27 },
      failedActions: 0,
      vms: { running: 23, total: 24 },
      worst: 'ok',
      freshness: { state: 'fresh', ageS: 0, up: 12, targets: 12 },
    });
    // The crashed VM: Pacemaker's fail count on its node.
    expect(b).toMatchObject({ failedActions: 1, worst: 'warning' });
    // The killed node: offline for Pacemaker, its exporters down (never "fine"), its VMs unseen.
    expect(c).toMatchObject({ nodes: { online: 3, total: 4 }, worst: 'warning', freshness: { state: 'partial', up: 9, targets: 12 } });
  });
});

const s = (labels: Record<string, string>, value: number, t = 100_000): PromSample => ({ labels, value, t });

describe('fleetRows', () => {
  it('keeps the freshest ha_cluster_exporter instance of a cluster, never the sum of them', () => {
    const inst = (instance: string, online: number, scraped: number) => [
      s({ cluster: 'a', instance, q: 'nodes_total' }, 3),
      s({ cluster: 'a', instance, q: 'nodes_online' }, online),
      s({ cluster: 'a', instance, q: 'quorate' }, 1),
      s({ cluster: 'a', instance, q: 'dc', node: 'n1' }, 1),
      s({ cluster: 'a', instance, q: 'scraped' }, scraped),
    ];
    const rows = fleetRows({ ha: [...inst('n1:9664', 2, 90), ...inst('n2:9664', 3, 95)], vms: [], targets: [s({ cluster: 'a', job: 'ha_cluster', q: 'targets' }, 2), s({ cluster: 'a', job: 'ha_cluster', q: 'targets_up' }, 2)] });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nodes).toEqual({ online: 3, total: 3 });
    expect(rows[0]!.freshness).toEqual({ state: 'fresh', ageS: 5, up: 2, targets: 2 });
  });

  it('a cluster whose exporters are all down is stale and unknown, not fine', () => {
    const rows = fleetRows({ ha: [], vms: [], targets: [s({ cluster: 'b', job: 'ha_cluster', q: 'targets' }, 3), s({ cluster: 'b', job: 'ha_cluster', q: 'targets_up' }, 0)] });
    expect(rows[0]).toMatchObject({ name: 'b', worst: 'unknown', quorum: null, dc: null, freshness: { state: 'stale', ageS: null, up: 0, targets: 3 } });
  });

  it('no quorum or a failed resource is critical; samples without the cluster label are ignored', () => {
    const rows = fleetRows({
      ha: [s({ cluster: 'c', instance: 'x', q: 'quorate' }, 0), s({ cluster: 'c', instance: 'x', q: 'scraped' }, 100), s({ instance: 'y', q: 'quorate' }, 1)],
      vms: [],
      targets: [s({ cluster: 'c', job: 'ha_cluster', q: 'targets' }, 1), s({ cluster: 'c', job: 'ha_cluster', q: 'targets_up' }, 1)],
    });
    expect(rows.map((r) => [r.name, r.worst])).toEqual([['c', 'critical']]);
  });
});

describe('fleetQueries', () => {
  it('name no cluster: the same three queries for any fleet; the label is checked', () => {
    const q = fleetQueries('site');
    expect(Object.keys(q)).toEqual(['ha', 'vms', 'targets']);
    expect(q.ha).toContain('by (site, instance)');
    expect(() => fleetQueries('a-b')).toThrow(/not a Prometheus label name/);
  });
});
