// The action registry the CLI and the TUI share, plus the two entry points of the engine.
import { executePlanWith, preparePlanWith } from './engine.js';
import { fenceCheckAction, fenceNodeAction } from './fence/def.js';
import { migrateAction } from './migrate/def.js';
import { onlineAction, standbyAction } from './standby/def.js';
import { createAction } from './vm-create/def.js';
import { evacuateAction } from './evacuate/def.js';
import { balanceAction } from './balance/def.js';
import { validateAction } from './validate/def.js';
import { startAction, stopAction } from './vm-power/def.js';
import { banAction, cleanupAction, clearAction, moveAction, refreshAction, resourceStartAction, resourceStopAction } from './resource/def.js';
import { clusterMaintenanceAction, nodeMaintenanceAction, resourceMaintenanceAction } from './maintenance/def.js';
import type { ActionCtx, ActionDef, ExecuteOptions, ExecuteResult, Plan } from './types.js';

const erase = <T, F>(d: ActionDef<T, F>): ActionDef => d as unknown as ActionDef;

export const actions: ActionDef[] = [erase(standbyAction), erase(onlineAction), erase(migrateAction), erase(startAction), erase(stopAction), erase(createAction), erase(fenceCheckAction), erase(fenceNodeAction), erase(validateAction), erase(evacuateAction), erase(balanceAction), erase(cleanupAction), erase(refreshAction), erase(clusterMaintenanceAction), erase(nodeMaintenanceAction), erase(resourceMaintenanceAction), erase(moveAction), erase(banAction), erase(clearAction), erase(resourceStartAction), erase(resourceStopAction)];

export function findAction(id: string): ActionDef {
  const d = actions.find((a) => a.id === id);
  if (!d) throw new Error(`unknown action ${JSON.stringify(id)} (known: ${actions.map((a) => a.id).join(', ')})`);
  return d;
}

/** Guards + plan (+ what-if) for an action; nothing that changes state runs here. */
export function preparePlan(id: string, target: unknown, ctx: ActionCtx): Promise<Plan> {
  const def = findAction(id);
  return preparePlanWith(def, target, ctx);
}

/** Executes exactly the confirmed plan object (re-checked on fresh data first). */
export function executePlan(plan: Plan, ctx: ActionCtx, opts: ExecuteOptions = {}): Promise<ExecuteResult> {
  return executePlanWith(findAction(plan.actionId), plan, ctx, opts);
}

export type { ActionCtx, ActionDef, ExecuteOptions, ExecuteResult, Finding, Plan, PlanStep, WhatIf, WhatIfChange, ReportLine, ActionOptions, ActionStore } from './types.js';
export { DEFAULT_ACTION_OPTIONS, UsageError } from './types.js';
export { executeBalance } from './balance/def.js';
export { AuditLog, MemoryAuditLog, defaultAuditPath } from './audit.js';
export { displayCmd } from '../ssh/quote.js';
export { formatPlan, formatReport } from './format.js';
export { renderSudoers, readonlyCommands, operatorCommands, type SudoRole } from './sudoers.js';
export { parseTransitionSummary } from './whatif.js';
