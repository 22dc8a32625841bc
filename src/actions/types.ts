// Shapes shared by the engine, the actions, the CLI and the TUI. A Plan is the one object that
// is previewed, confirmed and executed (gitui style): nothing is rebuilt between confirm and run.
import type { Cmd } from '../ssh/cmd.js';
import type { Runner } from '../ssh/runner.js';
import type { ActionProgress, SourceId, VdState } from '../store/types.js';
import type { AuditLog } from './audit.js';
import type { ActionValues, CliGrammar, RawValues } from './grammar.js';

export type FindingLevel = 'error' | 'warning';

export interface Finding {
  level: FindingLevel;
  /** Stable code (tests and acknowledgements refer to it), e.g. "no-quorum". */
  code: string;
  message: string;
  node?: string;
}

/** A command on one node. */
export interface CmdStep {
  kind: 'cmd';
  node: string;
  cmd: Cmd;
  purpose: string;
  /** Run even after an earlier step failed (cleanup such as crm_resource --clear, rm of a temp file). */
  always?: boolean;
  /** Exit codes that count as success (default [0]); 127 = "tool not installed" for optional checks. */
  okCodes?: number[];
  /** Long-running libvirt job: poll `virsh domjobinfo` for progress, `virsh domjobabort` on timeout. */
  job?: { vm: string; timeoutMs: number };
  /** A read-only probe (fence check): what its answer means, one line per subject. Run by the
   *  engine for plans that change nothing; the lines are the result, not a pass/fail of the step. */
  probe?: (r: { code: number | null; stdout: string; stderr: string }) => ReportLine[];
}

/** Sources to collect again before reading the store: cluster-wide sources (pacemaker, stonith)
 *  ignore `nodes`; without `nodes` a per-node source is collected on every node. */
export interface RefreshScope {
  sources: SourceId[];
  nodes?: string[];
}

/** Wait until the store shows a state (refreshing between polls); optional job to watch/abort. */
export interface WaitStep {
  kind: 'wait';
  node: string;
  purpose: string;
  timeoutMs: number;
  until: (s: VdState) => boolean;
  /** What `until` and `progress` read: only these are collected between polls (when the context
   *  can refresh sources); absent = a full collection round (ctx.refresh). */
  reads?: RefreshScope[];
  /** Progress lines while waiting (e.g. resources still draining). */
  progress?: (s: VdState) => string[];
  job?: { vm: string; node: string };
}

export type PlanStep = CmdStep | WaitStep;

export interface WhatIfChange {
  resource: string;
  /** Start, Stop, Move, Migrate, Restart, Recover, Promote, Demote… as crm_simulate prints it */
  action: string;
  from?: string;
  to?: string;
  /** Trailing text such as "due to node availability" */
  note?: string;
}

export interface WhatIf {
  node: string;
  changes: WhatIfChange[];
  /** Set when the what-if itself could not run; the plan is still shown. */
  error?: string;
}

export interface ReportLine {
  level: 'ok' | 'info' | 'warning' | 'error';
  subject: string;
  message: string;
  /** A probe's answer: when it came (ms since epoch) and how long the command took. */
  at?: number;
  durationMs?: number;
}

export interface Plan<T = unknown> {
  /** Random id linking audit records of one execution. */
  id: string;
  actionId: string;
  title: string;
  cluster: string;
  target: T;
  /** Human label of the target ("node1", "web1 → node2"). */
  targetLabel: string;
  destructive: boolean;
  /** false for report-only actions (fence check, cluster validate): no steps, allowed read-only. */
  mutates: boolean;
  /** What the operator must type to confirm a destructive action (TUI), in order. */
  confirmWords: string[];
  findings: Finding[];
  /** Any error finding: the plan cannot be executed. */
  blocked: boolean;
  steps: PlanStep[];
  /** One line per notable fact of the plan (targets chosen, reversibility…). */
  summary: string[];
  whatIf?: WhatIf;
  report?: ReportLine[];
  /** cluster balance: proposed migrations, each executed through the vm.migrate path. */
  migrations?: ProposedMigration[];
  /** Free text the operator gave (fence node --reason). Goes to the audit log. */
  reason?: string;
  createdAt: number;
}

