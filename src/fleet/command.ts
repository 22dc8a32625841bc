// `virtdeck fleet [--json]`: one row per cluster the configured Prometheus knows.
import type { VirtdeckConfig } from '../config/schema.js';
import { createPromClient, PromError } from '../prometheus/client.js';
import { fleetTable } from './cells.js';
import { readFleet } from './fleet.js';

export interface FleetCommandResult {
  code: number;
  stdout?: string;
  stderr?: string;
}

export const NO_FLEET = 'fleet: no Prometheus configured: set "fleet": {"prometheus": "http://HOST:9090"} in the config file (clusterLabel: the label naming the cluster, default "cluster")';

export async function fleetCommand(config: VirtdeckConfig, opts: { json: boolean }): Promise<FleetCommandResult> {
  const f = config.fleet;
  if (!f) return { code: 2, stderr: `virtdeck: ${NO_FLEET}\n` };
  try {
    const rows = await readFleet(createPromClient({ url: f.prometheus }), f.clusterLabel ? { clusterLabel: f.clusterLabel } : {});
    if (opts.json) return { code: 0, stdout: `${JSON.stringify({ clusters: rows }, null, 2)}\n` };
    return { code: 0, stdout: rows.length ? fleetTable(rows) : `no clusters: Prometheus has no series with the label "${f.clusterLabel ?? 'cluster'}"\n` };
  } catch (e) {
    if (e instanceof PromError) return { code: 1, stderr: `virtdeck: fleet: ${e.message}\n` };
    throw e;
  }
}
