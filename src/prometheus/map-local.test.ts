// The node-local corosync and sbd mapping on real ha_cluster_exporter 1.3.1 output: every fixture
// is a /metrics page the real exporter served over a real three-node corosync 3.1.7 and a real sbd
// device (fixtures/capture.sh, fixtures/README.md).
import { describe, expect, it } from 'vitest';
import { deriveAlerts, emptyAlertMemory } from '../store/alerts.js';
import { fencingReadiness } from '../store/selectors.js';
import { DEFAULT_THRESHOLDS } from '../store/types.js';
import { createVdStore } from '../store/store.js';
import { fenceRows } from '../ui/panes/fence/rows.js';
import { SYM } from '../ui/theme.js';
import type { PromClient, PromSample } from './client.js';
import { PrometheusBackend } from './backend.js';
import { collectorSuccess, corosyncFromSeries, sbdFromSeries } from './map-local.js';
import { refreshQueries } from './queries.js';
import { captureText, scrapeCapture } from '../../test/support/prometheus/captures.js';

describe('corosync from ha_cluster_exporter 1.3.1 (real captures)', () => {
  it('a quorate three-member cluster seen from n1: votes, members, the local node', () => {
    const c = corosyncFromSeries(scrapeCapture('metrics-n1-healthy.txt', 'n1:9664'))!;
    expect(c.quorum).toEqual({
      quorate: true,
      nodeId: 1,
      nodes: 3,
      expectedVotes: 3,
      highestExpected: 3,
      totalVotes: 3,
      quorum: 2,
      flags: [],
      members: [
        { nodeid: 1, votes: 1, name: 'n1', local: true },
        { nodeid: 2, votes: 1, name: 'n2', local: false },
        { nodeid: 3, votes: 1, name: 'n3', local: false },
      ],
    });
    // No link status in the exporter: unknown, never "all connected".
    expect(c.corosyncLinks).toEqual({ localNodeId: 1, links: [], notCollected: 'link status not available from Prometheus' });
  });

  it('n3 cut off: n1 keeps quorum with two members, n3 alone has none', () => {
    const n1 = corosyncFromSeries(scrapeCapture('metrics-n1-partitioned.txt', 'n1:9664'))!.quorum;
    expect([n1.quorate, n1.totalVotes, n1.members.map((m) => m.name)]).toEqual([true, 2, ['n1', 'n2']]);
    const n3 = corosyncFromSeries(scrapeCapture('metrics-n3-no-quorum.txt', 'n3:9664'))!.quorum;
    expect([n3.quorate, n3.nodeId, n3.totalVotes, n3.quorum, n3.members]).toEqual([false, 3, 1, 2, [{ nodeid: 3, votes: 1, name: 'n3', local: true }]]);
  });

  it('what 1.3.1 cannot show: a knet link down changes nothing in its output (no rings series, ring_errors 0)', () => {
    const strip = (f: string) => scrapeCapture(f, 'n1:9664').filter((s) => s.labels.__name__ !== 'ha_cluster_scrape_duration_seconds');
    const down = strip('metrics-n1-link1-down.txt');
    expect(down).toEqual(strip('metrics-n1-healthy.txt'));
    expect(down.some((s) => s.labels.__name__ === 'ha_cluster_corosync_rings')).toBe(false);
    expect(down.find((s) => s.labels.__name__ === 'ha_cluster_corosync_ring_errors')?.value).toBe(0);
    // …while corosync-cfgtool said so in the same capture.
    expect(captureText('cfgtool-link1-down.txt')).toMatch(/LINK ID 1 udp[\s\S]*nodeid: +3:\tdisconnected/);
  });

  it('no corosync series, no corosync view', () => {
    expect(corosyncFromSeries(scrapeCapture('metrics-n1-healthy.txt', 'n1:9664').filter((s) => !s.labels.__name__!.startsWith('ha_cluster_corosync_')))).toBeUndefined();
  });
});

