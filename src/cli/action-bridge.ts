// The TUI's action hook: an ActionRequest from the dialog becomes one typed target per selected
// row through the action registry (the same grammar checks as `virtdeck node standby …`, without
// CLI words in between), then one Plan per target, shown as an
// ActionPlanView, and confirming executes exactly those Plan objects, one after the other.
// An action that only proposes (cluster balance, `proposes`) is the exception: confirming runs each proposed
// move as its own vm.migrate plan (executeBalance, as `virtdeck cluster balance --yes` does).
import { displayCmd, executeBalance, executePlan, findAction, preparePlan, UsageError, type ActionCtx, type ActionDef, type Plan } from '../actions/index.js';
import { checkValues, formText, type RawValues } from '../actions/grammar.js';
import { InputError, type ActionPlanView, type ActionRequest, type PlanActionFn, type PlanFinding, type PlanStep } from '../ui/dialogs/plan.js';
import type { VdState } from '../store/types.js';
import { appendLine, NO_PROGRESS, replaceLive, type ProgressLines } from '../actions/progress-lines.js';

/**
 * The raw values of one target of a request, named as the action's grammar names them: the
 * selected row (through the binding's `values`, else into the grammar's first argument), the
 * form's text and the picked destination. No CLI words in between.
 */
export function requestValues(def: ActionDef, req: ActionRequest, i: number, s: VdState): RawValues {
  const ui = def.ui;
  const name = req.targets[i];
  const node = req.nodes?.[i];
  const row = ui.takes === 'none' || name === undefined ? undefined : { name, ...(node ? { node } : {}) };
  if (ui.takes !== 'none' && !row) throw new Error(`${req.kind}: nothing selected`);
  if (ui.pick && !req.destination) throw new Error(`${req.kind} ${name ?? ''}: no destination node picked`);
  const first = def.cli.args[0];
  return {
    ...(ui.values ? ui.values(row, s) : row && first ? { [first.name]: row.name } : {}),
    ...(req.values ? formText(def.cli, req.values) : {}),
    ...(ui.pick ? { [ui.pick.value]: req.destination } : {}),
  };
}

/** A request's typed target: the grammar's checks, then the action's target builder. A usage
 *  error becomes an InputError naming its field (a form shows the message under that field). */
function targetOf(def: ActionDef, req: ActionRequest, i: number, s: VdState): unknown {
  try {
    return def.target(checkValues(def.cli, requestValues(def, req, i, s)));
  } catch (e) {
    if (e instanceof UsageError) throw new InputError(e.message, e.field);
    throw e;
  }
}

const formatWhatIf = (p: Plan): string[] => {
  if (!p.whatIf) return [];
  if (p.whatIf.error) return [`not available: ${p.whatIf.error}`];
  const head = `crm_simulate on ${p.whatIf.node}:`;
  if (!p.whatIf.changes.length) return [head, '  no resource changes'];
  return [
    head,
    ...p.whatIf.changes.map(
      (c) => `  ${c.action} ${c.resource}${c.from && c.to ? ` (${c.from} → ${c.to})` : c.from ? ` (on ${c.from})` : c.to ? ` (on ${c.to})` : ''}${c.note ? ` ${c.note}` : ''}`,
    ),
  ];
};

const stepView = (s: Plan['steps'][number]): PlanStep =>
  s.kind === 'cmd'
    ? { node: s.node, display: `${s.cmd.sudo ? 'sudo ' : ''}${displayCmd(s.cmd)}${s.always ? '   (always runs)' : ''}` }
    : { node: s.node, display: `(wait) ${s.purpose}, up to ${Math.round(s.timeoutMs / 1000)} s` };

