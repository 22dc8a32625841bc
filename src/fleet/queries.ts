// The fleet summary's PromQL: three batched instant queries per refresh, whatever the number of
// clusters (each sub-expression is aggregated `by (<cluster label>, …)` and tagged with a `q` label
// through label_replace, so one answer carries every measure of every cluster).
//
// ha_cluster_exporter runs on every node and each instance reports the whole cluster, so its
// measures are kept per `instance` and fleet.ts keeps the freshest instance of each cluster
// (summing them would count every node once per exporter). libvirt's domains are per node: they
// are counted by uuid, so a domain defined on two nodes counts once.

/** Metric names of the real exporters (ha_cluster_exporter 1.3.1, prometheus-libvirt-exporter 0.2). */
export const FLEET_METRICS = {
  nodes: 'ha_cluster_pacemaker_nodes',
  resources: 'ha_cluster_pacemaker_resources',
  failCount: 'ha_cluster_pacemaker_fail_count',
  stonith: 'ha_cluster_pacemaker_stonith_enabled',
  quorate: 'ha_cluster_corosync_quorate',
  domainState: 'libvirt_domain_state_code',
} as const;

/** libvirt's virDomainState: VIR_DOMAIN_RUNNING. */
export const DOMAIN_RUNNING = 1;

/** A label name as PromQL accepts it (the config's clusterLabel is checked against this too). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface FleetQueries {
  /** Per (cluster, ha exporter instance): node, resource and failure counts, quorum, DC, scrape time. */
  ha: string;
  /** Per cluster: VMs running and total (distinct domain uuids). */
  vms: string;
  /** Per (cluster, job): scrape targets and how many of them are up. */
  targets: string;
}

export function fleetQueries(clusterLabel: string): FleetQueries {
  if (!LABEL_NAME.test(clusterLabel)) throw new Error(`fleet: cluster label ${JSON.stringify(clusterLabel)} is not a Prometheus label name`);
  const L = clusterLabel;
  const byInst = `${L}, instance`;
  const tag = (q: string, expr: string) => `label_replace(${expr}, "q", "${q}", "", "")`;
  const m = FLEET_METRICS;
  const member = `${m.nodes}{type="member"`;
  const ha = [
    tag('nodes_total', `count by (${byInst}) (${member},status="online"})`),
    tag('nodes_online', `sum by (${byInst}) (${member},status="online"})`),
    tag('dc', `max by (${byInst}, node) (${member},status="dc"} == 1)`),
    // Resources: ONE selection (two of the five statuses the exporter prints per resource and node;
    // it dominates Prometheus's time), counted per status by value: v="1" active / failed somewhere.
    tag('resources', `count_values by (${byInst}, status) ("v", max by (${byInst}, resource, clone, status) (${m.resources}{status=~"active|failed"}))`),
    tag('failed_actions', `count by (${byInst}) (${m.failCount} > 0)`),
    tag('quorate', `max by (${byInst}) (${m.quorate})`),
    tag('scraped', `max by (${byInst}) (timestamp(${m.stonith}))`),
  ].join(' or ');
  const perUuid = (filter: string) => `count by (${L}) (count by (${L}, uuid) (${m.domainState}${filter}))`;
  const vms = [tag('vms_total', perUuid('')), tag('vms_running', perUuid(` == ${DOMAIN_RUNNING}`))].join(' or ');
  const targets = [tag('targets', `count by (${L}, job) (up)`), tag('targets_up', `sum by (${L}, job) (up)`)].join(' or ');
  return { ha, vms, targets };
}
