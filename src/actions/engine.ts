// The one path every action takes: guards → plan (+ what-if) → confirm → execute (re-checked on
// fresh data) → verify → audit. Actions only supply pure guards/plan/verify functions.
import { randomBytes } from 'node:crypto';
import { parseDomjobinfo } from '../collectors/virsh/parse.js';
import type { RunResult } from '../ssh/runner.js';
import type { ActionProgress, VdState } from '../store/types.js';
import { auditArgv, currentWho } from './audit.js';
import { domjobabortCmd, domjobinfoCmd } from './commands.js';
import { errorText } from './error-text.js';
import { formatJob } from './format.js';
import { errors, isActiveMember, warnings } from './state.js';
import {
  DEFAULT_ACTION_OPTIONS,
  type ActionCtx,
  type EngineDef,
  type ActionOptions,
  type CmdStep,
  type ExecuteOptions,
  type ExecuteResult,
  type Finding,
  type GuardInput,
  type Plan,
  type PlanBody,
  type RefreshScope,
  type ReportLine,
  type WaitStep,
} from './types.js';
import { runWhatIf } from './whatif.js';
import { appendLine, NO_PROGRESS, replaceLive, type ProgressLines } from './progress-lines.js';

export const actionOptions = (ctx: ActionCtx): ActionOptions => ({ ...DEFAULT_ACTION_OPTIONS, ...(ctx.options ?? {}) });
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The narrowest refresh that covers `scopes`; a full round when they are unknown or the context
 *  cannot refresh single sources. */
export async function refreshScoped(ctx: ActionCtx, scopes: readonly RefreshScope[] | undefined): Promise<void> {
  const one = ctx.refreshSources;
  if (!scopes || !one) return ctx.refresh();
  await Promise.all(scopes.map((sc) => one(sc.sources, sc.nodes)));
}

interface Evaluation<T> {
  state: VdState;
  findings: Finding[];
  body: PlanBody;
}

async function evaluate<T, F>(def: EngineDef<T, F>, target: T, ctx: ActionCtx, planId: string): Promise<Evaluation<T>> {
  const opts = actionOptions(ctx);
  const facts = (def.gather ? await def.gather(target, ctx, opts) : undefined) as F;
  const state = ctx.store.getState();
  const input: GuardInput<T, F> = { planId, state, target, facts, now: ctx.now(), opts };
  const findings: Finding[] = [];
  if (state.readonly && def.mutates) {
    findings.push({ level: 'error', code: 'read-only', message: 'virtdeck runs read-only: actions that change the cluster are disabled' });
  }
  findings.push(...def.guards(input));
  let body: PlanBody = { steps: [], summary: [] };
  try {
    body = def.plan(input);
  } catch (e) {
    // A plan that cannot be built is itself a blocking finding (e.g. no target node left).
    if (errors(findings).length === 0) findings.push({ level: 'error', code: 'no-plan', message: errorText(e) });
  }
  return { state, findings, body };
}

/** Healthy node for reads and the what-if: the node pacemaker data came from, else any active member. */
export function healthyNode(s: VdState): string | undefined {
  const via = s.cluster.fresh.pacemaker?.via;
  if (via && isActiveMember(s, via)) return via;
  return s.nodeOrder.find((n) => isActiveMember(s, n)) ?? s.nodeOrder.find((n) => s.nodes[n]?.conn.status === 'up');
}

