// `virtdeck check`: monitoring-plugin convention (Nagios/Icinga/Checkmk): one status line with
// performance data after "|", exit 0 OK / 1 WARNING / 2 CRITICAL / 3 UNKNOWN.
import { quorumState } from '../model/pacemaker.js';
import { isDmDevice } from './alerts.js';
import { failedResources } from './selectors.js';
import { checkLevels, METRIC_RULES, metricFindings, type Levels } from './check-metrics.js';
import type { VdState } from './types.js';

export type CheckCode = 0 | 1 | 2 | 3;
export const CHECK_LABEL: Record<CheckCode, string> = { 0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN' };

/** Messages listed in the status line before it is cut with "…". */
const MAX_LISTED = 5;

export interface CheckResult {
  code: CheckCode;
  line: string;
}

const quorumText = (q: ReturnType<typeof quorumState>): string => (q.state === 'unknown' ? `unknown (${q.why})` : q.state);

/** Perfdata labels must not contain '=' or quotes; values stay plain numbers. */
const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** `levels`: the metric levels (default: the config thresholds; -w/-c override them). */
export function checkResult(state: VdState, now: number, levels: Levels = checkLevels(state.thresholds)): CheckResult {
  const crm = state.cluster.crm;
  // Metric alerts need raiseAfter samples; check has one, judged against `levels` instead.
  const metrics = metricFindings(state, levels, now);
  const stateAlerts = state.alerts.filter((a) => !METRIC_RULES.has(a.rule));
  const crit = [...stateAlerts.filter((a) => a.severity === 'critical'), ...metrics.problems.filter((p) => p.severity === 'critical')];
  const warn = [...stateAlerts.filter((a) => a.severity === 'warning'), ...metrics.problems.filter((p) => p.severity === 'warning')];

  let worstAwait: number | undefined;
  for (const node of state.nodeOrder)
    for (const d of state.nodes[node]?.io ?? []) if (isDmDevice(d)) worstAwait = Math.max(worstAwait ?? 0, d.rAwait, d.wAwait);

  const total = crm ? crm.nodes.filter((n) => n.type === 'member').length || state.nodeOrder.length : state.nodeOrder.length;
  const online = crm ? crm.nodes.filter((n) => n.type === 'member' && n.online && !n.unclean).length : 0;
  const perf = [
    `nodes_online=${online};;;0;${total}`,
    `resources_failed=${crm ? failedResources(state).length : 0}`,
    `alerts_crit=${crit.length}`,
    `alerts_warn=${warn.length}`,
  ];
  if (worstAwait !== undefined) perf.push(`worst_await_ms=${num(worstAwait)}ms;${levels.warn.await ?? ''};${levels.crit.await ?? ''}`);
  perf.push(...metrics.perf);

  if (!crm) {
    const why = state.cluster.fresh.pacemaker?.error ?? 'no Pacemaker data collected';
    return { code: 3, line: `VIRTDECK UNKNOWN - ${why} | ${perf.join(' ')}` };
  }
  const code: CheckCode = crit.length ? 2 : warn.length ? 1 : 0;
  const listed = [...crit, ...warn].slice(0, MAX_LISTED).map((a) => a.message.replace(/[|\n]/g, ' '));
  const more = crit.length + warn.length - listed.length;
  const counts = [crit.length ? `${crit.length} critical` : '', warn.length ? `${warn.length} warning` : ''].filter(Boolean).join(', ');
  const summary =
    code === 0
      ? `cluster ${state.cluster.name}: ${online}/${total} nodes online, quorum ${quorumText(quorumState(crm.summary))}`
      : `${counts}: ${listed.join('; ')}${more > 0 ? `; … ${more} more` : ''}`;
  return { code, line: `VIRTDECK ${CHECK_LABEL[code]} - ${summary} | ${perf.join(' ')}` };
}