/** One view over the plans of a request (several when rows were marked). */
export function planView(plans: readonly Plan[], run: (ack: boolean) => Promise<void>): ActionPlanView {
  const first = plans[0];
  if (!first) throw new Error('no plan');
  const many = plans.length > 1;
  const prefix = (p: Plan) => (many ? `${p.targetLabel}: ` : '');
  const findings: PlanFinding[] = plans.flatMap((p) => p.findings.map((f) => ({ level: f.level, message: `${prefix(p)}${f.message}` })));
  const view: ActionPlanView = {
    title: many ? `${first.title} ×${plans.length}: ${plans.map((p) => p.targetLabel).join(', ')}` : `${first.title}: ${first.targetLabel}`,
    // What the operator types for a destructive plan: the action's confirm words (the node, the VM).
    target: plans.map((p) => (p.confirmWords.length ? p.confirmWords.join(' ') : p.targetLabel)).join(','),
    findings,
    steps: plans.flatMap((p) => p.steps.map(stepView)),
    destructive: plans.some((p) => p.destructive),
    onConfirm: run,
  };
  const whatIf = plans.flatMap((p) => formatWhatIf(p).map((l) => `${prefix(p)}${l}`));
  if (whatIf.length) view.whatIf = whatIf;
  const report = plans.flatMap((p) => (p.report ?? []).map((r) => ({ level: r.level, text: `${prefix(p)}${r.subject}: ${r.message}` })));
  if (report.length) view.report = report;
  const notes = plans.flatMap((p) => p.summary.map((s) => `${prefix(p)}${s}`));
  if (notes.length) view.notes = notes;
  const migrations = plans.flatMap((p) => p.migrations ?? []);
  if (plans.some((p) => p.migrations)) {
    view.migrations = migrations.map(({ vm, from, to }) => ({ vm, from, to }));
    // The moves are listed once (the report repeats them); "balanced enough" stays in the report.
    if (migrations.length) delete view.report;
    else view.nothingToRun = 'no migration proposed: nothing to run';
  }
  if (!many) view.progressId = first.id;
  view.progressIds = plans.map((p) => p.id);
  return view;
}

/**
 * planAction for runTui. Each target gets its own Plan; confirming runs them in order and stops at
 * the first that does not succeed (the rest are not started). Progress goes to store.actions (the
 * engine's upsertAction); `onLine` sees the same lines.
 */
export function makePlanAction(ctx: ActionCtx, opts: { onLine?: (line: string) => void; production?: boolean } = {}): PlanActionFn {
  const plan = planRequest(ctx, opts);
  if (!opts.production) return plan;
  // A cluster configured `production: true`: every change, not only destructive ones, is
  // confirmed by typing its target, so a stray Enter never changes a production cluster.
  return async (req) => {
    const view = await plan(req);
    // (cluster balance proposes only; its moves already need the cluster name typed.)
    if (findAction(req.kind).mutates) {
      if (!view.destructive) view.notes = [...(view.notes ?? []), 'production cluster: type the target to confirm every change'];
      view.destructive = true;
    }
    return view;
  };
}

