// The TUI's action hook: an ActionRequest from the dialog becomes one Plan per target through the
// action registry (the same path as `virtdeck node standby …`), the plan is shown as an
// ActionPlanView, and confirming executes exactly those Plan objects, one after the other.
// cluster balance is the exception: its plan only proposes, and confirming runs each proposed
// move as its own vm.migrate plan (executeBalance, as `virtdeck cluster balance --yes` does).
import { displayCmd, executeBalance, executePlan, findAction, preparePlan, UsageError, type ActionCtx, type Plan } from '../actions/index.js';
import { InputError, type ActionPlanView, type ActionRequest, type PlanActionFn, type PlanFinding, type PlanStep } from '../ui/dialogs/plan.js';
import { allVms } from '../store/selectors.js';
import { appendLine, NO_PROGRESS, replaceLive, type ProgressLines } from '../actions/progress-lines.js';
import { flattenResources } from '../model/pacemaker.js';

/** The registry's argv for one target of a request (what `virtdeck <group> <verb> …` would get). */
export function requestArgs(req: ActionRequest, i: number, ctx: Pick<ActionCtx, 'store'>): string[] {
  const target = req.targets[i];
  switch (req.kind) {
    case 'node.standby':
    case 'node.online':
    case 'node.evacuate':
      if (!target) throw new Error(`${req.kind}: no node selected`);
      return [target];
    case 'vm.migrate':
      if (!target) throw new Error('vm.migrate: no VM selected');
      if (!req.destination) throw new Error(`vm.migrate ${target}: no destination node picked`);
      return [target, req.destination];
    case 'vm.stop': {
      if (!target) throw new Error('vm.stop: no VM selected');
      const node = req.nodes?.[i];
      return node ? [target, node] : [target];
    }
    case 'vm.start': {
      if (!target) throw new Error('vm.start: no VM selected');
      // Pacemaker chooses where a managed VM starts; only an unmanaged domain names its node.
      const node = req.nodes?.[i];
      const managed = allVms(ctx.store.getState()).some((v) => v.name === target && v.resource !== undefined);
      return node && !managed ? [target, node] : [target];
    }
    case 'vm.create':
      // The form's words, exactly what `virtdeck vm create` would get.
      if (!req.args?.length) throw new Error('vm.create: no values from the form');
      return req.args;
    case 'fence.node':
      if (!target) throw new Error('fence.node: no node selected');
      if (req.targets.length !== 1) throw new Error(`fence.node takes exactly one node, got ${req.targets.length}: ${req.targets.join(', ')}`);
      return req.reason === undefined ? [target] : [target, '--reason', req.reason];
    case 'cluster.balance':
      return req.args ?? [];
    case 'fence.check':
    case 'cluster.validate':
      return [];
    case 'cluster.maintenance':
      // A toggle: off while the cluster is in maintenance mode, else on.
      return [ctx.store.getState().cluster.crm?.summary.maintenanceMode ? 'off' : 'on'];
    case 'node.maintenance': {
      if (!target) throw new Error('node.maintenance: no node selected');
      const n = ctx.store.getState().cluster.crm?.nodes.find((x) => x.name === target);
      return [n?.maintenance ? 'off' : 'on', target];
    }
    case 'resource.cleanup':
    case 'resource.refresh':
    case 'resource.clear':
    case 'resource.start':
    case 'resource.stop':
      if (!target) throw new Error(`${req.kind}: no resource selected`);
      return [target];
    case 'resource.maintenance': {
      if (!target) throw new Error('resource.maintenance: no resource selected');
      // A toggle: on for a managed resource, off for one already unmanaged (in maintenance).
      const r = flattenResources(ctx.store.getState().cluster.crm?.resources ?? []).find((x) => x.id === target);
      return [r && !r.managed ? 'off' : 'on', target];
    }
    case 'resource.move':
      if (!target) throw new Error('resource.move: no resource selected');
      if (!req.destination) throw new Error(`resource.move ${target}: no destination node picked`);
      return [target, req.destination];
    case 'resource.ban': {
      // From the node of the selected row (a clone instance's), else where it runs.
      const r = flattenResources(ctx.store.getState().cluster.crm?.resources ?? []).find((x) => x.id === target);
      const node = req.nodes?.[i] || r?.nodes[0];
      if (!target || !node) throw new Error(`resource.ban ${target ?? ''}: it runs on no node; ban it from a node with the CLI`);
      return [target, node];
    }
  }
}

/** The CLI parser on the request's words; its usage error becomes an InputError (the form shows it). */
function parseRequest(def: ReturnType<typeof findAction>, args: string[]): unknown {
  try {
    return def.parseTarget(args);
  } catch (e) {
    if (e instanceof UsageError) throw new InputError(e.message);
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
    const count = ONE_PLAN.has(def.id) ? 1 : req.targets.length;
    if (count === 0) throw new Error(`${req.kind}: nothing selected`);
    // Every target is parsed before anything is read: a usage error leaves the cluster untouched.
    const targets = Array.from({ length: count }, (_, i) => parseRequest(def, requestArgs(req, i, ctx)));
    // Fencing is planned on fresh data: a node lost seconds ago changes the quorum arithmetic, and
    // corosync is collected only every 10 s (the engine's re-check would abort, but late).
    if (def.id === 'fence.node') await (ctx.refreshSources ? ctx.refreshSources(['pacemaker', 'stonith', 'corosync']) : ctx.refresh());
    const plans: Plan[] = [];
    for (const target of targets) plans.push(await preparePlan(def.id, target, ctx));
    if (def.id === 'cluster.balance') return balanceView(plans[0]!, ctx, opts.onLine);
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

/** Actions planned once per request whatever is selected (cluster-wide, or the form's one VM). */
const ONE_PLAN = new Set(['fence.check', 'cluster.validate', 'cluster.balance', 'cluster.maintenance', 'vm.create']);

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