export async function preparePlanWith<T, F>(def: EngineDef<T, F>, target: T, ctx: ActionCtx): Promise<Plan<T>> {
  const planId = randomBytes(6).toString('hex');
  const { state, findings, body } = await evaluate(def, target, ctx, planId);
  const blocked = errors(findings).length > 0;
  const label = def.targetLabel(target);
  const plan: Plan<T> = {
    id: planId,
    actionId: def.id,
    title: def.title,
    cluster: state.cluster.name,
    target,
    targetLabel: label,
    destructive: def.destructive,
    mutates: def.mutates,
    confirmWords: def.destructive ? (def.confirmWords?.(target) ?? [label]) : [],
    findings,
    blocked,
    steps: body.steps,
    summary: body.summary,
    createdAt: ctx.now(),
  };
  const reason = def.reason?.(target);
  if (reason !== undefined) plan.reason = reason;
  if (body.report) plan.report = body.report;
  if (body.migrations) plan.migrations = body.migrations;
  if (((body.whatIf && body.whatIf.length > 0) || body.whatIfNodeFail?.length) && !blocked) {
    const node = healthyNode(state);
    plan.whatIf = node ? await runWhatIf(ctx.runner, node, body.whatIf ?? [], body.whatIfNodeFail) : { node: '', changes: [], error: 'no healthy node to simulate on' };
    const more = def.whatIfReport?.(state, target, plan.whatIf);
    if (more?.length) plan.report = [...(plan.report ?? []), ...more];
  }
  return plan;
}

const stepSignature = (steps: Plan['steps']): string =>
  JSON.stringify(steps.map((s) => (s.kind === 'cmd' ? [s.node, s.cmd.argv] : [s.node, 'wait', s.purpose])));

