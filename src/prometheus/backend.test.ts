import { describe, expect, it } from 'vitest';
import { createVdStore } from '../store/store.js';
import { formatSnapshotText, toSnapshot } from '../store/snapshot.js';
import type { PromClient, PromSample } from './client.js';
import { PrometheusBackend } from './backend.js';
import { refreshQueries } from './queries.js';
import { unreachableNodes } from '../cli/commands.js';

const MATCH = '{cluster="c1"}';
const Q = refreshQueries(MATCH);

interface World {
  nodes: string[];
  /** Per instance: up and scrape time (ms). */
  targets: Record<string, { job: string; up: boolean; at: number }>;
  /** ha_cluster_scrape_success per ha instance. */
  haOk: Record<string, number>;
  /** Which DC each ha instance reports (different views tell which instance was read). */
  dcOf: Record<string, string>;
  down?: boolean;
}

/** A Prometheus answering the backend's queries from `w`; counts queries. */
function fakeProm(w: World): PromClient & { asked: string[] } {
  const asked: string[] = [];
  const sample = (labels: Record<string, string>, value: number): PromSample => ({ labels, value, t: 0 });
  const client = {
    url: 'http://prom',
    asked,
    get queries() {
      return asked.length;
    },
    async query(q: string): Promise<PromSample[]> {
      asked.push(q);
      if (w.down) throw new Error('prometheus http://prom: connect ECONNREFUSED (query up)');
      const ts = Object.entries(w.targets);
      if (q === Q.up) return ts.map(([instance, t]) => sample({ __name__: 'up', instance, job: t.job, cluster: 'c1' }, t.up ? 1 : 0));
      if (q === Q.scrapedAt) return ts.map(([instance, t]) => sample({ instance, job: t.job, cluster: 'c1' }, t.at / 1000));
      if (q === Q.haLocal) return Object.entries(w.haOk).filter(([i]) => w.targets[i]!.up).map(([instance, v]) => sample({ __name__: 'ha_cluster_scrape_success', collector: 'pacemaker', instance, job: 'ha' }, v));
      const ha = Object.keys(w.haOk).find((i) => q === Q.ha(i));
      if (ha)
        return w.nodes.flatMap((n) =>
          ['online', 'dc'].map((status) => sample({ __name__: 'ha_cluster_pacemaker_nodes', node: n, status, type: 'member', instance: ha }, status === 'online' || w.dcOf[ha] === n ? 1 : 0)),
        );
      if (q === Q.nodeGauges)
        return ts.filter(([, t]) => t.job === 'node' && t.up).map(([instance]) => sample({ __name__: 'node_memory_MemTotal_bytes', instance, job: 'node' }, 2 ** 30));
      return [];
    },
  };
  return client;
}

const world = (nodes: string[]): World => ({
  nodes,
  targets: Object.fromEntries(nodes.flatMap((n) => [[`${n}:9664`, { job: 'ha', up: true, at: 1000 }] as const, [`${n}:9100`, { job: 'node', up: true, at: 1000 }] as const])),
  haOk: Object.fromEntries(nodes.map((n) => [`${n}:9664`, 1])),
  dcOf: Object.fromEntries(nodes.map((n) => [`${n}:9664`, nodes[0]!])),
});

