// `virtdeck node|vm|fence|cluster|resource …` and `virtdeck sudoers`: the CLI face of the action
// registry (groups, verbs and usage lines come from the registered grammars).
// Without --yes a mutating action only prints its plan (exit 0); guard errors exit 1.
import { executeBalance } from './balance/def.js';
import { errorText } from './error-text.js';
import { formatPlan, formatReport } from './format.js';
import { executePlan, findAction, preparePlan } from './index.js';
import type { ActionHelp } from '../cli/help.js';
import { optionLabel } from './grammar.js';
import { actionGroups, actions } from './registry.js';
import { renderSudoers, type SudoRole } from './sudoers.js';
import { UsageError, type ActionCtx, type ActionDef } from './types.js';

const SUDOERS_USAGE = 'virtdeck sudoers [--role readonly|operator] [--user USER|%GROUP]';

export interface ActionCliCtx extends ActionCtx {
  /** stdout / stderr writers (default: process streams). */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const GROUPS: ReadonlyMap<string, string[]> = actionGroups();

/** The engine options an action's usage shows: a plan to execute takes --yes; one that changes
 *  the cluster step by step also --ack-warnings (guard warnings). */
export const runOptions = (d: ActionDef): string => (d.mutates ? ' [--yes] [--ack-warnings]' : d.proposes ? ' [--yes]' : '');

/** Usage lines, one per action, merged where a group's actions take the same words
 *  (`virtdeck node standby|online|evacuate NODE …`). */
export const ACTION_USAGE: readonly string[] = [
  ...mergeVerbs(actions.map((d) => ({ group: d.cli.group, verb: d.cli.verb, rest: `${d.usage.slice(`${d.cli.group} ${d.cli.verb}`.length)}${runOptions(d)}` }))),
  SUDOERS_USAGE,
];

/** Per-verb help for `virtdeck GROUP VERB --help` (src/cli/help.ts renders it). */
export const ACTION_HELP: ActionHelp = {
  usage: ACTION_USAGE,
  verbs: actions.map((d) => ({
    group: d.cli.group,
    verb: d.cli.verb,
    usage: `virtdeck ${d.usage}${runOptions(d)}`,
    summary: d.summary,
    args: d.cli.args.filter((a) => a.help).map((a) => [a.meta, a.help!] as const),
    options: (d.cli.options ?? []).map((o) => [optionLabel(o), o.help] as const),
  })),
};

function mergeVerbs(lines: { group: string; verb: string; rest: string }[]): string[] {
  const merged = new Map<string, string[]>();
  for (const l of lines) merged.set(`${l.group}\0${l.rest}`, [...(merged.get(`${l.group}\0${l.rest}`) ?? []), l.verb]);
  return [...merged].map(([key, verbs]) => {
    const [group, rest] = key.split('\0');
    return `virtdeck ${group} ${verbs.join('|')}${rest}`;
  });
}

/** True for the subcommands this module handles. */
export const isActionCommand = (argv: readonly string[]): boolean => argv[0] === 'sudoers' || (!!argv[0] && !!GROUPS.get(argv[0])?.includes(argv[1] ?? ''));
/** sudoers needs no cluster connection (ctx may be a stub). */
export const needsCluster = (argv: readonly string[]): boolean => argv[0] !== 'sudoers';

export async function runActionCommand(argv: string[], ctx: ActionCliCtx): Promise<number> {
  const out = ctx.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = ctx.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  try {
    if (argv[0] === 'sudoers') return sudoers(argv.slice(1), out);
    const [group, verb, ...rest] = argv;
    if (!group || !GROUPS.get(group)?.includes(verb ?? '')) throw new UsageError(unknownAction(group, verb));
    const yes = rest.includes('--yes');
    const ack = rest.includes('--ack-warnings');
    const args = rest.filter((a) => a !== '--yes' && a !== '--ack-warnings');
    const def = findAction(`${group}.${verb}`);
    const target = def.parseTarget(args);
    const plan = await preparePlan(def.id, target, ctx);
    formatPlan(plan).forEach((l) => out(l));
    if (plan.report) formatReport(plan.report).forEach((l) => out(l));
    if (plan.blocked) {
      err(`refused: ${plan.findings.filter((f) => f.level === 'error').length} guard error(s)`);
      return 1;
    }
    if (def.proposes) {
      if (!yes || !plan.migrations?.length) {
        if (plan.migrations?.length) out('Dry run: re-run with --yes to execute these migrations one by one (each through vm migrate).');
        return 0;
      }
      const progress = resultOnce(out);
      const results = await executeBalance(plan, ctx, { ackWarnings: ack, onProgress: progress.say, onPlan: (p) => formatPlan(p).forEach(progress.say) });
      const bad = results.find((r) => !r.ok);
      progress.end(bad ? `${bad.status}: ${bad.message}` : '');
      if (bad) err(`${bad.status}: ${bad.message}`);
      return bad || results.length < plan.migrations.length ? 1 : 0;
    }
    if (!plan.mutates) {
      const collected = (plan.report ?? []).some((l) => l.level === 'error' || (def.id === 'fence.check' && l.level === 'warning'));
      if (plan.steps.length === 0) return collected ? 1 : 0;
      // Read-only probes (fence check): run now, no --yes; each answer is said with its time.
      out('Probes (run now, read-only; times UTC):');
      const res = await executePlan(plan, ctx, { onProgress: out });
      if (res.status === 'refused') err(`refused: ${res.message}`);
      return collected || !res.ok ? 1 : 0;
    }
    if (!yes) {
      out(`Dry run: nothing changed. Re-run with --yes to execute${plan.findings.some((f) => f.level === 'warning') ? ' (and --ack-warnings to accept the warnings)' : ''}.`);
      return 0;
    }
    const warnings = plan.findings.filter((f) => f.level === 'warning');
    if (warnings.length && !ack) {
      err(`refused: ${warnings.length} warning(s) need --ack-warnings`);
      return 1;
    }
    // The engine says the result as its last progress line; it is held back and said once, on
    // stdout when it succeeded and on stderr when it did not.
    const progress = resultOnce(out);
    const res = await executePlan(plan, ctx, { ackWarnings: ack, onProgress: progress.say });
    progress.end(`${res.status}: ${res.message}`);
    (res.ok ? out : err)(`${res.status}: ${res.message}`);
    for (const f of res.findings ?? []) err(`  ${f.level.toUpperCase()} [${f.code}] ${f.message}`);
    return res.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    err(`error: ${errorText(e)}`);
    return 1;
  }
}

/** A group without (or with an unknown) action: that group's actions and their usage lines. */
export function unknownAction(group: string | undefined, verb: string | undefined): string {
  const verbs = group ? GROUPS.get(group) : undefined;
  if (!group || !verbs) return `unknown action command: ${[group, verb].filter(Boolean).join(' ') || '(none)'}\nusage:\n  ${ACTION_USAGE.join('\n  ')}`;
  const head = verb === undefined ? `${group}: which action? one of ${verbs.join(', ')}` : `unknown action command: ${group} ${verb} (${group} actions: ${verbs.join(', ')})`;
  return `${head}\nusage:\n  ${groupUsage(group).join('\n  ')}`;
}

/** ACTION_USAGE lines of one command group (`vm` → the vm lines). */
export const groupUsage = (group: string): string[] => ACTION_USAGE.filter((l) => l.startsWith(`virtdeck ${group} `));

/** Progress writer that holds back a result line ("done: …") until the next line shows it was
 *  not the last; end(result) drops it when it is the result said separately. */
function resultOnce(out: (l: string) => void): { say: (l: string) => void; end: (result: string) => void } {
  let held: string | undefined;
  const RESULT = /^(done|failed|aborted|refused): /;
  return {
    say(l) {
      if (held !== undefined) out(held);
      held = RESULT.test(l) ? l : undefined;
      if (held === undefined) out(l);
    },
    end(result) {
      if (held !== undefined && held !== result) out(held);
      held = undefined;
    },
  };
}

function sudoers(args: string[], out: (l: string) => void): number {
  let role: SudoRole = 'operator';
  let user = process.env.SUDO_USER || process.env.USER || 'virtdeck';
  for (let i = 0; i < args.length; i++) {
    const v = args[i + 1];
    if (args[i] === '--role' && (v === 'readonly' || v === 'operator')) role = v;
    else if (args[i] === '--user' && v) user = v;
    else throw new UsageError(`usage: ${SUDOERS_USAGE}`);
    i++;
  }
  out(renderSudoers({ role, user }).trimEnd());
  return 0;
}
