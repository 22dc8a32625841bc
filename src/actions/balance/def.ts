import { executePlanWith, preparePlanWith } from '../engine.js';
import { migrateAction } from '../migrate/def.js';
import { defineAction } from '../define.js';
import { num } from '../grammar.js';
import type { ActionCtx, ExecuteOptions, ExecuteResult, Plan } from '../types.js';
import { DEFAULT_CPU_WEIGHT_PCT, balanceGuards, balancePlan, type BalanceTarget } from './plan.js';

export const balanceAction = defineAction({
  title: 'Balance cluster',
  summary: 'Propose live migrations that even out the load score per node; with --yes run them one by one, each through vm migrate.',
  cli: {
    group: 'cluster',
    verb: 'balance',
    args: [],
    options: [
      { name: 'spread', flag: '--spread', meta: 'POINTS', type: 'count', help: 'balanced enough when the load scores differ by at most this (default 10)' },
      { name: 'maxMoves', flag: '--max-moves', meta: 'N', type: 'count', help: 'propose at most N migrations (default 5)' },
      { name: 'cpuWeight', flag: '--cpu-weight', meta: 'PCT', type: 'count', max: 100, help: `weight of vCPU load against memory in the score (default ${DEFAULT_CPU_WEIGHT_PCT})` },
    ],
  },
  ui: { bindings: [{ scope: 'global', key: 'B', desc: 'Balance cluster: propose live migrations, run them after confirmation' }], takes: 'none', dangerous: true },
  destructive: false,
  // The proposal itself changes nothing; executeBalance runs each move as a vm.migrate plan.
  mutates: false,
  proposes: true,
  target: (v): BalanceTarget => ({ spreadPct: num(v, 'spread') ?? 10, maxMoves: num(v, 'maxMoves') ?? 5, cpuWeightPct: num(v, 'cpuWeight') ?? DEFAULT_CPU_WEIGHT_PCT }),
  targetLabel: () => 'cluster',
  guards: balanceGuards,
  plan: balancePlan,
});

/** Runs the proposal one migration at a time through the migrate path; stops at the first refusal or failure. */
export async function executeBalance(plan: Plan, ctx: ActionCtx, eo: ExecuteOptions & { onPlan?: (p: Plan) => void } = {}): Promise<ExecuteResult[]> {
  const results: ExecuteResult[] = [];
  for (const m of plan.migrations ?? []) {
    const p = await preparePlanWith(migrateAction, { vm: m.vm, node: m.to }, ctx);
    eo.onPlan?.(p as Plan);
    const r = await executePlanWith(migrateAction, p, ctx, eo);
    results.push(r);
    if (!r.ok) break;
  }
  return results;
}