export async function executePlanWith<T, F>(def: EngineDef<T, F>, plan: Plan<T>, ctx: ActionCtx, eo: ExecuteOptions = {}): Promise<ExecuteResult> {
  const opts = actionOptions(ctx);
  const sleep = ctx.sleep ?? defaultSleep;
  let log: ProgressLines = NO_PROGRESS;
  const progress: ActionProgress = { id: plan.id, title: `${plan.title} ${plan.targetLabel}`, status: 'running', lines: [], startedAt: ctx.now() };
  const publish = (end?: { status: ActionProgress['status']; result: string }) =>
    ctx.store.getState().upsertAction({ ...progress, lines: [...log.lines], ...(end ? { ...end, finishedAt: ctx.now() } : {}) });
  const say = (line: string) => {
    log = appendLine(log, line);
    eo.onProgress?.(line);
    publish();
  };
  // A poll's state replaces the previous poll's lines in the store (:jobs, the dialog); the CLI
  // (onProgress) gets the lines again only when they changed.
  const live = (block: string[]) => {
    const before = log.lines.slice(log.lines.length - log.live);
    log = replaceLive(log, block);
    if (eo.onLive) eo.onLive(block);
    else if (block.join('\n') !== before.join('\n')) for (const l of block) eo.onProgress?.(l);
    publish();
  };
  const stepsDone: ExecuteResult['steps'] = [];
  const refuse = (message: string, findings?: Finding[]): ExecuteResult => ({ ok: false, status: 'refused', message, steps: [], ...(findings ? { findings } : {}) });

  if (!plan.mutates) {
    if (plan.blocked) return refuse('the plan is blocked by guard errors', errors(plan.findings));
    if (plan.steps.length === 0) return { ok: true, status: 'done', message: 'report only: nothing to execute', steps: [] };
    // Probes run without confirmation or audit: a changing command here would be a bug, never run.
    const changing = plan.steps.find((s) => s.kind !== 'cmd' || s.cmd.mutates);
    if (changing) return refuse(`a report-only plan has a step that is not a read-only command: ${changing.purpose}`);
    return runProbes(plan, ctx, say, (status, result) => publish({ status, result }), eo.signal);
  }
  if (ctx.store.getState().readonly) return refuse('read-only mode: actions are disabled');
  if (plan.blocked) return refuse('the plan is blocked by guard errors', errors(plan.findings));
  const shown = warnings(plan.findings).map((f) => f.code);
  const acked = eo.ackWarnings === true ? shown : Array.isArray(eo.ackWarnings) ? eo.ackWarnings : [];
  const missing = warnings(plan.findings).filter((f) => !acked.includes(f.code));
  if (missing.length > 0) return refuse('warnings not acknowledged', missing);

  const who = currentWho();
  const when = () => new Date(ctx.now()).toISOString();
  await ctx.audit.append({
    type: 'intent',
    planId: plan.id,
    when: when(),
    who: who.user,
    ...(who.sudoUser ? { sudoUser: who.sudoUser } : {}),
    from: who.host,
    pid: process.pid,
    cluster: plan.cluster,
    action: plan.actionId,
    target: plan.targetLabel,
    ...(plan.reason !== undefined ? { reason: plan.reason } : {}),
    plan: plan.steps.map((s) => (s.kind === 'cmd' ? { node: s.node, argv: auditArgv(s.cmd), purpose: s.purpose } : { node: s.node, wait: s.purpose })),
    acknowledgedWarnings: acked,
  });
  progress.audited = true; // :jobs shows the plan id as the audit id from here on
  const finish = async (status: ExecuteResult['status'], ok: boolean, message: string, findings?: Finding[]): Promise<ExecuteResult> => {
    say(`${status}: ${message}`);
    publish({ status: status === 'refused' ? 'aborted' : status === 'done' ? 'done' : status, result: `${status}: ${message}` });
    await ctx.audit.append({ type: 'result', planId: plan.id, when: when(), status, message });
    return { ok, status, message, steps: stepsDone, ...(findings ? { findings } : {}) };
  };

  // Re-check on fresh data: anything new since the preview aborts before step 1.
  say('re-checking guards on fresh data');
  try {
    await refreshScoped(ctx, def.reads?.(plan.target, ctx.store.getState(), 'guards'));
  } catch (e) {
    return finish('aborted', false, `refresh failed: ${errorText(e)}`);
  }
  const fresh = await evaluate(def, plan.target, ctx, plan.id);
  const drift = [...errors(fresh.findings), ...warnings(fresh.findings).filter((f) => !acked.includes(f.code))];
  if (drift.length > 0) return finish('aborted', false, `state drifted since the preview: ${drift.map((f) => f.message).join('; ')}`, drift);
  if (stepSignature(fresh.body.steps) !== stepSignature(plan.steps)) return finish('aborted', false, 'state drifted since the preview: the plan would now be different; review it again');

  let failed: string | undefined;
  for (const [i, step] of plan.steps.entries()) {
    if (failed && !(step.kind === 'cmd' && step.always)) continue;
    if (!failed && eo.signal?.aborted) {
      failed = 'cancelled by the operator';
      // Cancelled between a change and its wait: the change (crm_resource --move) may have
      // started a live migration; abort its job as a cancel during the wait would.
      if (step.kind === 'wait' && step.job) await abortJob(ctx, opts, step.job.node, step.job.vm, `  ${failed}: aborting the job (virsh domjobabort ${step.job.vm} on ${step.job.node})`, say);
    }
    if (failed && !(step.kind === 'cmd' && step.always)) continue;
    progress.step = { at: i + 1, of: plan.steps.length };
    say(`[${i + 1}/${plan.steps.length}] ${step.node}: ${step.purpose}`);
    const res = step.kind === 'cmd' ? await runCmdStep(step, ctx, opts, sleep, say, live, eo.signal) : await runWaitStep(step, ctx, opts, sleep, say, live, eo.signal);
    stepsDone.push(res.record);
    await ctx.audit.append({ type: 'step', planId: plan.id, when: when(), node: step.node, argv: step.kind === 'cmd' ? auditArgv(step.cmd) : [], purpose: step.purpose, code: res.record.code, durationMs: res.record.durationMs, ...(res.record.error ? { error: res.record.error } : {}) });
    if (!res.ok) {
      say(`  failed: ${res.record.error ?? `exit ${res.record.code}`}`);
      failed ??= `${step.purpose} on ${step.node}: ${res.record.error ?? `exit ${res.record.code}`}`;
    }
  }
  if (failed) return finish('failed', false, failed);

  if (def.verify) {
    const deadline = ctx.now() + opts.verifyTimeoutMs;
    for (;;) {
      await refreshScoped(ctx, def.reads?.(plan.target, ctx.store.getState(), 'verify')).catch(() => undefined);
      const v = def.verify(ctx.store.getState(), plan.target);
      if (v.ok) return finish('done', true, v.message);
      if (ctx.now() >= deadline) return finish('failed', false, `verification timed out: ${v.message}`);
      await sleep(opts.pollMs);
    }
  }
  return finish('done', true, 'all steps succeeded');
}

