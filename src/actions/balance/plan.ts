// cluster balance: propose migrations that even out a weighted load score per node,
// score = (1 − w)·memory% + w·vCPU%, where memory% is the running VMs' memory over the host's
// and vCPU% their vCPUs over the host's CPUs (200 = 2:1 overcommit). Pure.
// Execution goes through vm.migrate one VM at a time (its own guards, what-if, clear).
import type { VdState } from '../../store/types.js';
import { loadOf, misfit, roomOf, take, type NodeRoom } from '../placement.js';
import { hostCpus, isActiveMember, quorumFindings, runningVmsOn, staleFindings } from '../state.js';
import type { Finding, GuardInput, PlanBody, ProposedMigration } from '../types.js';

export interface BalanceTarget {
  /** Stop when the score spread (max − min, points) is at most this. */
  spreadPct: number;
  maxMoves: number;
  /** Weight of vCPU load in the score, 0–100 (default 50); memory gets the rest. */
  cpuWeightPct?: number;
}

export const DEFAULT_CPU_WEIGHT_PCT = 50;

interface NodeLoad {
  memKb: number;
  vcpus: number;
  memTotalKb: number;
  cpus: number | undefined;
}

export interface BalanceProposal {
  moves: ProposedMigration[];
  /** Score spread before and after the moves. */
  before: number;
  after: number;
  /** The vCPU weight applied: 0 when a node's CPU count is unknown (memory only). */
  cpuWeightPct: number;
  /** Score per node after the moves. */
  scores: Record<string, number>;
}

const balanceNodes = (s: VdState) => s.nodeOrder.filter((n) => isActiveMember(s, n) && s.nodes[n]?.host);

function nodeLoads(s: VdState, nodes: readonly string[]): Map<string, NodeLoad> {
  return new Map(
    nodes.map((n) => {
      const vms = runningVmsOn(s, n);
      return [n, { memKb: vms.reduce((a, v) => a + (v.memoryKb ?? 0), 0), vcpus: vms.reduce((a, v) => a + (v.vcpus ?? 0), 0), memTotalKb: s.nodes[n]!.host!.mem.memTotalKb, cpus: hostCpus(s.nodes[n]) }];
    }),
  );
}

const memPct = (l: NodeLoad) => (100 * l.memKb) / Math.max(1, l.memTotalKb);
const vcpuPct = (l: NodeLoad) => (l.cpus ? (100 * l.vcpus) / l.cpus : 0);
const scoreOf = (l: NodeLoad, w: number) => (1 - w) * memPct(l) + w * vcpuPct(l);

export function proposeBalance(s: VdState, t: BalanceTarget, overcommit: number): BalanceProposal {
  const nodes = balanceNodes(s);
  const loads = nodeLoads(s, nodes);
  // Without every node's CPU count a vCPU share would be guessed: balance memory only.
  const cpuWeightPct = nodes.every((n) => loads.get(n)!.cpus) ? Math.min(100, Math.max(0, t.cpuWeightPct ?? DEFAULT_CPU_WEIGHT_PCT)) : 0;
  const w = cpuWeightPct / 100;
  const score = (n: string) => scoreOf(loads.get(n)!, w);
  const spread = () => (nodes.length < 2 ? 0 : Math.max(...nodes.map(score)) - Math.min(...nodes.map(score)));
  const shift = (from: string, to: string, vm: { memoryKb: number; vcpus: number }, sign: 1 | -1) => {
    const a = loads.get(from)!;
    const b = loads.get(to)!;
    a.memKb -= sign * vm.memoryKb;
    a.vcpus -= sign * vm.vcpus;
    b.memKb += sign * vm.memoryKb;
    b.vcpus += sign * vm.vcpus;
  };
  const rooms = new Map<string, NodeRoom>(nodes.map((n) => [n, roomOf(s, n, overcommit)]));
  const before = spread();
  const moves: ProposedMigration[] = [];
  const moved = new Set<string>();
  while (moves.length < t.maxMoves && spread() > t.spreadPct) {
    const from = [...nodes].sort((a, b) => score(b) - score(a) || a.localeCompare(b))[0]!;
    const cur = spread();
    let best: { vm: string; to: string; after: number } | undefined;
    for (const v of runningVmsOn(s, from)) {
      if (moved.has(v.name)) continue;
      const load = loadOf(s, from, v.name);
      for (const to of nodes) {
        if (to === from || misfit(rooms.get(to)!, load)) continue;
        shift(from, to, load, 1);
        const after = spread();
        shift(from, to, load, -1);
        const better = !best || after < best.after - 1e-9 || (Math.abs(after - best.after) <= 1e-9 && (v.name < best.vm || (v.name === best.vm && to < best.to)));
        if (after < cur - 0.01 && better) best = { vm: v.name, to, after };
      }
    }
    if (!best) break;
    const load = loadOf(s, from, best.vm);
    take(rooms.get(best.to)!, load);
    shift(from, best.to, load, 1);
    moved.add(best.vm);
    moves.push({ vm: best.vm, from, to: best.to });
  }
  return { moves, before, after: spread(), cpuWeightPct, scores: Object.fromEntries(nodes.map((n) => [n, score(n)])) };
}

export function balanceGuards({ state: s, now }: GuardInput<BalanceTarget, unknown>): Finding[] {
  return [...quorumFindings(s), ...staleFindings(s, s.nodeOrder.filter((n) => isActiveMember(s, n)), now)];
}

export function balancePlan({ state: s, target, opts }: GuardInput<BalanceTarget, unknown>): PlanBody {
  const p = proposeBalance(s, target, opts.vcpuOvercommit);
  const nodes = balanceNodes(s);
  const loads = nodeLoads(s, nodes);
  const weights = p.cpuWeightPct === 0 && (target.cpuWeightPct ?? DEFAULT_CPU_WEIGHT_PCT) > 0 ? 'VM memory only: CPU count unknown on a node' : `${100 - p.cpuWeightPct}% VM memory + ${p.cpuWeightPct}% vCPU`;
  // The score counts the memory the VMs are given; the header and :nodes show the host's RAM in
  // use (page cache, hugepages, the host itself): both are named so they are not compared blind.
  const perNode = nodes.map((n) => {
    const l = loads.get(n)!;
    const mem = s.nodes[n]?.host?.mem;
    const inUse = mem && mem.memTotalKb > 0 ? ` (host RAM in use ${Math.round(100 * (1 - mem.memAvailableKb / mem.memTotalKb))}%)` : '';
    return `${n} VM memory ${Math.round(memPct(l))}% of RAM${inUse}, ${l.vcpus}/${l.cpus ?? '?'} vCPU, score ${scoreOf(l, p.cpuWeightPct / 100).toFixed(1)}`;
  });
  return {
    steps: [],
    migrations: p.moves,
    summary: [`load score spread ${p.before.toFixed(1)} → ${p.after.toFixed(1)} (${weights}) with ${p.moves.length} migration(s)`, ...perNode],
    report: p.moves.length ? p.moves.map((m) => ({ level: 'info' as const, subject: m.vm, message: `migrate ${m.from} → ${m.to}` })) : [{ level: 'ok', subject: s.cluster.name, message: 'balanced enough: no migration proposed' }],
  };
}
