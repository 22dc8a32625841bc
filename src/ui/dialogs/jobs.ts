// The dialogs of confirmed actions, kept by the UI so Esc only hides one: :jobs re-opens it
// (Enter on its row) with its plan and live progress. The jobs list itself is store.actions; this
// holds only what the store cannot (the plan view and its closures), for the jobs still listed.
import type { DialogState } from './plan.js';

/** The store.actions ids a dialog's progress goes to (one per target plan). */
export const dialogJobIds = (d: DialogState): string[] => d.plan?.progressIds ?? (d.plan?.progressId ? [d.plan.progressId] : []);

export class JobDialogs {
  private byId = new Map<string, DialogState>();

  /** Keeps (or refreshes) a confirmed dialog under its job ids; forgets jobs no longer listed. */
  remember(d: DialogState, listed: readonly string[]): void {
    for (const id of dialogJobIds(d)) this.byId.set(id, d);
    const keep = new Set(listed);
    // A running dialog's later targets are not in the store yet: kept until it finishes.
    for (const [id, kept] of [...this.byId]) if (!keep.has(id) && kept.phase !== 'running' && kept.request !== d.request) this.byId.delete(id);
  }

  /** A running action finished: its kept dialog shows the result when re-opened. */
  update(request: DialogState['request'], f: (d: DialogState) => DialogState): void {
    for (const [id, d] of this.byId) if (d.request === request) this.byId.set(id, f(d));
  }

  get(id: string): DialogState | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return new Set(this.byId.values()).size;
  }
}

/** A dialog worth keeping on Esc: its action was confirmed (running or finished with a plan). */
export const isJobDialog = (d: DialogState): boolean => !!d.plan && (d.phase === 'running' || d.phase === 'done' || d.phase === 'failed');
