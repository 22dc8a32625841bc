// The action registry the CLI and the TUI share (registry.ts), plus the two entry points of the engine.
import { executePlanWith, preparePlanWith } from './engine.js';
import { findAction } from './registry.js';
import type { ActionCtx, ExecuteOptions, ExecuteResult, Plan } from './types.js';

export { actions, findAction, type ActionKind } from './registry.js';

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