/** The part of the store the actions need (zustand's StoreApi<VdStoreState> satisfies it). */
export interface ActionStore {
  getState(): VdState & { upsertAction(p: ActionProgress): void };
}

export interface ActionOptions {
  /** libvirt URI used on each node for local virsh commands. */
  libvirtUri: string;
  /** vCPU : pCPU limit for capacity guards. */
  vcpuOvercommit: number;
  /** Timeouts (ms). */
  migrateTimeoutMs: number;
  verifyTimeoutMs: number;
  /** Poll interval while waiting (ms). */
  pollMs: number;
}

export const DEFAULT_ACTION_OPTIONS: ActionOptions = {
  libvirtUri: 'qemu:///system',
  vcpuOvercommit: 4,
  migrateTimeoutMs: 10 * 60_000,
  verifyTimeoutMs: 5 * 60_000,
  pollMs: 2_000,
};

export interface ActionCtx {
  store: ActionStore;
  runner: Runner;
  /** One fresh collection round; resolves when the store holds the new data. The fallback
   *  whenever a narrower refresh is not known or not available. */
  refresh: () => Promise<void>;
  /** Collects only these sources once (on `nodes`; cluster-wide ones ignore it) and resolves
   *  when the store holds data collected after the call (CollectorsHandle.refreshSources). */
  refreshSources?: (sources: readonly SourceId[], nodes?: readonly string[]) => Promise<void>;
  audit: AuditLog;
  now: () => number;
  options?: Partial<ActionOptions>;
  /** Injected in tests to make waits instant. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GuardInput<T, F> {
  /** Plan id (stable between preview and the re-check before execution; used for temp names). */
  planId: string;
  state: VdState;
  target: T;
  facts: F;
  now: number;
  opts: ActionOptions;
}

export interface PlanBody {
  steps: PlanStep[];
  summary: string[];
  /** Pacemaker change to simulate (same builder as the real step). */
  whatIf?: Cmd[];
  /** Nodes the what-if fails (`crm_simulate --node-fail`), with or without `whatIf` changes. */
  whatIfNodeFail?: string[];
  report?: ReportLine[];
  migrations?: ProposedMigration[];
}

export interface ProposedMigration {
  vm: string;
  from: string;
  to: string;
}

export interface VerifyResult {
  ok: boolean;
  message: string;
}

/** Wrong input. `field`: the grammar value it is about (the TUI's form puts the message there). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What the engine runs: guards → plan (+ what-if) → execute → verify, for one typed target. */
export interface EngineDef<T = unknown, F = unknown> {
  id: string;
  title: string;
  destructive: boolean;
  mutates: boolean;
  targetLabel(t: T): string;
  confirmWords?(t: T): string[];
  reason?(t: T): string | undefined;
  /** Read-only commands that collect what the store does not hold (domain XML, constraints). */
  gather?(t: T, ctx: ActionCtx, opts: ActionOptions): Promise<F>;
  guards(input: GuardInput<T, F>): Finding[];
  plan(input: GuardInput<T, F>): PlanBody;
  verify?(state: VdState, t: T): VerifyResult;
  /** Report lines that read the what-if's answer (fence node: where each resource it kills goes). */
  whatIfReport?(state: VdState, t: T, w: WhatIf): ReportLine[];
  /**
   * What the guards ('guards': the re-check before step 1, which must see fresh data of
   * everything the guards read or check the freshness of) or verify ('verify') read from the
   * store, given the state before the refresh. Absent = a full collection round.
   */
  reads?(t: T, s: VdState, phase: 'guards' | 'verify'): RefreshScope[] | undefined;
}

