// A :fleet cluster as a console target: read from the fleet's Prometheus (no SSH, read-only),
// selected by the fleet's cluster label, the way `--prometheus URL --cluster NAME` is.
import type { ResolvedTarget } from '../config/load.js';
import type { PrometheusConfig, VirtdeckConfig } from '../config/schema.js';
import { promTargetOf } from '../prometheus/target.js';

export function fleetClusterTarget(config: VirtdeckConfig, name: string): ResolvedTarget {
  const f = config.fleet;
  if (!f) throw new Error('no fleet configured');
  const p: PrometheusConfig = { url: f.prometheus, cluster: name, ...(f.clusterLabel ? { clusterLabel: f.clusterLabel } : {}) };
  return { kind: 'cluster', clusterName: name, nodes: [], readonly: true, cluster: { nodes: [], prometheus: p }, contexts: Object.keys(config.clusters), prometheus: promTargetOf(p, name) };
}
