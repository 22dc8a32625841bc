// The hook between the TUI and src/actions. The TUI asks `planAction(request)` for a plan view,
// shows it, and calls `onConfirm(ackWarnings)` only after the operator confirmed (typed the
// target name for destructive plans). Progress comes from store.actions (ActionProgress).
import type { ActionKind } from '../../actions/registry.js';
import type { FormState } from './form.js';
export interface PlanFinding {
  level: 'error' | 'warning';
  message: string;
}

export interface PlanStep {
  node: string;
  display: string;
}

export interface ActionPlanView {
  title: string;
  target: string;
  findings: PlanFinding[];
  steps: PlanStep[];
  whatIf?: string[];
  destructive: boolean;
  /** Runs the SAME plan that was shown. Rejects with a message on failure. */
  onConfirm(ackWarnings: boolean): Promise<void>;
  /** ActionProgress.id in store.actions to follow while running (else: the newest action). */
  progressId?: string;
  /** Every store.actions id this view's plans report to (several targets: one each); :jobs. */
  progressIds?: string[];
  /** Report lines of report-only actions (fence check, cluster validate). */
  report?: { level: 'ok' | 'info' | 'warning' | 'error'; text: string }[];
  /** Notes about the plan (what it will do, how to undo it). */
  notes?: string[];
  /** cluster balance: the proposed migrations, each run as its own vm.migrate plan on confirm. */
  migrations?: { vm: string; from: string; to: string }[];
  /** Set when confirming would do nothing (a balance proposal without moves): says why. */
  nothingToRun?: string;
}

/** planAction rejects with this when the request's input is wrong (the grammar's or the target
 *  builder's usage error): nothing was read or run, and a form dialog goes back to its form with
 *  the message under `field` (a grammar value name = the form field id). */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The registered actions' ids (src/actions/registry.ts). */
export type { ActionKind } from '../../actions/registry.js';

export interface ActionRequest {
  kind: ActionKind;
  /** The selected rows' names: nodes, VMs, resources; [] for cluster-wide actions and vm create. */
  targets: string[];
  /** VM and resource rows: the node each row stands for (same order as targets). */
  nodes?: string[];
  /** The node the operator picked (vm.migrate, resource.move). */
  destination?: string;
  /** A form's text by field id (= the grammar's value names: name, profile, reason, …). */
  values?: Readonly<Record<string, string>>;
}

export type PlanActionFn = (req: ActionRequest) => Promise<ActionPlanView>;

export type DialogPhase = 'form' | 'picking' | 'planning' | 'review' | 'running' | 'done' | 'failed';

/** A destination the operator may pick (vm.migrate). */
export interface PickChoice {
  node: string;
  /** e.g. "62.1 GiB free, 3 VMs" */
  detail: string;
}

export interface DialogState {
  request: ActionRequest;
  phase: DialogPhase;
  plan?: ActionPlanView;
  typed: string;
  ackWarnings: boolean;
  error?: string;
  /** Destination picker (phase 'picking'). */
  pick?: { choices: PickChoice[]; index: number };
  /** Input form (phase 'form'; kept through planning so the operator can go back and edit). */
  form?: FormState;
  /** First plan line shown while reviewing (a long plan scrolls: ↑/↓, PgUp/PgDn). */
  scroll?: number;
}

/** Whether Enter may run the plan, and if not, why (shown in the dialog). */
export function confirmBlocker(d: DialogState): string | undefined {
  if (d.phase === 'picking') return d.pick?.choices.length ? undefined : 'no destination to pick';
  if (d.phase !== 'review' || !d.plan) return d.phase === 'planning' ? 'planning…' : 'not ready';
  const p = d.plan;
  const errors = p.findings.filter((f) => f.level === 'error');
  if (errors.length) return `blocked by ${errors.length} error(s)`;
  if (p.nothingToRun) return p.nothingToRun;
  if (p.findings.some((f) => f.level === 'warning') && !d.ackWarnings) return 'press Tab to acknowledge the warnings';
  if (p.destructive && d.typed !== p.target) return `type "${p.target}" to confirm`;
  return undefined;
}
