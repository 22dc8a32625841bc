// Overview tiles as pure line lists (cluster, fencing, storage, alerts, timeline).
import { flattenResources } from '../../../model/pacemaker.js';
import { freshnessOf } from '../../../store/freshness.js';
import type { Severity, VdState } from '../../../store/types.js';
import type { Row } from '../../table.js';
import { fmtClock, fmtMs } from '../../format.js';
import { SYM, type Tone } from '../../theme.js';
import type { Line } from '../detail/lines.js';
import { freshCell, nodeSourceCell } from '../fresh.js';
import { nodeRows } from '../nodes/rows.js';
import type { FencingReadiness, MultipathMatrix } from '../../../store/selectors.js';
import { alertRow, groupRow } from '../alerts/rows.js';
import { groupAlerts, groupLabel } from '../../../store/alert-groups.js';
import { sevText } from '../timeline/rows.js';

export type PaneId = 'cluster' | 'fencing' | 'storage' | 'alerts' | 'timeline';
export const OVERVIEW_PANES: readonly { id: PaneId; title: string; opens: 'nodes' | 'fence' | 'storage' | 'alerts' | 'timeline' }[] = [
  { id: 'cluster', title: 'Cluster', opens: 'nodes' },
  { id: 'fencing', title: 'Fencing readiness', opens: 'fence' },
  { id: 'storage', title: 'Storage (multipath LUN × node)', opens: 'storage' },
  { id: 'alerts', title: 'Alerts', opens: 'alerts' },
  { id: 'timeline', title: 'Timeline', opens: 'timeline' },
];

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));

/** 0 sick (down, unclean, unreachable, a critical alert), 1 needs a look (standby, stale, a
 *  warning), 2 fine: at 64 nodes a node sorted by name can sit below the fold. */
function nodeRank(r: Row, worstAlert: ReadonlyMap<string, Severity>): number {
  const sev = worstAlert.get(r.id);
  if (r.tone === 'crit' || r.cellTones?.some((t) => t === 'crit') || sev === 'critical') return 0;
  if (r.tone !== 'normal' || r.cellTones?.[1] === 'warn' || sev === 'warning') return 1;
  return 2;
}

/** Each node's worst unacknowledged alert. */
function worstAlertByNode(alerts: VdState['alerts']): Map<string, Severity> {
  const m = new Map<string, Severity>();
  for (const a of alerts) {
    if (!a.node || a.acknowledged || a.severity === 'info') continue;
    if (m.get(a.node) !== 'critical') m.set(a.node, a.severity);
  }
  return m;
}

/** Nodes worst first (see nodeRank), in configured order within a rank. */
export function clusterTile(s: Pick<VdState, 'nodeOrder' | 'nodes' | 'cluster'> & Partial<Pick<VdState, 'alerts'>>, now: number, width = 100): Line[] {
  const out: Line[] = [];
  const pf = freshCell(freshnessOf(s.cluster.fresh['pacemaker'], now));
  const worst = worstAlertByNode(s.alerts ?? []);
  const ranked = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: s.cluster.crm }, now).map((r, i) => ({ r, i, k: nodeRank(r, worst) }));
  const rows = ranked.sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.r);
  const w = Math.max(6, ...rows.map((r) => r.cells[0]!.length));
  for (const r of rows) {
    const [name, state, dc, vms, cpu, mem, , , ssh, age] = r.cells;
    const tone = r.tone === 'normal' ? undefined : r.tone;
    if (width < 60) {
      // narrow: no words, and the age only when it matters
      const lag = r.tone === 'stale' ? ` ${age!.replace(/^⚠ stale /, SYM.warn)}` : '';
      out.push({ text: `${pad(name!, w)} ${pad(state!.replace('UNREACHABLE', 'UNREACH'), 11)} ${pad(dc!, 2)} ${vms!.padStart(3)}vm ${cpu!.padStart(4)} ${mem!.padStart(4)}${lag}`, ...(tone ? { tone } : {}) });
    } else {
      // Unreachable over SSH: say why ("✖ unreachable: DNS 15s", "✖ auth failed 15s") beside Pacemaker's state.
      const reach = ssh!.startsWith(SYM.down) ? age!.replace(`${SYM.down} unreachable`, ssh!) : age;
      out.push({ text: `${pad(name!, w)} ${pad(state!, 13)} ${pad(dc!, 2)} ${vms!.padStart(3)} vm cpu ${cpu!.padStart(4)} mem ${mem!.padStart(4)} ${reach}`, ...(tone ? { tone } : {}) });
    }
  }
  const crm = s.cluster.crm;
  if (!crm) out.push({ text: `resources: ${pf.text}`, tone: 'muted' });
  else {
    const prims = flattenResources(crm.resources).filter((r) => r.kind === 'primitive');
    const started = prims.filter((r) => r.active).length;
    const failed = prims.filter((r) => r.failed).length;
    const tone: Tone | undefined = !pf.live ? 'stale' : failed ? 'crit' : undefined;
    out.push({ text: `resources ${started}/${prims.length} started${failed ? `, ${SYM.down} ${failed} failed` : ''}${crm.summary.maintenanceMode ? `, ${SYM.maint} MAINTENANCE MODE` : ''}${pf.live ? '' : ` (${pf.text})`}`, ...(tone ? { tone } : {}) });
    for (const f of crm.failedActions) out.push({ text: `${SYM.down} ${f.resource} ${f.task ?? ''} on ${f.node}: ${f.exitStatus}`, tone: pf.live ? 'crit' : 'stale' });
  }
  return out;
}