describe('Prometheus backend', () => {
  it('the number of queries per refresh does not grow with nodes', async () => {
    const count = async (n: number) => {
      const w = world(Array.from({ length: n }, (_, i) => `kvm${i + 1}`));
      const c = fakeProm(w);
      const store = createVdStore({ clusterName: 'c1', nodes: [] });
      const stats = await new PrometheusBackend({ client: c, store, match: MATCH }).refreshNow();
      expect(store.getState().nodeOrder).toHaveLength(n);
      return stats.queries;
    };
    expect(await count(3)).toBe(8);
    expect(await count(200)).toBe(8);
  });

  it('reads the cluster from the freshest ha_cluster_exporter that is up, preferring a successful scrape', async () => {
    const w = world(['kvm1', 'kvm2', 'kvm3']);
    w.targets['kvm2:9664']!.at = 2000;
    w.dcOf['kvm2:9664'] = 'kvm2';
    w.targets['kvm3:9664'] = { job: 'ha', up: false, at: 3000 };
    w.dcOf['kvm3:9664'] = 'kvm3';
    const store = createVdStore({ clusterName: 'c1', nodes: [] });
    const b = new PrometheusBackend({ client: fakeProm(w), store, match: MATCH });
    expect((await b.refreshNow()).haInstance).toBe('kvm2:9664');
    expect(store.getState().cluster.crm?.summary.dcName).toBe('kvm2');
    expect(store.getState().cluster.fresh.pacemaker?.via).toBe('kvm2');
    // kvm2's pacemaker collector failed: kvm1 (older, but good) is read instead.
    w.haOk['kvm2:9664'] = 0;
    w.targets['kvm1:9664']!.at = 1500;
    expect((await b.refreshNow()).haInstance).toBe('kvm1:9664');
  });

  it('a target that goes down: what it fed is marked failed, the node unreachable when all its targets are', async () => {
    const w = world(['kvm1', 'kvm2']);
    let t = 10_000;
    const store = createVdStore({ clusterName: 'c1', nodes: [], now: () => t });
    const b = new PrometheusBackend({ client: fakeProm(w), store, match: MATCH, intervalMs: 1000 });
    await b.refreshNow();
    expect(store.getState().nodes.kvm2!.host?.mem.memTotalKb).toBe(2 ** 20);
    w.targets['kvm2:9100']!.up = false;
    w.targets['kvm2:9664']!.up = false;
    t += 5000;
    await b.refreshNow();
    const snap = toSnapshot(store.getState(), t);
    const kvm2 = snap.nodes.find((n) => n.name === 'kvm2')!;
    expect(kvm2.freshness.host).toMatchObject({ state: 'error', error: 'prometheus: target kvm2:9100 (job node) is down' });
    expect(kvm2.reachable).toBe(false);
    // In Prometheus terms (job, instance, since when), never SSH's "unreachable: …".
    const down = 'ha kvm2:9664, node kvm2:9100 down since \\d\\d:\\d\\d:\\d\\d';
    expect(kvm2.conn.error).toMatch(new RegExp(`^${down}$`));
    // The text snapshot says which: the exporters' targets, not SSH (nothing is polled over SSH).
    const line = formatSnapshotText(toSnapshot(store.getState(), t, 'prometheus')).split('\n').find((l) => l.startsWith('  kvm2'));
    expect(line).toMatch(new RegExp(` {2}Prometheus targets down \\(${down}\\)$`));
    expect(line).not.toContain('SSH');
    // The alert and the timeline entry say what happened, once: no "unreachable: unreachable: prometheus: …".
    const alert = store.getState().alerts.find((a) => a.rule === 'unreachable' && a.node === 'kvm2');
    expect(alert?.message).toMatch(new RegExp(`^kvm2: no exporter target up \\(${down}\\)$`));
    expect(store.getState().timeline.find((e) => e.kind === 'node-unreachable')?.message).toBe(alert?.message);
    // The old data is kept (shown stale), not dropped.
    expect(kvm2.host).toBeDefined();
  });

  it('a node whose targets were down from the start: `snapshot` says no exporter target is up, not "unreachable: …"', async () => {
    const w = world(['kvm1', 'kvm2']);
    w.targets['kvm2:9100']!.up = false;
    w.targets['kvm2:9664']!.up = false;
    const store = createVdStore({ clusterName: 'c1', nodes: [] });
    await new PrometheusBackend({ client: fakeProm(w), store, match: MATCH }).refreshNow();
    expect(unreachableNodes(store.getState())).toEqual([{ node: 'kvm2', why: expect.stringMatching(/^no exporter target up \(ha kvm2:9664, node kvm2:9100 down since \d\d:\d\d:\d\d\)$/) }]);
  });

  it('data Prometheus did not scrape again is not written again: it ages into stale', async () => {
    const w = world(['kvm1']);
    let t = 10_000;
    const store = createVdStore({ clusterName: 'c1', nodes: [], now: () => t });
    const b = new PrometheusBackend({ client: fakeProm(w), store, match: MATCH, intervalMs: 1000 });
    await b.refreshNow();
    t += 5000;
    await b.refreshNow();
    expect(toSnapshot(store.getState(), t).nodes[0]!.freshness.host).toMatchObject({ state: 'stale', ageMs: 5000 });
    w.targets['kvm1:9100']!.at = 6000;
    await b.refreshNow();
    expect(toSnapshot(store.getState(), t).nodes[0]!.freshness.host).toMatchObject({ state: 'live', ageMs: 0 });
  });

  it('the expected interval follows a scrape interval slower than the refresh (no false staleness)', async () => {
    const w = world(['kvm1']);
    let t = 10_000;
    const store = createVdStore({ clusterName: 'c1', nodes: [], now: () => t });
    const b = new PrometheusBackend({ client: fakeProm(w), store, match: MATCH, intervalMs: 1000 });
    await b.refreshNow();
    for (const at of [16_000, 31_000]) {
      w.targets['kvm1:9100']!.at = at;
      w.targets['kvm1:9664']!.at = at;
      t = at + 500;
      await b.refreshNow();
    }
    expect(store.getState().nodes.kvm1!.fresh.host?.intervalMs).toBe(15_000);
    expect(store.getState().cluster.fresh.pacemaker?.intervalMs).toBe(15_000);
    t += 20_000; // before the next 15 s scrape lands + a refresh: still live
    expect(toSnapshot(store.getState(), t).nodes[0]!.freshness.host?.state).toBe('live');
  });

  it('Prometheus unreachable: every source fails with the URL and query, the data ages out; sources no exporter carries say so', async () => {
    const w = world(['kvm1']);
    let t = 10_000;
    const store = createVdStore({ clusterName: 'c1', nodes: [], now: () => t });
    const b = new PrometheusBackend({ client: fakeProm(w), store, match: MATCH, intervalMs: 1000 });
    await b.refreshNow();
    w.down = true;
    t += 5000;
    await expect(b.refreshNow()).rejects.toThrow('ECONNREFUSED');
    const snap = toSnapshot(store.getState(), t);
    expect(snap.cluster.freshness.pacemaker).toMatchObject({ state: 'error', error: 'prometheus http://prom: connect ECONNREFUSED (query up)' });
    expect(snap.nodes[0]!.freshness.host?.state).toBe('error');
    expect(snap.nodes[0]!.freshness.multipath).toEqual({ state: 'never', notCollected: 'not available from Prometheus' });
    expect(snap.cluster.freshness.stonith).toEqual({ state: 'never', notCollected: 'not available from Prometheus' });
  });

  it("a node's conn carries its targets: which are up, and since when one went down (no SSH connection)", async () => {
    const w = world(['kvm1']);
    const store = createVdStore({ clusterName: 'c1', nodes: [] });
    const b = new PrometheusBackend({ client: fakeProm(w), store, match: MATCH });
    await b.refreshNow();
    const conn = () => store.getState().nodes.kvm1!.conn;
    expect(conn()).toMatchObject({ status: 'up', targets: [{ job: 'ha', instance: 'kvm1:9664', up: true }, { job: 'node', instance: 'kvm1:9100', up: true }] });
    const first = conn();
    await b.refreshNow();
    // Nothing changed: the same state (no redraw).
    expect(conn()).toBe(first);
    w.targets['kvm1:9100']!.up = false;
    const before = Date.now();
    await b.refreshNow();
    // One target down: still up (the other answers), and the detail can say which is down since when.
    expect(conn().status).toBe('up');
    expect(conn().since).toBe(first.since);
    const down = conn().targets!.find((t) => t.instance === 'kvm1:9100')!;
    expect(down.up).toBe(false);
    expect(down.since).toBeGreaterThanOrEqual(before);
    await b.refreshNow();
    expect(conn().targets!.find((t) => t.instance === 'kvm1:9100')!.since).toBe(down.since);
  });
});
