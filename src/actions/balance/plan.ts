// cluster balance: propose migrations that even out memory load (vCPU as tie-break). Pure.
// Execution goes through vm.migrate one VM at a time (its own guards, what-if, clear).
import type { VdState } from '../../store/types.js';
import { loadOf, misfit, roomOf, take } from '../placement.js';
import { isActiveMember, quorumFindings, runningVmsOn, staleFindings, vcpusRunning, hostCpus } from '../state.js';
import type { Finding, GuardInput, PlanBody, ProposedMigration } from '../types.js';

export interface BalanceTarget {
  /** Stop when the memory-load spread (max − min, %) is at most this. */
  spreadPct: number;
  maxMoves: number;
}

export function proposeBalance(s: VdState, t: BalanceTarget, overcommit: number): { moves: ProposedMigration[]; before: number; after: number } {
  const nodes = s.nodeOrder.filter((n) => isActiveMember(s, n) && s.nodes[n]?.host);
  const total = new Map(nodes.map((n) => [n, s.nodes[n]!.host!.mem.memTotalKb]));
  const used = new Map(nodes.map((n) => [n, runningVmsOn(s, n).reduce((a, v) => a + (v.memoryKb ?? 0), 0)]));
  const where = new Map<string, string>();
  for (const n of nodes) for (const v of runningVmsOn(s, n)) where.set(v.name, n);
  const rooms = new Map(nodes.map((n) => [n, roomOf(s, n, overcommit)]));
  const pct = (n: string) => (100 * used.get(n)!) / Math.max(1, total.get(n)!);
  const spread = () => (nodes.length < 2 ? 0 : Math.max(...nodes.map(pct)) - Math.min(...nodes.map(pct)));
  const before = spread();
  const moves: ProposedMigration[] = [];
  const moved = new Set<string>();
  while (moves.length < t.maxMoves && spread() > t.spreadPct) {
    const sorted = [...nodes].sort((a, b) => pct(b) - pct(a) || a.localeCompare(b));
    const from = sorted[0]!;
    const to = sorted.at(-1)!;
    const cur = spread();
    let best: { vm: string; kb: number; after: number } | undefined;
    for (const v of runningVmsOn(s, from)) {
      if (moved.has(v.name) || where.get(v.name) !== from) continue;
      const load = loadOf(s, from, v.name);
      if (misfit(rooms.get(to)!, load)) continue;
      used.set(from, used.get(from)! - load.memoryKb);
      used.set(to, used.get(to)! + load.memoryKb);
      const after = spread();
      used.set(from, used.get(from)! + load.memoryKb);
      used.set(to, used.get(to)! - load.memoryKb);
      if (after < cur - 0.01 && (!best || after < best.after || (after === best.after && v.name < best.vm))) best = { vm: v.name, kb: load.memoryKb, after };
    }
    if (!best) break;
    const load = loadOf(s, from, best.vm);
    take(rooms.get(to)!, load);
    used.set(from, used.get(from)! - best.kb);
    used.set(to, used.get(to)! + best.kb);
    moved.add(best.vm);
    where.set(best.vm, to);
    moves.push({ vm: best.vm, from, to });
  }
  return { moves, before, after: spread() };
}

export function balanceGuards({ state: s, now }: GuardInput<BalanceTarget, unknown>): Finding[] {
  return [...quorumFindings(s), ...staleFindings(s, s.nodeOrder.filter((n) => isActiveMember(s, n)), now)];
}

export function balancePlan({ state: s, target, opts }: GuardInput<BalanceTarget, unknown>): PlanBody {
  const { moves, before, after } = proposeBalance(s, target, opts.vcpuOvercommit);
  const load = s.nodeOrder
    .filter((n) => isActiveMember(s, n))
    .map((n) => `${n} ${Math.round((100 * runningVmsOn(s, n).reduce((a, v) => a + (v.memoryKb ?? 0), 0)) / Math.max(1, s.nodes[n]?.host?.mem.memTotalKb ?? 1))}% mem, ${vcpusRunning(s, n)}/${hostCpus(s.nodes[n]) ?? '?'} vCPU`);
  return {
    steps: [],
    migrations: moves,
    summary: [`memory load spread ${before.toFixed(1)}% → ${after.toFixed(1)}% with ${moves.length} migration(s)`, ...load],
    report: moves.length ? moves.map((m) => ({ level: 'info' as const, subject: m.vm, message: `migrate ${m.from} → ${m.to}` })) : [{ level: 'ok', subject: s.cluster.name, message: 'balanced enough: no migration proposed' }],
  };
}