function planRequest(ctx: ActionCtx, opts: { onLine?: (line: string) => void }): PlanActionFn {
  return async (req) => {
    const def = findAction(req.kind);
    // Cluster-wide actions and vm create: one plan whatever is selected.
    const count = def.ui.takes === 'none' ? 1 : req.targets.length;
    if (count === 0) throw new Error(`${req.kind}: nothing selected`);
    if (def.ui.takes === 'one' && count !== 1) throw new Error(`${req.kind} takes exactly one ${def.cli.args[0]?.type ?? 'target'}, got ${count}: ${req.targets.join(', ')}`);
    // Every target is checked before anything is read: a usage error leaves the cluster untouched.
    const state = ctx.store.getState();
    const targets = Array.from({ length: count }, (_, i) => targetOf(def, req, i, state));
    // Fencing is planned on fresh data: a node lost seconds ago changes the quorum arithmetic, and
    // corosync is collected only every 10 s (the engine's re-check would abort, but late).
    if (def.planFresh) await (ctx.refreshSources ? ctx.refreshSources(def.planFresh) : ctx.refresh());
    const plans: Plan[] = [];
    for (const target of targets) plans.push(await preparePlan(def.id, target, ctx));
    if (def.proposes) return balanceView(plans[0]!, ctx, opts.onLine);
    let started = false;
    const run = async (ack: boolean) => {
      // A view is confirmed once: a second Enter must not run the same plans again.
      if (started) throw new Error('this plan was already executed; open the action again for a new plan');
      started = true;
      for (const [i, plan] of plans.entries()) {
        // A report with no probes has nothing to run; fence check's probes run (read-only).
        if (!plan.mutates && plan.steps.length === 0) continue;
        const res = await executePlan(plan, ctx, { ackWarnings: ack, ...(opts.onLine ? { onProgress: opts.onLine } : {}) });
        if (!res.ok) {
          const why = [res.message, ...(res.findings ?? []).map((f) => f.message)].join('; ');
          const rest = plans.length - i - 1;
          throw new Error(`${plan.targetLabel}: ${res.status}: ${why}${rest ? ` (${rest} remaining target(s) not started)` : ''}`);
        }
      }
    };
    return planView(plans, run);
  };
}

/**
 * The balance proposal as a view. Confirming runs each move as its own vm.migrate plan (guards
 * re-checked, what-if, clear) and stops at the first that does not succeed. The moves are live
 * migrations, so the operator types the cluster name. Progress: one entry in store.actions for
 * the whole balance, a line per migration plus the migration's own lines.
 */
function balanceView(plan: Plan, ctx: ActionCtx, onLine?: (line: string) => void): ActionPlanView {
  const moves = plan.migrations ?? [];
  let started = false;
  const run = async (ack: boolean) => {
    if (started) throw new Error('this plan was already executed; open the action again for a new plan');
    started = true;
    let log: ProgressLines = NO_PROGRESS;
    const progress: { id: string; title: string; startedAt: number; step?: { at: number; of: number } } = { id: plan.id, title: `${plan.title}: ${moves.length} migration(s)`, startedAt: ctx.now() };
    const publish = (status: 'running' | 'done' | 'failed', result?: string) =>
      ctx.store.getState().upsertAction({ ...progress, status, lines: [...log.lines], ...(result ? { result, finishedAt: ctx.now() } : {}) });
    const say = (line: string, status: 'running' | 'done' | 'failed' = 'running') => {
      log = appendLine(log, line);
      onLine?.(line);
      publish(status, status === 'running' ? undefined : line);
    };
    let n = 0;
    say(`${moves.length} migration(s), one at a time, each through vm migrate`);
    const results = await executeBalance(plan, ctx, {
      ackWarnings: ack,
      onPlan: (p) => {
        progress.step = { at: ++n, of: moves.length };
        say(`[${n}/${moves.length}] ${p.title}: ${p.targetLabel}${p.blocked ? ` — refused: ${p.findings.filter((f) => f.level === 'error').map((f) => f.message).join('; ')}` : ''}`);
      },
      onProgress: (l) => say(`  ${l}`),
      // A migration's job line each poll: replaced in place, not appended.
      onLive: (block) => {
        log = replaceLive(log, block.map((l) => `  ${l}`));
        publish('running');
      },
    });
    const bad = results.find((r) => !r.ok);
    if (bad || results.length < moves.length) {
      const why = bad ? `${bad.status}: ${[bad.message, ...(bad.findings ?? []).map((f) => f.message)].join('; ')}` : 'stopped';
      const message = `migration ${results.length} of ${moves.length} ${why} (${moves.length - results.length} not started)`;
      say(message, 'failed');
      throw new Error(message);
    }
    say(`done: ${moves.length} migration(s)`, 'done');
  };
  const view = planView([plan], run);
  view.progressId = plan.id;
  view.title = `${plan.title}: ${plan.cluster}`;
  if (moves.length) {
    view.destructive = true;
    view.target = plan.cluster;
  }
  return view;
}
