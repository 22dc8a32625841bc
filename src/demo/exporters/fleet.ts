// The fleet demo: N simulated clusters (the same DemoSim and incidents as the SSH demo), each node
// with the three exporters a site runs, all served by one HTTP server on 127.0.0.1 at
// /<cluster>/<node>/<exporter>/metrics. Prometheus scrapes every path as its own target with the
// `instance` a site would see (`kvm1:9100`) and the cluster in a `cluster` label
// (prometheusConfig below), so the console reads exactly what it reads at a site.
import http from 'node:http';
import { scheduleIncidents } from '../sim/incidents.js';
import { DemoSim } from '../sim/sim.js';
import { EXPORTER_KINDS, EXPORTER_PORTS, exporterMetrics, exportersUp, type ExporterKind } from './metrics.js';

export interface FleetDemoOptions {
  clusters?: number /* 3 */;
  nodesPerCluster?: number /* 4 */;
  vmsPerCluster?: number /* 24 */;
  seed?: number;
  incidents?: boolean /* true */;
  speed?: number;
  /** Drive sim time from the wall clock (default true); tests pass false and call tick(). */
  autoAdvance?: boolean;
  /** Sim tick period in wall ms (default 1000: fifty clusters are ticked each period). */
  tickMs?: number;
  /** ha_cluster_exporter on the first N nodes of each cluster only (default every node, as sites
   *  run it). Each instance reports the whole cluster, so a big fleet's series multiply by N. */
  haExportersPerCluster?: number;
}

export interface ExporterTarget {
  cluster: string;
  node: string;
  kind: ExporterKind;
  /** The path on the demo's server. */
  path: string;
  /** The instance label a site's Prometheus would show for this exporter. */
  instance: string;
}

export interface FleetDemo {
  port: number;
  sims: DemoSim[];
  targets: ExporterTarget[];
  tick(ms: number): void;
  close(): Promise<void>;
}

export const fleetClusterName = (i: number): string => `fleet-${String(i + 1).padStart(2, '0')}`;

export async function startFleetDemo(opts: FleetDemoOptions = {}): Promise<FleetDemo> {
  const sims = Array.from(
    { length: opts.clusters ?? 3 },
    (_, i) => new DemoSim({ nodes: opts.nodesPerCluster, vms: opts.vmsPerCluster, seed: (opts.seed ?? 1) + i, speed: opts.speed, clusterName: fleetClusterName(i) }),
  );
  if (opts.incidents !== false) for (const s of sims) scheduleIncidents(s);
  const byPath = new Map<string, { sim: DemoSim; target: ExporterTarget }>();
  const targets: ExporterTarget[] = [];
  for (const sim of sims) {
    for (const [i, n] of sim.nodes.entries()) {
      for (const kind of EXPORTER_KINDS) {
        if (kind === 'ha_cluster' && i >= (opts.haExportersPerCluster ?? Infinity)) continue;
        const target: ExporterTarget = { cluster: sim.clusterName, node: n.name, kind, path: `/${sim.clusterName}/${n.name}/${kind}/metrics`, instance: `${n.name}:${EXPORTER_PORTS[kind]}` };
        targets.push(target);
        byPath.set(target.path, { sim, target });
      }
    }
  }
  const server = http.createServer((req, res) => {
    const hit = byPath.get((req.url ?? '').split('?')[0] ?? '');
    if (!hit) {
      res.writeHead(404).end('not found\n');
      return;
    }
    // A host that is down or frozen does not answer: Prometheus records up == 0.
    if (!exportersUp(hit.sim, hit.target.node)) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(exporterMetrics(hit.target.kind, hit.sim, hit.target.node));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  const tick = (ms: number) => {
    for (const s of sims) s.tick(ms * s.clock.speed);
  };
  let timer: NodeJS.Timeout | undefined;
  if (opts.autoAdvance !== false) {
    const period = opts.tickMs ?? 1000;
    timer = setInterval(() => tick(period), period);
    timer.unref();
  }
  return {
    port,
    sims,
    targets,
    tick,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** prometheus.yml for the demo: one job per exporter kind, one target per node with its own
 *  metrics path, site-like `instance` and the `cluster` label. */
export function prometheusConfig(demo: Pick<FleetDemo, 'port' | 'targets'>, opts: { scrapeIntervalS?: number; jobs?: readonly ExporterKind[] } = {}): string {
  const interval = `${opts.scrapeIntervalS ?? 10}s`;
  const lines = ['global:', `  scrape_interval: ${interval}`, `  evaluation_interval: ${interval}`, 'scrape_configs:'];
  for (const kind of opts.jobs ?? EXPORTER_KINDS) {
    lines.push(`  - job_name: ${kind}`, '    static_configs:');
    for (const t of demo.targets) {
      if (t.kind !== kind) continue;
      lines.push(
        `      - targets: ['127.0.0.1:${demo.port}']`,
        `        labels: { __metrics_path__: '${t.path}', instance: '${t.instance}', cluster: '${t.cluster}' }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