/** hh:mm:ss (UTC) of a probe's answer. */
export const probeTime = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/**
 * A plan that changes nothing but has steps (fence check's probes): run each read-only command
 * fresh and say what each answer means with its time. Nodes are probed in parallel, each node's
 * probes one after the other (one SSH channel per node; a slow fence agent delays only its own
 * node). Allowed read-only; no audit (nothing changes); a failing probe is a result, not a reason
 * to stop. The report keeps the plan's step order; progress lines come as answers arrive.
 */
async function runProbes(plan: Plan, ctx: ActionCtx, say: (l: string) => void, status: (s: 'done' | 'failed', result: string) => void, signal?: AbortSignal): Promise<ExecuteResult> {
  const n = plan.steps.length;
  const answers: { lines: ReportLine[]; step: ExecuteResult['steps'][number] }[] = [];
  const byNode = new Map<string, number[]>();
  plan.steps.forEach((s, i) => byNode.set(s.node, [...(byNode.get(s.node) ?? []), i]));
  let skipped = 0;
  say(`probing: ${n} read-only command(s) on ${byNode.size} node(s), nodes in parallel`);
  const probeOne = async (i: number): Promise<void> => {
    const step = plan.steps[i]!;
    if (step.kind !== 'cmd') return;
    const t0 = ctx.now();
    let lines: ReportLine[];
    let code: number | null = null;
    try {
      const r = await ctx.runner.run(step.node, step.cmd);
      code = r.code;
      lines = step.probe ? step.probe(r) : [{ level: r.code === 0 ? 'ok' : 'error', subject: step.node, message: `exit ${r.code}` }];
    } catch (e) {
      lines = [{ level: 'error', subject: step.node, message: `could not run on ${step.node}: ${errorText(e)}` }];
    }
    const at = ctx.now();
    answers[i] = { lines: lines.map((l) => ({ ...l, at, durationMs: at - t0 })), step: { node: step.node, argv: step.cmd.argv, purpose: step.purpose, code, durationMs: at - t0 } };
    say(`[${i + 1}/${n}] ${step.node}: ${step.purpose}`);
    for (const l of lines) say(`  ${probeTime(at)} ${l.level.toUpperCase()} ${l.subject}: ${l.message}`);
  };
  await Promise.all(
    [...byNode.values()].map(async (idx) => {
      for (const [k, i] of idx.entries()) {
        if (signal?.aborted) {
          skipped += idx.length - k;
          return;
        }
        await probeOne(i);
      }
    }),
  );
  const report: ReportLine[] = answers.flatMap((a) => (a ? a.lines : []));
  const steps = answers.flatMap((a) => (a ? [a.step] : []));
  if (skipped) {
    report.push({ level: 'warning', subject: 'probes', message: `cancelled by the operator: ${skipped} probe(s) not run` });
    say(`  cancelled by the operator: ${skipped} probe(s) not run`);
  }
  const bad = report.filter((l) => l.level === 'error' || l.level === 'warning').length;
  const message = bad ? `${bad} of ${report.length} probe result(s) need attention` : `all ${report.length} probe result(s) OK`;
  say(`${bad ? 'failed' : 'done'}: ${message}`);
  status(bad ? 'failed' : 'done', `${bad ? 'failed' : 'done'}: ${message}`);
  return { ok: bad === 0, status: bad ? 'failed' : 'done', message, steps, report };
}

type StepOutcome = { ok: boolean; record: ExecuteResult['steps'][number] };

/** One progress line from `virsh domjobinfo`; undefined when it cannot be read (progress is best effort). */
async function jobLine(ctx: ActionCtx, opts: ActionOptions, node: string, vm: string): Promise<string | undefined> {
  const info = await ctx.runner.run(node, domjobinfoCmd(opts.libvirtUri, vm)).catch(() => undefined);
  if (info?.code !== 0) return undefined;
  try {
    return formatJob(vm, parseDomjobinfo(info.stdout, node));
  } catch {
    return undefined;
  }
}

