// Nodes view: one row per configured node, Pacemaker membership joined with host metrics.
import { formatAge } from '../../../store/freshness.js';
import type { VdState } from '../../../store/types.js';
import { nodeKind, type CrmNode } from '../../../model/pacemaker.js';
import { fmtPct } from '../../format.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import { freshCell, lastHeardMs, nodeFreshSummary, nodeSourceCell, nodeUnreachable } from '../fresh.js';
import { clusterOnlyNodeRows } from './cluster-only.js';
import { NOT_POLLED, scraped, TARGETS_DOWN } from './scrape.js';
import { reachabilityOf } from '../../../store/reach.js';
import type { NodeConnState } from '../../../ssh/runner.js';
import { METRICS, TREND_WIDTH, trendCell } from '../trend.js';

export type NodesInput = Pick<VdState, 'nodeOrder' | 'nodes'> & { crm: VdState['cluster']['crm']; history?: VdState['history'] };

export const NODE_COLUMNS: Column[] = [
  { title: 'NODE', width: 10, priority: 0, grow: true },
  { title: 'STATE', width: 14, priority: 0 },
  { title: 'DC', width: 2, priority: 5 },
  { title: 'VMS', width: 4, priority: 2, align: 'right' },
  { title: 'CPU', width: 5, priority: 1, align: 'right' },
  { title: 'MEM', width: 5, priority: 1, align: 'right' },
  { title: 'LOAD', width: 5, priority: 4, align: 'right' },
  { title: 'HUGE FREE', width: 9, priority: 4, align: 'right' },
  { title: 'SSH', width: 20, priority: 3 },
  { title: 'DATA AGE', width: 16, priority: 1 },
  // The store's CPU history: "since when?" at a glance (blank = no data then).
  { title: 'CPU TREND', width: TREND_WIDTH, priority: 3 },
];

/**
 * Pacemaker's view of the node in words (readable without colour). Whether this console can
 * reach it over SSH is another fact (sshReachText): a DNS, login or host key failure here is
 * not "node down". Unreachable from here, "online" is still Pacemaker's word, but not green.
 */
export function nodeStateText(crm: CrmNode | undefined, unreachable: boolean): { text: string; tone: Tone } {
  if (!crm) return { text: '? unknown', tone: 'muted' };
  if (crm.unclean) return { text: `${SYM.down} UNCLEAN`, tone: 'crit' };
  if (!crm.online) return { text: `${SYM.down} OFFLINE`, tone: 'crit' };
  if (crm.maintenance) return { text: `${SYM.maint} maintenance`, tone: 'warn' };
  if (crm.standby) return { text: `${SYM.standby} standby`, tone: 'warn' };
  if (crm.pending) return { text: '… pending', tone: 'warn' };
  return { text: `${SYM.ok} online`, tone: unreachable ? 'warn' : 'ok' };
}

/** This console's SSH reachability with the reason ("✖ unreachable: DNS", "✖ auth failed"). */
export function sshReachText(conn: NodeConnState): { text: string; tone: Tone | undefined } {
  const r = reachabilityOf(conn);
  return r.status === 'unreachable' ? { text: `${SYM.down} ${r.text}`, tone: 'crit' } : { text: r.text, tone: undefined };
}

export function nodeRows(input: NodesInput, now: number): Row[] {
  return polledNodeRows(input, now).concat(clusterOnlyNodeRows(input.nodeOrder, input.crm));
}

function polledNodeRows(input: NodesInput, now: number): Row[] {
  return input.nodeOrder.map((name) => {
    const n = input.nodes[name];
    const crm = input.crm?.nodes.find((c) => c.name === name);
    const unreachable = nodeUnreachable(n);
    const st = nodeStateText(crm, unreachable);
    const nf = n ? nodeFreshSummary(n, now) : undefined;
    // Unreachable: the age is how long ago anything came from it (not its slowest source's age).
    const age = freshCell(unreachable && n ? { state: 'error', ...(lastHeardMs(n, now) !== undefined ? { ageMs: lastHeardMs(n, now)! } : {}) } : (nf ?? { state: 'never' }), unreachable);
    if (!age.live && !unreachable && nf?.lagging.length) age.text += ` ${nf.lagging.join(',')}`;
    // Read from Prometheus: not polled over SSH; "unreachable" is every exporter target down.
    const prom = scraped(n?.conn);
    if (prom && unreachable) age.text = `${SYM.down} ${TARGETS_DOWN} ${formatAge(n ? lastHeardMs(n, now) : undefined)}`;
    const host = n?.host;
    const memPct = host ? 100 * (1 - host.mem.memAvailableKb / Math.max(1, host.mem.memTotalKb)) : undefined;
    const huge = host?.hugepages.reduce((s, p) => s + p.free, 0);
    const hugeTotal = host?.hugepages.reduce((s, p) => s + p.total, 0);
    const running = (n?.vms ?? []).filter((v) => v.state === 'running').length;
    const ssh = prom ? NOT_POLLED : n ? sshReachText(n.conn).text : '-';
    const hostCell = nodeSourceCell(n, 'host', now);
    // An unreachable node's last metrics are history: not drawn as if they were current.
    const cur = !unreachable;
    // A remote/guest node configured as an SSH target says what it is.
    const kind = crm ? nodeKind(crm) : 'member';
    const cells = [
      kind === 'member' ? name : `${name} (${kind})`,
      st.text,
      crm?.isDc ? 'DC' : '',
      cur ? String(running) : '-',
      cur ? fmtPct(host?.cpu?.busyPct) : '-',
      cur ? fmtPct(memPct) : '-',
      cur && host ? host.load.one.toFixed(2) : '-',
      !cur || huge === undefined || !hugeTotal ? '-' : `${huge}/${hugeTotal}`,
      ssh,
      age.text,
      trendCell(input.history, METRICS.nodeCpu(name), now),
    ];
    const tone: Tone = !age.live || !hostCell.live ? 'stale' : st.tone === 'ok' ? 'normal' : st.tone;
    return {
      id: name,
      cells,
      tone,
      cellTones: [undefined, st.tone, 'info', undefined, undefined, undefined, undefined, undefined, prom ? 'muted' : unreachable ? 'crit' : undefined, age.tone, 'info'],
      sortKeys: [name, st.text, crm?.isDc ? 0 : 1, running, host?.cpu?.busyPct ?? -1, memPct ?? -1, host?.load.one ?? -1, huge ?? -1, ssh, nf?.ageMs ?? Infinity, host?.cpu?.busyPct ?? -1],
    };
  });
}
