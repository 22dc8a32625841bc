// A :fleet cluster as a console target: read from the fleet's Prometheus (read-only), selected by
// the fleet's cluster label, the way `--prometheus URL --cluster NAME` is. A context of the same
// name lends its SSH settings: details the exporters lack are read from its nodes on demand.
import type { ResolvedTarget } from '../config/load.js';
import type { ClusterConfig, PrometheusConfig, VirtdeckConfig } from '../config/schema.js';
import { promTargetOf } from '../prometheus/target.js';

export function fleetClusterTarget(config: VirtdeckConfig, name: string): ResolvedTarget {
  const f = config.fleet;
  if (!f) throw new Error('no fleet configured');
  const p: PrometheusConfig = { url: f.prometheus, cluster: name, ...(f.clusterLabel ? { clusterLabel: f.clusterLabel } : {}) };
  const ctx = config.clusters[name];
  // Only how to reach its nodes: its alert hook, audit file and thresholds stay with the live console.
  const ssh: Partial<ClusterConfig> = {};
  for (const k of ['sshConfig', 'user', 'sudo', 'keepalive', 'libvirtUri'] as const) if (ctx?.[k] !== undefined) Object.assign(ssh, { [k]: ctx[k] });
  const cluster: ClusterConfig = { ...ssh, nodes: ctx?.nodes ?? [], prometheus: p };
  return { kind: 'cluster', clusterName: name, nodes: [], readonly: true, cluster, contexts: Object.keys(config.clusters), prometheus: promTargetOf(p, name) };
}