export function fencingTile(fr: FencingReadiness, s: Pick<VdState, 'nodes' | 'cluster'>, now: number, width = 100): Line[] {
  const out: Line[] = [];
  const st = freshCell(freshnessOf(s.cluster.fresh['stonith'], now));
  const en = fr.stonithEnabled;
  out.push({ text: `stonith ${en === undefined ? '?' : en ? `${SYM.ok} enabled` : `${SYM.down} DISABLED`}, ${fr.devices.length} device(s)${st.live ? '' : ` (${st.text})`}`, ...(en === false ? { tone: 'crit' as Tone } : !st.live ? { tone: 'stale' as Tone } : {}) });
  const w = Math.max(6, ...fr.nodes.map((n) => n.node.length));
  // worst first: a node that cannot be fenced must not sit below 60 ready ones
  const fenceRank = (st: string) => (st === 'ready' ? 2 : st === 'degraded' ? 1 : 0);
  for (const r of [...fr.nodes].sort((a, b) => fenceRank(a.status) - fenceRank(b.status))) {
    const sbd = nodeSourceCell(s.nodes[r.node], 'sbd', now);
    const stale = !st.live || (s.nodes[r.node]?.sbd !== undefined && !sbd.live);
    // dimmed all the same, but "stale" only when something collected has aged (not --from gaps)
    const staleWord = (!st.live && !st.notCollected) || (s.nodes[r.node]?.sbd !== undefined && !sbd.live && !sbd.notCollected);
    const have = [width < 60 && r.devices.length > 1 ? `${r.devices.length} devices` : r.devices.join(','), r.sbdSlot ? `sbd ${r.sbdSlot.slot}:${r.sbdSlot.message}` : '', r.watchdog ? 'wd' : ''].filter(Boolean).join(' ');
    const what =
      r.status === 'ready' ? `${SYM.ok} ready  ${have}` : r.status === 'degraded' ? `${SYM.warn} degraded: ${r.reasons.join('; ')}` : `${SYM.down} NOT FENCEABLE: ${r.reasons.join('; ')}`;
    out.push({ text: `${pad(r.node, w)} ${what}${staleWord ? ` ${SYM.warn} stale` : ''}`, tone: stale ? 'stale' : r.status === 'ready' ? undefined : r.status === 'degraded' ? 'warn' : 'crit' });
  }
  return out;
}

export function storageTile(mm: MultipathMatrix, s: Pick<VdState, 'nodes' | 'thresholds'>, now: number): Line[] {
  if (!mm.luns.length) {
    // Not collected anywhere (saved data without it, Prometheus): say why, not "none".
    const fresh = Object.values(s.nodes).map((n) => n.fresh.multipath);
    const why = fresh.length > 0 && fresh.every((f) => f?.notCollected) ? fresh[0]?.notCollectedWhy : undefined;
    return [{ text: why ? `multipath ${why}` : 'no multipath LUNs reported', tone: 'muted' }];
  }
  const lw = Math.max(5, ...mm.luns.map((l) => l.name.length));
  const cw = Math.max(6, ...mm.nodes.map((n) => Math.min(n.length, 8)));
  const short = (n: string) => (n.length > cw ? n.slice(-cw) : n);
  const out: Line[] = [{ text: `${pad('LUN', lw)} ${mm.nodes.map((n) => pad(short(n), cw)).join(' ')}`, tone: 'muted' }];
  let worst: { lun: string; node: string; ms: number } | undefined;
  const lunRank = (w: string) => (w === 'critical' ? 0 : w === 'degraded' ? 1 : 2);
  for (const lun of [...mm.luns].sort((a, b) => lunRank(a.worst) - lunRank(b.worst))) {
    let tone: Tone | undefined = lun.worst === 'critical' ? 'crit' : lun.worst === 'degraded' ? 'warn' : undefined;
    const cells = mm.nodes.map((node) => {
      const c = lun.cells[node];
      const n = s.nodes[node];
      const live = nodeSourceCell(n, 'multipath', now).live;
      if (!live && !tone) tone = 'stale';
      if (!c) return n?.conn.status === 'down' ? `${SYM.down}n/a` : `${SYM.down}none`;
      // A node whose I/O figures are not live (down, stale) is not the "worst" now.
      if (c.awaitMs !== undefined && nodeSourceCell(n, 'iostat', now).live && (!worst || c.awaitMs > worst.ms)) worst = { lun: lun.name, node, ms: c.awaitMs };
      const sym = c.health === 'ok' ? SYM.ok : c.health === 'degraded' ? SYM.warn : SYM.down;
      return `${sym}${c.active}/${c.total}${live ? '' : '?'}`;
    });
    out.push({ text: `${pad(lun.name, lw)} ${cells.map((c) => pad(c, cw)).join(' ')}`, ...(tone ? { tone } : {}) });
  }
  if (worst) {
    const t: Tone | undefined = worst.ms >= s.thresholds.awaitCritMs ? 'crit' : worst.ms >= s.thresholds.awaitWarnMs ? 'warn' : undefined;
    out.push({ text: `worst await ${fmtMs(worst.ms)} ${worst.lun}@${worst.node}`, ...(t ? { tone: t } : {}) });
  }
  return out;
}