async function abortJob(ctx: ActionCtx, opts: ActionOptions, node: string, vm: string, announce: string, say: (l: string) => void): Promise<void> {
  say(announce);
  await ctx.runner.run(node, domjobabortCmd(opts.libvirtUri, vm)).catch((e) => say(`  domjobabort failed: ${errorText(e)}`));
}

async function runCmdStep(step: CmdStep, ctx: ActionCtx, opts: ActionOptions, sleep: (ms: number) => Promise<void>, say: (l: string) => void, live: (block: string[]) => void, signal?: AbortSignal): Promise<StepOutcome> {
  const t0 = ctx.now();
  const rec = (code: number | null, error?: string) => ({ node: step.node, argv: step.cmd.argv, purpose: step.purpose, code, durationMs: ctx.now() - t0, ...(error ? { error } : {}) });
  const okCodes = step.okCodes ?? [0];
  let settled = false;
  const p = ctx.runner.run(step.node, step.cmd).finally(() => {
    settled = true;
  });
  let aborted: string | undefined;
  if (step.job) {
    const deadline = t0 + step.job.timeoutMs;
    while (!settled) {
      await Promise.race([p.catch(() => undefined), sleep(opts.pollMs)]);
      if (settled) break;
      if (signal?.aborted || ctx.now() >= deadline) {
        aborted = signal?.aborted ? 'cancelled by the operator' : `timed out after ${Math.round(step.job.timeoutMs / 1000)} s`;
        await abortJob(ctx, opts, step.node, step.job.vm, `  ${aborted}: aborting the job (virsh domjobabort ${step.job.vm})`, say);
        break;
      }
      const line = await jobLine(ctx, opts, step.node, step.job.vm);
      if (line) live([`  ${line}`]);
    }
  }
  let r: RunResult;
  try {
    r = await p;
  } catch (e) {
    return { ok: false, record: rec(null, aborted ?? (errorText(e))) };
  }
  if (aborted) return { ok: false, record: rec(r.code, aborted) };
  const ok = r.code !== null && okCodes.includes(r.code);
  return { ok, record: rec(r.code, ok ? undefined : r.stderr.trim().split('\n').slice(-1)[0] || `exit ${r.code}`) };
}

async function runWaitStep(step: WaitStep, ctx: ActionCtx, opts: ActionOptions, sleep: (ms: number) => Promise<void>, say: (l: string) => void, live: (block: string[]) => void, signal?: AbortSignal): Promise<StepOutcome> {
  const t0 = ctx.now();
  const rec = (ok: boolean, error?: string) => ({ node: step.node, purpose: step.purpose, code: ok ? 0 : 1, durationMs: ctx.now() - t0, ...(error ? { error } : {}) });
  const deadline = t0 + step.timeoutMs;
  for (;;) {
    await refreshScoped(ctx, step.reads).catch((e) => say(`  refresh failed: ${String(e)}`));
    const s = ctx.store.getState();
    if (step.until(s)) {
      live([]); // nothing left to wait for: the last poll's lines would only be stale
      return { ok: true, record: rec(true) };
    }
    const lines = step.progress?.(s) ?? [];
    if (step.job) {
      const line = await jobLine(ctx, opts, step.job.node, step.job.vm);
      if (line) lines.push(line);
    }
    live(lines.map((l) => `  ${l}`));
    if (signal?.aborted || ctx.now() >= deadline) {
      const why = signal?.aborted ? 'cancelled by the operator' : `timed out after ${Math.round(step.timeoutMs / 1000)} s`;
      if (step.job) await abortJob(ctx, opts, step.job.node, step.job.vm, `  ${why}: aborting the job (virsh domjobabort ${step.job.vm} on ${step.job.node})`, say);
      return { ok: false, record: rec(false, why) };
    }
    await sleep(opts.pollMs);
  }
}