describe('sbd from ha_cluster_exporter 1.3.1 (real captures)', () => {
  it('a healthy device with its header timeouts; slots and watchdog not collected', () => {
    expect(sbdFromSeries(scrapeCapture('metrics-n1-healthy.txt', 'n1:9664'))).toEqual({
      devices: [{ path: '/dev/loop0', readable: true, slots: [], slotsNotCollected: 'not available from Prometheus', header: { timeoutWatchdog: 15, timeoutMsgwait: 30 } }],
      watchdog: { present: false, notCollected: 'not available from Prometheus' },
    });
  });
  it('a device whose header is gone: unreadable, no timeouts', () => {
    expect(sbdFromSeries(scrapeCapture('metrics-n1-sbd-unhealthy.txt', 'n1:9664')).devices).toEqual([
      { path: '/dev/loop0', readable: false, error: 'sbd -d /dev/loop0 dump failed (ha_cluster_exporter: unhealthy)', slots: [] },
    ]);
  });
  it('every collector of the capture succeeded', () => {
    expect(collectorSuccess(scrapeCapture('metrics-n1-healthy.txt', 'n1:9664'))).toEqual(new Map([['corosync', true], ['pacemaker', true], ['sbd', true]]));
  });
});

describe('Prometheus backend: corosync and sbd per node from its own exporter', () => {
  const MATCH = '{cluster="lab"}';
  const Q = refreshQueries(MATCH);
  /** n1 and n3 scraped as captured after the partition (n3's sbd device fine); n2 has no ha_cluster_exporter up. */
  const pages: Record<string, PromSample[]> = { 'n1:9664': scrapeCapture('metrics-n1-partitioned.txt', 'n1:9664'), 'n3:9664': scrapeCapture('metrics-n3-no-quorum.txt', 'n3:9664') };
  const client: PromClient = {
    url: 'http://prom',
    queries: 0,
    async query(q: string): Promise<PromSample[]> {
      const targets = [...Object.keys(pages), 'n2:9664'];
      const target = (instance: string, value: number, name?: string): PromSample => ({ labels: { ...(name ? { __name__: name } : {}), instance, job: 'hacluster', cluster: 'lab' }, value, t: 0 });
      if (q === Q.up) return targets.map((i) => target(i, i === 'n2:9664' ? 0 : 1, 'up'));
      if (q === Q.scrapedAt) return targets.map((i) => target(i, 1000));
      const isLocal = (s: PromSample) => /^ha_cluster_(corosync_.+|sbd_.+|scrape_success)$/.test(s.labels.__name__!);
      if (q === Q.haLocal) return Object.values(pages).flatMap((p) => p.filter(isLocal));
      if (q === Q.ha('n1:9664')) return pages['n1:9664']!.filter((s) => /^ha_cluster_(pacemaker|corosync)_/.test(s.labels.__name__!) || s.labels.__name__ === 'ha_cluster_scrape_success');
      return [];
    },
  };

  it('each node gets its own quorum view and sbd devices; the fencing view shows device health instead of "no slot"', async () => {
    const store = createVdStore({ clusterName: 'lab', nodes: [] });
    await new PrometheusBackend({ client, store, match: MATCH }).refreshNow();
    const s = store.getState();
    expect(s.nodes.n1!.quorum?.quorate).toBe(true);
    expect(s.nodes.n3!.quorum?.quorate).toBe(false);
    expect(s.nodes.n1!.fresh.corosync?.lastOk).toBeDefined();
    // n2's exporter is down and never answered: not available, nothing made up.
    expect(s.nodes.n2!.quorum).toBeUndefined();
    expect(s.nodes.n2!.fresh.sbd).toMatchObject({ notCollected: true, notCollectedWhy: 'not available from Prometheus' });
    expect(s.nodes.n1!.sbd?.devices.map((d) => [d.path, d.readable])).toEqual([['/dev/loop0', true]]);
    // Fencing readiness: no "no sbd slot on …" nor "no watchdog" for what the exporter does not carry.
    const n1 = fencingReadiness(s).nodes.find((n) => n.node === 'n1')!;
    expect(n1.reasons.filter((r) => /sbd|watchdog/.test(r))).toEqual([]);
    expect(n1.watchdog).toBeUndefined();
    // …and no alert for them (the watchdog rule would warn "watchdog unknown on n1").
    const alerts = deriveAlerts(s, emptyAlertMemory(), { ...DEFAULT_THRESHOLDS, raiseAfter: 1 }, Date.now()).alerts;
    expect(alerts.filter((a) => /sbd|watchdog/.test(a.rule))).toEqual([]);
    const rows = fenceRows(s, Date.now()).filter((r) => r.cells[2] === 'n1');
    expect(rows.map((r) => r.cells.slice(0, 5))).toEqual([
      ['sbd', '/dev/loop0', 'n1', `${SYM.ok} healthy`, 'msgwait 30s wd 15s · slot not available from Prometheus'],
      ['watchdog', '-', 'n1', '? unknown', 'not available from Prometheus'],
    ]);
  });
});