/** Narrow tiles show the severity by its symbol alone (✖ ⚠ ℹ read without colour too), so
 *  the message keeps the room for what matters: what and where. */
const NARROW_TILE = 60;
const sevLabel = (text: string, width: number) => (width < NARROW_TILE ? text.split(' ')[0]! : text);

export function alertsTile(alerts: VdState['alerts'], now: number, width = 100): Line[] {
  // One grouping pass: each entry's row (groups closed), with the group behind a group row.
  const active = groupAlerts(alerts)
    .map((e) => (e.kind === 'alert' ? { r: alertRow(e.alert, now) } : { r: groupRow(e.group, now, false), g: e.group }))
    .filter(({ r }) => r.cells[5] !== 'ack');
  if (!active.length) return [{ text: `${SYM.ok} no active alerts`, tone: 'ok' }];
  return active.map(({ r, g }) => {
    // a group: "32× cpu, worst kvm-n30 CPU 87.2 % (> 85 %), first 3m" (count and kind before the fold)
    if (g) return { text: `${sevLabel(r.cells[0]!, width)} ${g.members.length}× ${groupLabel(g)}, worst ${g.members[0]!.message}, first ${r.cells[4]}`, ...(g.severity === 'critical' ? { tone: 'crit' as Tone } : g.severity === 'warning' ? { tone: 'warn' as Tone } : {}) };
    return {
      // the message usually names node and subject already; do not say them twice
      text: `${sevLabel(r.cells[0]!, width)} ${r.cells[3]!.includes(r.cells[2]!) || (r.cells[1] && r.cells[3]!.includes(r.cells[1])) ? '' : `${r.cells[1] && !r.cells[3]!.includes(r.cells[1]) ? `${r.cells[1]} ` : ''}${r.cells[2]}: `}${r.cells[3]} (${r.cells[4]})`,
      tone: r.tone === 'crit' ? 'crit' : r.cells[0]!.includes('warn') ? 'warn' : undefined,
    };
  });
}

/** Alerts of one rule and severity raised (or cleared) on several nodes within one minute fold
 *  into one timeline line: a storm of warnings must not push a critical out of the tile. */
const foldKey = (e: VdState['timeline'][number]): string | undefined =>
  e.source === 'alert' && e.node ? `${e.kind}:${e.severity}:${e.subject.split(':')[0]}:${Math.floor(e.time / 60_000)}` : undefined;

export function timelineTile(tl: VdState['timeline'], limit: number, width = 100): Line[] {
  if (!tl.length) return [{ text: 'nothing happened yet', tone: 'muted' }];
  const out: { head: string; rest: string; tone?: Tone; count: number; minute: number; rule: string }[] = [];
  const folds = new Map<string, (typeof out)[number]>();
  for (let i = tl.length - 1; i >= 0; i--) {
    const e = tl[i]!;
    const minute = Math.floor(e.time / 60_000);
    const key = foldKey(e);
    const into = key === undefined ? undefined : folds.get(key);
    if (into) {
      into.count++;
      continue;
    }
    // full: only entries of the last line's minute can still fold into a line shown
    if (out.length >= limit) {
      if (minute === out[out.length - 1]!.minute) continue;
      break;
    }
    const sv = sevText(e.severity);
    const slot = {
      head: `${width < NARROW_TILE ? fmtClock(e.time).slice(0, 5) : fmtClock(e.time)} ${sevLabel(sv.text, width)}`,
      rest: `${e.node && !e.message.includes(e.node) ? `${e.node} ` : ''}${e.message}`,
      ...(e.severity === 'info' ? {} : { tone: sv.tone }),
      count: 1,
      minute,
      rule: e.subject.split(':')[0]!,
    };
    out.push(slot);
    if (key !== undefined) folds.set(key, slot);
  }
  // "12:22 ⚠ 29× cpu: kvm-n50 CPU 85.1 % (> 85 %)": how many, the rule, then the newest of them
  return out.map((o) => ({ text: `${o.head} ${o.count > 1 ? `${o.count}× ${o.rule}: ` : ''}${o.rest}`, ...(o.tone ? { tone: o.tone } : {}) }));
}

