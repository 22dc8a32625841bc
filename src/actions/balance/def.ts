import { executePlanWith, preparePlanWith } from '../engine.js';
import { migrateAction } from '../migrate/def.js';
import { UsageError, type ActionCtx, type ActionDef, type ExecuteOptions, type ExecuteResult, type Plan } from '../types.js';
import { DEFAULT_CPU_WEIGHT_PCT, balanceGuards, balancePlan, type BalanceTarget } from './plan.js';

const usage = 'cluster balance [--spread POINTS] [--max-moves N] [--cpu-weight PCT]';

export const balanceAction: ActionDef<BalanceTarget, undefined> = {
  id: 'cluster.balance',
  title: 'Balance cluster',
  usage,
  destructive: false,
  // The proposal itself changes nothing; executeBalance runs each move as a vm.migrate plan.
  mutates: false,
  parseTarget(args) {
    const t: BalanceTarget = { spreadPct: 10, maxMoves: 5, cpuWeightPct: DEFAULT_CPU_WEIGHT_PCT };
    for (let i = 0; i < args.length; i++) {
      const v = args[i + 1];
      if (args[i] === '--spread' && v && /^\d+$/.test(v)) t.spreadPct = Number(v);
      else if (args[i] === '--max-moves' && v && /^\d+$/.test(v)) t.maxMoves = Number(v);
      else if (args[i] === '--cpu-weight' && v && /^\d+$/.test(v) && Number(v) <= 100) t.cpuWeightPct = Number(v);
      else throw new UsageError(`usage: ${usage}`);
      i++;
    }
    return t;
  },
  targetLabel: () => 'cluster',
  guards: balanceGuards,
  plan: balancePlan,
};

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
