// What an action key opens, decided from the action's declaration (its UI binding) and the
// selection: a message (nothing to act on), a dialog (a form, a destination picker) or a request
// to plan right away. Pure: screen.tsx (or the UI reducer) applies the result.
import { findAction, type ActionBindingId, type ActionKind, type FormKind } from '../../actions/registry.js';
import type { VdState } from '../../store/types.js';
import { ACTION_OF_KEY, type ViewId } from '../keymap.js';
import { createForm, fenceForm, type FormState } from './form.js';
import { migrateDestinations, resourceNodes } from './pick.js';
import type { ActionRequest, DialogState } from './plan.js';
import { fenceRowNode } from './targets.js';

export type Opening = { kind: 'message'; text: string } | { kind: 'dialog'; d: DialogState } | { kind: 'plan'; request: ActionRequest };

export interface Selection {
  view: ViewId;
  /** The marked rows' ids, else the selected row's (else none). */
  ids: readonly string[];
  /** The row under the cursor. */
  selected?: string;
}

/** The form of each action that has one (a new form action without a builder does not compile). */
const FORMS: Record<FormKind, (s: VdState, sel: Selection, targets: readonly string[]) => FormState> = {
  // Default node: the one the selected VM runs on (else the most free memory).
  'vm.create': (s, sel) => createForm(s, sel.view === 'vms' ? sel.selected?.split('@')[1] : undefined),
  'fence.node': (_s, _sel, targets) => fenceForm(targets[0]!),
};

const hasForm = (kind: ActionKind): kind is FormKind => kind in FORMS;

/** A row id as the thing it names: VM and resource rows are NAME@NODE, fence rows name a node. */
function rowOf(sel: Selection, id: string, s: VdState): { name: string; node?: string } | { error: string } {
  if (sel.view === 'fence') {
    const r = fenceRowNode(s, id);
    return 'error' in r ? r : { name: r.node };
  }
  if (sel.view === 'vms' || sel.view === 'resources') {
    const [name, node] = [id.split('@')[0]!, id.split('@')[1] ?? ''];
    return { name, node };
  }
  return { name: id };
}

const blank = (request: ActionRequest): DialogState => ({ request, phase: 'planning', typed: '', ackWarnings: false });

export function openActionDialog(kind: ActionKind, sel: Selection, s: VdState): Opening {
  const def = findAction(kind);
  const ui = def.ui;
  const say = kind.replace('.', ' ');
  const rows: { name: string; node?: string }[] = [];
  if (ui.takes !== 'none') {
    if (ui.takes === 'one' && sel.ids.length !== 1) return { kind: 'message', text: `${say}: select exactly one ${def.cli.args[0]?.type ?? 'row'} (${sel.ids.length} selected)` };
    for (const id of sel.ids) {
      const r = rowOf(sel, id, s);
      if ('error' in r) return { kind: 'message', text: `${say}: ${r.error}` };
      rows.push(r);
    }
  }
  const targets = rows.map((r) => r.name);
  const request: ActionRequest = ui.takes !== 'none' && (sel.view === 'vms' || sel.view === 'resources') ? { kind, targets, nodes: rows.map((r) => r.node ?? '') } : { kind, targets };
  if (ui.form && hasForm(kind)) return { kind: 'dialog', d: { ...blank(request), phase: 'form', form: FORMS[kind](s, sel, targets) } };
  if (ui.pick) {
    // The operator picks the destination first; the plan is built for that node.
    const here = ui.pick.here === 'resource' ? resourceNodes(s, targets) : (request.nodes ?? []);
    const choices = migrateDestinations(s, here);
    const d: DialogState = { ...blank(request), phase: choices.length ? 'picking' : 'failed', pick: { choices, index: 0 } };
    if (!choices.length) d.error = `no online node (not in standby) to migrate ${targets.join(', ')} to`;
    return { kind: 'dialog', d };
  }
  return { kind: 'plan', request };
}

/** The handler of every action key: opens its action (the handler map spreads this). */
export const actionHandlers = (open: (kind: ActionKind) => void): Record<ActionBindingId, () => void> =>
  Object.fromEntries(Object.entries(ACTION_OF_KEY).map(([id, kind]) => [id, () => open(kind)])) as Record<ActionBindingId, () => void>;
