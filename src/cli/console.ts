// The console's side of the CLI: what a session hands the TUI (store, runner, action planner),
// and switching cluster contexts inside the same TUI process (`:ctx`): the new context is opened
// first, shown, and only then is the old session closed, so a context that cannot be reached
// leaves the operator where they were.
import { AuditLog, defaultAuditPath, findAction, type ActionCtx } from '../actions/index.js';
import { resolveTarget, type ResolvedTarget } from '../config/load.js';
import type { VirtdeckConfig } from '../config/schema.js';
import type { TuiSession } from '../ui/session-root.js';
import type { PlanActionFn } from '../ui/dialogs/plan.js';
import type { SessionKind } from '../ui/components/Header.js';
import { makePlanAction } from './action-bridge.js';
import { reportUnfinished } from '../actions/unfinished.js';
import type { Session } from './session.js';
import { ACTIONS_NEED_LIVE_SSH, NO_SSH } from '../prometheus/no-ssh.js';

/** The actions' context for a session: its store and runner, the collectors' targeted refresh
 *  (only the sources a guard, wait or verify reads) with a full round as the fallback, and the
 *  audit log configured for the cluster. */
export function sessionActionCtx(s: Session, opts: { auditFile?: string; now?: () => number } = {}): ActionCtx {
  const ctx: ActionCtx = {
    store: s.store,
    runner: s.runner,
    refresh: () => s.collectors.collectOnce(),
    refreshSources: (sources, nodes) => s.collectors.refreshSources(sources, nodes),
    audit: new AuditLog(opts.auditFile ?? s.target.cluster.audit?.file ?? defaultAuditPath()),
    now: opts.now ?? Date.now,
  };
  if (s.target.cluster.libvirtUri) ctx.options = { libvirtUri: s.target.cluster.libvirtUri };
  if (s.target.cluster.snapshotDepthWarn !== undefined) ctx.options = { ...ctx.options, snapshotDepthWarn: s.target.cluster.snapshotDepthWarn };
  return ctx;
}

/**
 * A session's start: audited actions of this cluster that a killed virtdeck left without a result
 * become alerts and timeline entries (saved outputs have no audit log of their own).
 */
export async function reportUnfinishedAtStart(s: Session, auditFile?: string): Promise<void> {
  if (s.target.kind === 'from') return;
  const audit = new AuditLog(auditFile ?? s.target.cluster.audit?.file ?? defaultAuditPath());
  try {
    await reportUnfinished(s.store, audit, { named: !(s.target.kind === 'cluster' && s.target.unnamed) });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    s.store.getState().pushTimeline({ time: Date.now(), source: 'action', kind: 'audit-unreadable', severity: 'warning', subject: audit.path, message: `could not check the audit log for interrupted actions: ${why}` });
  }
}

/** A planner that refuses every action that changes the cluster (read-only sessions). */
export const reportOnly =
  (plan: PlanActionFn): PlanActionFn =>
  async (req) => {
    if (findAction(req.kind).mutates) throw new Error(`${req.kind}: this session is read-only`);
    return plan(req);
  };

/** The header's banner for a target: PRODUCTION only when the cluster config says so. */
export function sessionKind(t: ResolvedTarget): SessionKind {
  if (t.kind === 'demo') return 'demo';
  if (t.kind === 'from') return 'saved';
  return t.cluster.production === true ? 'production' : 'cluster';
}

/** What the TUI gets for a session. Read-only live sessions get a planner for the actions that
 *  change nothing (fence check's probes) and refuse the rest; saved data gets none (nothing to probe). */
export function tuiSession(s: Session, contexts: readonly string[], opts: { ctx?: ActionCtx } = {}): TuiSession {
  const t: TuiSession = { store: s.store, runner: s.detailRunner ?? s.runner, readonly: s.readonly, kind: sessionKind(s.target), contexts: [...contexts] };
  if (!s.readonly) t.planAction = makePlanAction(opts.ctx ?? sessionActionCtx(s), { production: t.kind === 'production' });
  else if (t.kind !== 'saved') t.planAction = reportOnly(makePlanAction(opts.ctx ?? sessionActionCtx(s)));
  if (s.sshUser) t.sshUser = s.sshUser;
  if (s.target.cluster.libvirtUri) t.libvirtUri = s.target.cluster.libvirtUri;
  if (s.source === 'prometheus') t.readonlyWhy = s.target.cluster.nodes.length ? ACTIONS_NEED_LIVE_SSH : NO_SSH;
  return t;
}

export interface ConsoleSessionsOptions {
  config: VirtdeckConfig;
  /** --readonly from the command line applies to every context. */
  readonly?: boolean;
  /** Opens a live session for a target (openSession in production; tests inject). */
  open: (target: ResolvedTarget) => Promise<Session>;
  /** Called after a switch with the old and the new session (e.g. to stop a recording). */
  onSwitch?: (from: Session, to: Session) => void | Promise<void>;
}

/** The console's current session and the `:ctx` switch. */
export class ConsoleSessions {
  private cur: Session;
  private switching = false;
  private readonly all = new Set<Session>();

  constructor(
    first: Session,
    private readonly o: ConsoleSessionsOptions,
  ) {
    this.cur = first;
    this.all.add(first);
  }

  get current(): Session {
    return this.cur;
  }

  /** Context names offered in `:ctx` (every configured cluster). */
  contexts(): string[] {
    return Object.keys(this.o.config.clusters);
  }

  initial(): TuiSession {
    void reportUnfinishedAtStart(this.cur);
    return tuiSession(this.cur, this.contexts());
  }

  /** Opens `name`, makes it current and closes the previous session. Rejects without changing anything on failure. */
  switchTo(name: string): Promise<TuiSession> {
    return this.switchToTarget(() => resolveTarget({ context: name, ...(this.o.readonly ? { readonly: true } : {}) }, this.o.config));
  }

  /** The same for any target (a :fleet cluster read from Prometheus). */
  async switchToTarget(resolve: () => ResolvedTarget): Promise<TuiSession> {
    if (this.switching) throw new Error('a context switch is already in progress');
    if (this.cur.store.getState().actions.some((a) => a.status === 'running')) throw new Error('an action is still running; wait for it before switching');
    this.switching = true;
    try {
      const target = resolve();
      const next = await this.o.open(target);
      this.all.add(next);
      const prev = this.cur;
      this.cur = next;
      await this.o.onSwitch?.(prev, next);
      this.all.delete(prev);
      await prev.close();
      void reportUnfinishedAtStart(next);
      return tuiSession(next, this.contexts());
    } finally {
      this.switching = false;
    }
  }

  /** Closes every session this object opened or was given. */
  async close(): Promise<void> {
    await Promise.all([...this.all].map((s) => s.close()));
    this.all.clear();
  }
}
