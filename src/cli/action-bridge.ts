// The TUI's action hook: an ActionRequest from the dialog becomes one Plan per target through the
// action registry (the same path as `virtdeck node standby …`), the plan is shown as an
// ActionPlanView, and confirming executes exactly those Plan objects, one after the other.
import { displayCmd, executePlan, findAction, preparePlan, type ActionCtx, type Plan } from '../actions/index.js';
import type { ActionPlanView, ActionRequest, PlanActionFn, PlanFinding, PlanStep } from '../ui/dialogs/plan.js';
import { allVms } from '../store/selectors.js';

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
    case 'fence.check':
    case 'cluster.validate':
      return [];
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
  const notes = plans.flatMap((p) => [...p.summary.map((s) => `${prefix(p)}${s}`), ...(p.migrations ?? []).map((m) => `migrate ${m.vm}: ${m.from} → ${m.to}`)]);
  if (notes.length) view.notes = notes;
  if (!many) view.progressId = first.id;
  return view;
}

/**
 * planAction for runTui. Each target gets its own Plan; confirming runs them in order and stops at
 * the first that does not succeed (the rest are not started). Progress goes to store.actions (the
 * engine's upsertAction); `onLine` sees the same lines.
 */
export function makePlanAction(ctx: ActionCtx, opts: { onLine?: (line: string) => void } = {}): PlanActionFn {
  return async (req) => {
    const def = findAction(req.kind);
    const count = def.id === 'fence.check' || def.id === 'cluster.validate' ? 1 : req.targets.length;
    if (count === 0) throw new Error(`${req.kind}: nothing selected`);
    const plans: Plan[] = [];
    for (let i = 0; i < count; i++) {
      const target = def.parseTarget(requestArgs(req, i, ctx));
      plans.push(await preparePlan(def.id, target, ctx));
    }
    let started = false;
    const run = async (ack: boolean) => {
      // A view is confirmed once: a second Enter must not run the same plans again.
      if (started) throw new Error('this plan was already executed; open the action again for a new plan');
      started = true;
      for (const [i, plan] of plans.entries()) {
        if (!plan.mutates) continue;
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
