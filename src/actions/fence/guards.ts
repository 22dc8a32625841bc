// fence check (report, never fences) and fence node (strongest confirmation, refuses to lose quorum).
import type { VdState } from '../../store/types.js';
import { fencingFindings } from '../standby/guards.js';
import { crmNode, quorumFindings, usableFenceDevices } from '../state.js';
import type { Finding, GuardInput, ReportLine } from '../types.js';
import { victims } from './kills.js';
import type { FenceLevel } from './topology.js';

export interface FenceCheckTarget {
  node?: string;
}
export interface FenceCheckFacts {
  levels?: FenceLevel[];
  error?: string;
}
export type Readiness = 'ready' | 'degraded' | 'not fenceable';

export function nodeReadiness(s: VdState, node: string, levels: FenceLevel[] | undefined): { verdict: Readiness; reasons: string[] } {
  const bad: string[] = [];
  const weak: string[] = [];
  const ok: string[] = [];
  if (!s.cluster.crm?.summary.stonithEnabled) bad.push('stonith-enabled is false');
  if ((s.cluster.stonithDevices ?? []).length === 0) bad.push('no fence devices registered');
  const { all, usable, via, unknown } = usableFenceDevices(s, node);
  if (unknown !== undefined) bad.push(`cannot tell which devices can fence it: ${unknown}`);
  else if (all.length === 0) bad.push(`no device can fence it (stonith_admin --list${via ? ` on ${via}` : ''})`);
  else if (usable.length === 0) bad.push(`every device that can fence it is failed or stopped: ${all.join(', ')}`);
  else {
    ok.push(`devices ${usable.join(', ')}${via ? ` (listed by ${via})` : ''}`);
    const down = all.filter((d) => !usable.includes(d));
    if (down.length) weak.push(`device(s) failed or stopped: ${down.join(', ')}`);
  }
  const mine = (levels ?? []).filter((l) => l.target === node).sort((a, b) => a.index - b.index);
  if (levels === undefined) weak.push('fencing topology unknown');
  else if (mine.length) {
    ok.push(`levels ${mine.map((l) => `${l.index}:${l.devices.join('+')}`).join(' ')}`);
    const registered = new Set(s.cluster.stonithDevices ?? []);
    for (const l of mine) for (const d of l.devices) if (!registered.has(d)) weak.push(`level ${l.index} uses ${d}, which is not registered`);
  }
  const sbd = s.nodes[node]?.sbd;
  if (sbd && sbd.devices.length > 0) {
    for (const d of sbd.devices) {
      if (!d.readable) weak.push(`sbd device ${d.path} unreadable${d.error ? `: ${d.error}` : ''}`);
      else if (d.slotsNotCollected === undefined) {
        const slot = d.slots.find((x) => x.node === node);
        if (!slot) weak.push(`no sbd slot for ${node} on ${d.path}`);
        else if (slot.message !== 'clear') weak.push(`sbd slot of ${node} on ${d.path} holds "${slot.message}"`);
      }
    }
    if (!sbd.watchdog.present) weak.push(sbd.watchdog.error ? `watchdog unknown: ${sbd.watchdog.error}` : sbd.watchdog.notCollected ? `watchdog ${sbd.watchdog.notCollected}` : 'no watchdog device for sbd');
    if (sbd.devices.every((d) => d.readable) && sbd.watchdog.present) ok.push(`sbd ${sbd.devices.map((d) => d.path).join(', ')}`);
  }
  const failures = (s.cluster.crm?.fenceHistory ?? []).filter((e) => e.target === node && e.status === 'failed');
  if (failures.length) weak.push(`${failures.length} failed fence attempt(s) recorded${failures[0]?.exitReason ? ` (${failures[0].exitReason})` : ''}`);
  if (bad.length) return { verdict: 'not fenceable', reasons: [...bad, ...weak] };
  if (weak.length) return { verdict: 'degraded', reasons: weak };
  return { verdict: 'ready', reasons: ok };
}

export function fenceReport(s: VdState, t: FenceCheckTarget, facts: FenceCheckFacts): ReportLine[] {
  const nodes = t.node ? [t.node] : s.nodeOrder;
  const lines: ReportLine[] = [];
  if (facts.error) lines.push({ level: 'warning', subject: 'topology', message: facts.error });
  for (const n of nodes) {
    const r = nodeReadiness(s, n, facts.levels);
    lines.push({ level: r.verdict === 'ready' ? 'ok' : r.verdict === 'degraded' ? 'warning' : 'error', subject: n, message: `${r.verdict}: ${r.reasons.join('; ')}` });
  }
  return lines;
}

export function fenceCheckGuards({ state: s, target }: GuardInput<FenceCheckTarget, FenceCheckFacts>): Finding[] {
  if (target.node && !s.nodes[target.node]) return [{ level: 'error', code: 'unknown-node', message: `${target.node} is not a node of cluster ${s.cluster.name}` }];
  return s.cluster.crm ? [] : [{ level: 'error', code: 'no-pacemaker-status', message: 'no Pacemaker status collected yet' }];
}

export interface FenceNodeTarget {
  node: string;
  reason: string;
}

/** Votes left after fencing `node`, vs the quorum, from corosync-quorumtool data (any node's view). */
export function quorumAfterFence(s: VdState, node: string): { remaining: number; quorum: number } | undefined {
  const q = s.nodeOrder.map((n) => s.nodes[n]?.quorum).find((x) => x && x.quorate);
  if (!q) return undefined;
  const member = q.members.find((m) => m.name === node);
  return { remaining: q.totalVotes - (member?.votes ?? 0), quorum: q.quorum };
}

export function fenceNodeGuards({ state: s, target }: GuardInput<FenceNodeTarget, unknown>): Finding[] {
  const { node } = target;
  if (!s.nodes[node]) return [{ level: 'error', code: 'unknown-node', message: `${node} is not a node of cluster ${s.cluster.name}` }];
  const out: Finding[] = [...quorumFindings(s)];
  if (!target.reason.trim()) out.push({ level: 'error', code: 'no-reason', message: 'fencing needs a reason (--reason TEXT); it goes to the audit log' });
  out.push(...fencingFindings({ state: s }, node));
  const q = quorumAfterFence(s, node);
  if (!q) {
    const online = (s.cluster.crm?.nodes ?? []).filter((n) => n.online && n.name !== node).length;
    const needed = Math.floor((s.cluster.crm?.nodes.length ?? 0) / 2) + 1;
    if (online < needed) out.push({ level: 'error', code: 'would-lose-quorum', node, message: `fencing ${node} leaves ${online} of ${needed} nodes needed for quorum` });
  } else if (q.remaining < q.quorum) {
    out.push({ level: 'error', code: 'would-lose-quorum', node, message: `fencing ${node} leaves ${q.remaining} votes; quorum needs ${q.quorum}` });
  }
  if (!s.nodeOrder.some((n) => n !== node && s.nodes[n]?.conn.status === 'up')) out.push({ level: 'error', code: 'no-fencer', message: `no other reachable node to run stonith_admin from` });
  const cn = crmNode(s, node);
  if (cn && !cn.online) out.push({ level: 'warning', code: 'node-offline', node, message: `${node} is already offline in Pacemaker` });
  // Pacemaker restarts what it runs elsewhere (the what-if says where); a libvirt-only guest just dies.
  const lost = victims(s, node).vms.filter((v) => !v.resource).map((v) => v.name);
  if (lost.length) out.push({ level: 'warning', code: 'unmanaged-vms-die', node, message: `${lost.length} VM(s) on ${node} run outside Pacemaker and are NOT restarted anywhere: ${lost.join(', ')}` });
  return out;
}
