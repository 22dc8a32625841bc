// The Fleet row of `npm run bench`: 50 clusters × 20 nodes (1,000 nodes, 20,000 VMs) served by the
// demo exporters, scraped by a real Prometheus, read by the fleet console in its own process.
// Measured: start of the console process → every cluster's row drawn; steady CPU and RSS; fleet
// queries per refresh (the same three whatever the number of clusters).
//
// The bench's Prometheus scrapes the two exporters the fleet summary reads (ha_cluster, libvirt)
// with ha_cluster_exporter on 3 nodes per cluster, every 30 s: all 3,000 targets of a site-like
// setup (ha_cluster_exporter on every node, node_exporter too) are millions of series, more than
// this shared 2-core machine's Prometheus keeps up with. The console's side is the same: its
// queries aggregate per cluster and per ha instance.
import os from 'node:os';
import { prometheusConfig, startFleetDemo, fleetClusterName } from '../src/demo/exporters/fleet.js';
import { findPrometheus, startPrometheus } from '../src/demo/exporters/prometheus.js';
import { createPromClient } from '../src/prometheus/client.js';
import { readFleet } from '../src/fleet/fleet.js';
import { spawnChild, wallMs, type ChildRpc } from './ipc.js';
import { round } from './stats.js';

export interface FleetBenchOptions {
  quick: boolean;
  log: (m: string) => void;
  /** URL of the fleet console child module (compiled or .ts). */
  consoleUrl: string;
  execArgv: string[];
}

export interface FleetBenchResult {
  summary: Record<string, unknown>;
  rows: [string, string, string][];
  targets: { name: string; value: unknown; met: boolean | undefined }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFleetBench(o: FleetBenchOptions): Promise<FleetBenchResult> {
  const size = o.quick ? { clusters: 10, nodes: 20, vms: 400 } : { clusters: 50, nodes: 20, vms: 400 };
  const label = `${size.clusters}×${size.nodes} (${size.clusters * size.nodes} nodes, ${size.clusters * size.vms} VMs)`;
  if (!findPrometheus()) {
    o.log('fleet: prometheus is not installed (apt-get install prometheus): fleet row skipped');
    return { summary: { fleet_complete_s: null, fleet_cpu_pct: null, fleet_rss_mb: null, fleet_skipped: 'prometheus not installed' }, rows: [['fleet', 'skipped', 'prometheus not installed']], targets: [] };
  }
  const windowMs = o.quick ? 15_000 : 60_000;
  o.log(`fleet ${label}: starting the demo exporters`);
  const demo = await startFleetDemo({ clusters: size.clusters, nodesPerCluster: size.nodes, vmsPerCluster: size.vms, incidents: false, haExportersPerCluster: 3, tickMs: 5000 });
  const prom = await startPrometheus(prometheusConfig(demo, { scrapeIntervalS: 30, jobs: ['ha_cluster', 'libvirt'] }), { readyTimeoutMs: 120_000 });
  let child: ChildRpc | undefined;
  try {
    // Prometheus first: every cluster scraped (the console is measured against a warm server, as at a site).
    const probe = createPromClient({ url: prom.url, timeoutMs: 60_000 });
    const t0 = Date.now();
    for (;;) {
      const rows = await readFleet(probe).catch(() => []);
      if (rows.length === size.clusters && rows.every((r) => r.nodes.total === size.nodes && r.freshness.state === 'fresh' && r.vms.total === size.vms)) break;
      if (Date.now() - t0 > 300_000) throw new Error(`fleet: Prometheus did not have every cluster after 300 s (${rows.length} rows)`);
      await sleep(2000);
    }
    o.log(`fleet: Prometheus has all ${size.clusters} clusters after ${((Date.now() - t0) / 1000).toFixed(0)} s; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    // "After start": from forking the console process (Node start-up and module loading included).
    const spawnedAt = wallMs();
    child = spawnChild(o.consoleUrl, { name: 'fleet-console', execArgv: o.execArgv });
    await child.call('ping', undefined, 120_000);
    const s = await child.call<{ completeAt: number; processStart: number; calledAt: number; firstAnswerAt: number }>('start', { url: prom.url, clusters: size.clusters, lastCluster: fleetClusterName(size.clusters - 1), timeoutMs: 60_000 }, 90_000);
    // As the SSH first picture: from the console's start (feed created, TUI mounted) to every row drawn;
    // the process's own start-up (Node, module loading) is reported beside it.
    const completeS = (s.completeAt - s.calledAt) / 1000;
    const processCompleteS = (s.completeAt - spawnedAt) / 1000;
    const ms = (a: number, b: number) => `${((a - b) / 1000).toFixed(2)} s`;
    o.log(`fleet: view complete ${completeS.toFixed(2)} s after the console started, ${processCompleteS.toFixed(2)} s after its process was forked (node start ${ms(s.processStart, spawnedAt)}, modules ${ms(s.calledAt, s.processStart)}, fleet queries ${ms(s.firstAnswerAt, s.calledAt)}, frame ${ms(s.completeAt, s.firstAnswerAt)}); steady window ${windowMs / 1000} s`);
    await sleep(o.quick ? 2000 : 10_000);
    const w = await child.call<{ cpuPct: number; rssMb: number; queriesPerRefresh: number[]; refreshes: number; wallMs: number }>('window', { ms: windowMs }, windowMs * 3 + 60_000);
    // Every refresh's own count: the same three queries each time, or the largest seen.
    const perRefresh = w.queriesPerRefresh.length ? Math.max(...w.queriesPerRefresh) : null;
    const summary = {
      fleet_size: `${size.clusters}x${size.nodes}`,
      fleet_complete_s: round(completeS, 2),
      fleet_complete_from_fork_s: round(processCompleteS, 2),
      fleet_cpu_pct: round(w.cpuPct, 2),
      fleet_rss_mb: round(w.rssMb, 1),
      fleet_queries_per_refresh: perRefresh,
    };
    return {
      summary,
      rows: [
        [`fleet ${label}: view complete after console start`, `${completeS.toFixed(2)} s`, `${processCompleteS.toFixed(2)} s from fork (Node start-up, modules); real Prometheus, 30 s scrapes, warm`],
        ['fleet console CPU / RSS (steady, TUI on :fleet)', `${w.cpuPct.toFixed(2)} % / ${w.rssMb.toFixed(1)} MB`, `${w.refreshes} refreshes in ${(w.wallMs / 1000).toFixed(0)} s`],
        ['fleet queries per refresh', String(perRefresh), 'independent of the number of clusters'],
      ],
      targets: [
        { name: `fleet ${size.clusters}×${size.nodes}: view complete ≤ 3 s`, value: summary.fleet_complete_s, met: completeS <= 3 },
        { name: 'fleet console CPU ≤ 5 % of a core', value: summary.fleet_cpu_pct, met: w.cpuPct <= 5 },
        { name: 'fleet console RSS ≤ 200 MB', value: summary.fleet_rss_mb, met: w.rssMb <= 200 },
        { name: 'fleet queries per refresh = 3', value: perRefresh, met: perRefresh === 3 },
      ],
    };
  } finally {
    await child?.call('stop', undefined, 20_000).catch(() => undefined);
    await child?.stop();
    await prom.close();
    await demo.close();
  }
}