/** Views whose rows an action key acts on (a subset of the keymap's scopes). */
export type UiScope = 'global' | 'nodes' | 'vms' | 'resources' | 'fence';

/** One key of an action in the keymap. `id`: the keymap id when it is not the action's id (a
 *  second key in another view). */
export interface KeyBinding<B extends string = string> {
  id?: B;
  scope: UiScope;
  key: string;
  desc: string;
  /** Short footer label (others only in `?`). */
  hint?: string;
}

/** A selected row, as the UI resolved it: the thing's name and, for VM and resource rows, its node. */
export interface SelectedRow {
  name: string;
  node?: string;
}

/** How the TUI offers an action: its keys, what selection it takes, a destination picker or a form. */
export interface UiSpec<B extends string = string> {
  bindings: readonly [KeyBinding<B>, ...KeyBinding<B>[]];
  /** 'none': cluster-wide (one plan); 'rows': each selected or marked row; 'one': exactly one row. */
  takes: 'none' | 'rows' | 'one';
  /** Refusal when several rows are marked for a 'one' action ("fencing takes exactly one node"). */
  oneReason?: string;
  /** Removed in read-only sessions (default: the action mutates). */
  dangerous?: boolean;
  /** The operator picks a node first; it fills grammar value `value`. `here`: what the selected
   *  rows are (their current nodes are not offered). */
  pick?: { value: string; here: 'vm' | 'resource' };
  /** A form collects the values (fields named after the grammar's values). */
  form?: boolean;
  /** Raw values for one selected row (cluster-wide: row undefined). Default: the grammar's first
   *  argument gets the row's name. */
  values?(row: SelectedRow | undefined, s: VdState): RawValues;
}

/** An action: its engine behaviour, its CLI grammar, its TUI binding and its help, in one place.
 *  Built by defineAction (registry.ts), which derives id, usage and parseTarget. */
export interface ActionDef<T = unknown, F = unknown> extends EngineDef<T, F> {
  /** One sentence for `--help`. */
  summary: string;
  cli: CliGrammar;
  ui: UiSpec;
  /** `node standby NODE` (derived from cli). */
  usage: string;
  /** Checked values → the typed target (cross-value rules here); UsageError names its field. */
  target(v: ActionValues): T;
  /** argv after `GROUP VERB` → target (derived: the grammar's parser, then target). */
  parseTarget(args: readonly string[]): T;
  /** The plan only proposes migrations; executing it runs each as its own vm.migrate plan
   *  (executeBalance). The CLI takes --yes for it, the TUI confirms the whole proposal. */
  proposes?: boolean;
  /** Sources the TUI collects again before planning (fence node: the quorum arithmetic must not
   *  use corosync data up to 10 s old; the engine's re-check would abort, but late). */
  planFresh?: readonly SourceId[];
  /** Every sudo command shape the plan may run, built with placeholder names (sudoers turns them
   *  into patterns); absent when it runs none. */
  sudo?(names: SudoNames): Cmd[];
}

/** Placeholder values the sudoers generator recognises in a command's arguments. */
export interface SudoNames {
  node: string;
  resource: string;
  /** A VirtualDomain primitive's XML (vm create). */
  primitiveXml: string;
}

export interface ExecuteOptions {
  onProgress?: (line: string) => void;
  /** A poll's lines, replacing the previous poll's (progress-lines.ts); given, such lines skip onProgress. */
  onLive?: (block: string[]) => void;
  /** Codes of the warnings the operator acknowledged. `true` = all shown warnings. */
  ackWarnings?: boolean | string[];
  signal?: AbortSignal;
}

export interface ExecuteResult {
  ok: boolean;
  status: 'done' | 'failed' | 'aborted' | 'refused';
  message: string;
  findings?: Finding[];
  steps: { node: string; argv?: readonly string[]; purpose: string; code: number | null; durationMs: number; error?: string }[];
  /** Probe answers of a plan that changes nothing (fence check), in step order. */
  report?: ReportLine[];
}
