// The action dialog between opening and closing: destination pick, form, plan review (scroll,
// warnings, the typed confirmation), running, done / failed. Pure: (dialog, event) → dialog.
// Opening an action and planning it belong to the action code (openAction, startPlanning);
// this module only moves an open dialog along.
import { confirmBlocker, type ActionRequest, type DialogState } from '../dialogs/plan.js';
import { backspace, cycleChoice, moveFocus, typeChar } from '../dialogs/form.js';

export type DialogEvent =
  /** ↑/↓: the destination while picking, else scroll the plan one line. */
  | { type: 'move'; delta: 1 | -1; maxScroll: number }
  | { type: 'scroll'; by: number; maxScroll: number }
  | { type: 'ack' }
  /** ←: back to the form; the shown plan is dropped (never run). */
  | { type: 'edit' }
  /** Unbound keys: typed into the form's field, or into the confirmation of a destructive plan. */
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  | { type: 'field'; delta: 1 | -1 }
  | { type: 'choice'; delta: 1 | -1 }
  | { type: 'running' }
  /** The confirmed plan finished (error: it failed). */
  | { type: 'settled'; error?: string };

const scrollTo = (d: DialogState, to: number, max: number): DialogState => ({ ...d, scroll: Math.max(0, Math.min(max, to)) });

export function dialog(d: DialogState, e: DialogEvent): DialogState {
  switch (e.type) {
    case 'move':
      return d.phase === 'picking' && d.pick
        ? { ...d, pick: { ...d.pick, index: Math.max(0, Math.min(d.pick.choices.length - 1, d.pick.index + e.delta)) } }
        : scrollTo(d, (d.scroll ?? 0) + e.delta, e.maxScroll);
    case 'scroll':
      return scrollTo(d, (d.scroll ?? 0) + e.by, e.maxScroll);
    case 'ack':
      return d.phase === 'review' ? { ...d, ackWarnings: !d.ackWarnings } : d;
    case 'edit': {
      if (!d.form || !(d.phase === 'review' || (d.phase === 'failed' && !d.plan))) return d;
      const { plan: _p, error: _e, ...rest } = d;
      return { ...rest, phase: 'form', typed: '', ackWarnings: false };
    }
    case 'type':
    case 'backspace':
      if (d.phase === 'form' && d.form) return { ...d, form: e.type === 'type' ? typeChar(d.form, e.text) : backspace(d.form) };
      if (d.phase === 'review' && d.plan?.destructive) return { ...d, typed: e.type === 'type' ? d.typed + e.text : d.typed.slice(0, -1) };
      return d;
    case 'field':
      return d.phase === 'form' && d.form ? { ...d, form: moveFocus(d.form, e.delta) } : d;
    case 'choice':
      return d.phase === 'form' && d.form ? { ...d, form: cycleChoice(d.form, e.delta) } : d;
    case 'running':
      return { ...d, phase: 'running' };
    case 'settled':
      return e.error === undefined ? { ...d, phase: 'done' } : { ...d, phase: 'failed', error: e.error };
  }
}

/** What Enter does in the dialog: plan for the picked destination, run the reviewed plan, or
 *  nothing yet (the dialog shows why: confirmBlocker). */
export type Confirmed = { kind: 'plan'; request: ActionRequest; keep: Pick<DialogState, 'pick'> } | { kind: 'run' } | { kind: 'wait' };

export function confirmed(d: DialogState): Confirmed {
  if (d.phase === 'picking') {
    const choice = d.pick?.choices[d.pick.index];
    return choice ? { kind: 'plan', request: { ...d.request, destination: choice.node }, keep: d.pick ? { pick: d.pick } : {} } : { kind: 'wait' };
  }
  return confirmBlocker(d) || !d.plan ? { kind: 'wait' } : { kind: 'run' };
}
