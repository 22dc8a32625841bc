// What each key does: one transition per keymap binding (BindingId), except the bindings the
// action code handles (opening an action, submitting its form), which become an `action` effect.
import { isTableView, type BindingId, type ViewId } from '../keymap.js';
import { sortChoices } from '../components/SortPicker.js';
import { isJobDialog } from '../dialogs/jobs.js';
import type { ActionBindingId } from '../../actions/registry.js';
import { openPrompt } from '../prompt-edit.js';
import { OVERVIEW_PANES } from '../panes/overview/tiles.js';
import { INTERRUPTED_PREFIX } from '../panes/jobs/rows.js';
import { entryId, ENTRY_SOURCES, type EntrySource } from '../panes/entry/lines.js';
import { tableView } from '../views.js';
import { GROUP_PREFIX } from '../../store/alert-groups.js';
import { route } from './route.js';
import { tableOf } from './table.js';
import { submit, unknownCommand } from './prompt.js';
import { openSortPick, pickedColumn } from './sort.js';
import { confirmed } from './dialog.js';
import { close, go, moveCursor, onDialog, onHelp, onPrompt, onReplay, onSortPick, onTable, only, quit, say, selectedIds, viewOf, withModal } from './step.js';
import type { Seen, Step, UiState } from './ui.js';

/** Bindings the action code handles (opening an action, submitting its form): App's callbacks. */
export type ActionKeyId = ActionBindingId | 'form.submit';
/** Every other binding is a transition here. */
export type UiKeyId = Exclude<BindingId, ActionKeyId>;

/** Esc: a list's filter goes first, then the view. */
function back(s: UiState): UiState {
  const v = viewOf(s);
  if (isTableView(v) && tableOf(s.tables, v).filter) return onTable(s, { type: 'filter.clear' });
  return { ...s, route: route(s.route, { type: 'back' }) };
}

/** Enter on a row: its detail view, or what the list does with a row (switch context, re-open a job, open an alert group). */
function drill(s: UiState, at: Seen): Step {
  const id = at.ctx.selected;
  if (id === undefined) return only(s);
  const v = viewOf(s);
  const def = tableView(v);
  if (def?.drill === 'ctx') {
    if (!at.canSwitchContext) return only(say(s, 'switching context is not available here', 'warn'));
    if (id === at.cluster) return only(say(s, `already on context ${id}`, 'muted'));
    return { state: say(s, `switching to context ${id}…`, 'info'), effects: [{ kind: 'switch-context', name: id }] };
  }
  if (def?.drill === 'fleet') return openFleetCluster(s, at, id);
  if (def?.drill) return only(go(s, def.drill, id));
  if (v === 'jobs') {
    const kept = at.keptJob(id);
    if (kept) return only(withModal(s, { kind: 'dialog', d: kept }));
    // An earlier run's unfinished action: its whole record (what ran, what did not).
    if (id.startsWith(INTERRUPTED_PREFIX)) return only(go(s, 'entry', `jobs:${id.slice(INTERRUPTED_PREFIX.length)}`));
    return only(say(s, `job ${id}: its dialog is no longer kept`, 'muted'));
  }
  // An alert group row (one kind of alert on many nodes): Enter lists its members under it.
  if (v === 'alerts' && id.startsWith(GROUP_PREFIX)) {
    const o = s.openGroups;
    return only({ ...s, openGroups: o.has(id) ? new Set([...o].filter((g) => g !== id)) : new Set([...o, id]) });
  }
  const node = v === 'storage' ? id.split('@')[1] : v === 'net' ? id.split(':')[0] : undefined;
  if (node) return only(go(s, 'node', node));
  if ((ENTRY_SOURCES as readonly ViewId[]).includes(v)) return only(go(s, 'entry', entryId(v as EntrySource, id)));
  return only(say(s, 'no detail view for this row', 'muted'));
}

/** Enter on a :fleet row: that cluster's overview read from Prometheus (no SSH, no actions). */
function openFleetCluster(s: UiState, at: Seen, name: string): Step {
  if (name === '') return only(s);
  if (!at.canOpenFleetCluster) return only(say(s, 'opening a cluster from Prometheus is not available here', 'warn'));
  return { state: say(s, `opening ${name} from Prometheus…`, 'info'), effects: [{ kind: 'open-fleet-cluster', name }] };
}

/** L on a :fleet row: the live SSH console, only for a cluster with a context (its nodes). */
function fleetSsh(s: UiState, at: Seen): Step {
  const name = at.ctx.selected;
  if (!name) return only(s);
  if (!(at.contexts ?? []).includes(name)) return only(say(s, `${name}: no SSH context of that name in the config (clusters.${name}.nodes): read-only from Prometheus, actions need SSH`, 'warn'));
  if (name === at.cluster) return only(say(s, `already on context ${name}`, 'muted'));
  if (!at.canSwitchContext) return only(say(s, 'switching context is not available here', 'warn'));
  return { state: say(s, `switching to ${name} over SSH…`, 'info'), effects: [{ kind: 'switch-context', name }] };
}

function submitPrompt(s: UiState, at: Seen): Step {
  if (s.modal?.kind !== 'prompt') return only(s);
  const { history, submitted: x } = submit(s.modal.prompt, s.history);
  const c = { ...close(s), history };
  switch (x.kind) {
    // W in :logs: what the view shows now, to a new file; an existing one only after a yes.
    case 'save':
      if (x.path.trim() === '') return only(say(c, 'save: no path given, nothing written', 'muted'));
      return { state: c, effects: [{ kind: 'save-logs', path: x.path, rows: at.drawn.rows, overwrite: false }] };
    case 'filter':
      return only(isTableView(viewOf(c)) ? onTable(c, { type: 'filter', text: x.text }) : c);
    case 'nothing':
      return only(c);
    case 'quit':
      return quit(c, at.running);
    case 'unknown':
      return only(say(c, unknownCommand(x.text), 'crit'));
    case 'go':
      return only(go(c, x.view));
  }
}

function confirmDialog(s: UiState): Step {
  if (s.modal?.kind !== 'dialog') return only(s);
  const d = s.modal.d;
  const c = confirmed(d);
  if (c.kind === 'plan') return { state: s, effects: [{ kind: 'plan', request: c.request, keep: c.keep }] };
  if (c.kind === 'wait') return only(s);
  return { state: onDialog(s, { type: 'running' }), effects: [{ kind: 'run', d }] };
}

/** Sort choices of the current list: natural order, then each shown column (the config's order). */
const choicesOf = (s: UiState, at: Seen): (number | undefined)[] | undefined => {
  const def = tableView(viewOf(s));
  return def ? sortChoices(def.columns, at.columnOrder) : undefined;
};

const dialogPage = (at: Seen): number => Math.max(1, at.limits.bodyRows - 6);

// Every binding not handled by the action code has its transition here: the type makes a
// missing one a compile error.
export const KEYS: Record<UiKeyId, (s: UiState, at: Seen) => Step> = {
  quit: (s, at) => quit(s, at.running),
  command: (s) => only(withModal(s, { kind: 'prompt', prompt: openPrompt(':') })),
  help: (s) => only(withModal(s, { kind: 'help', offset: 0 })),
  back: (s) => only(back(s)),
  'pane.next': (s) => only({ ...s, route: route(s.route, { type: 'pane', delta: 1, panes: OVERVIEW_PANES.length }) }),
  'pane.prev': (s) => only({ ...s, route: route(s.route, { type: 'pane', delta: -1, panes: OVERVIEW_PANES.length }) }),
  'pane.open': (s) => only(go(s, OVERVIEW_PANES[s.route.focus]!.opens)),
  'cursor.down': (s, at) => moveCursor(s, at, { by: 1 }),
  'cursor.up': (s, at) => moveCursor(s, at, { by: -1 }),
  'page.down': (s, at) => moveCursor(s, at, { pages: 1 }),
  'page.up': (s, at) => moveCursor(s, at, { pages: -1 }),
  top: (s, at) => moveCursor(s, at, { to: 0 }),
  bottom: (s, at) => moveCursor(s, at, { to: 'end' }),
  filter: (s) => only(withModal(s, { kind: 'prompt', prompt: openPrompt('/', tableOf(s.tables, viewOf(s)).filter) })),
  'sort.next': (s, at) => {
    const choices = choicesOf(s, at);
    return only(choices ? onTable(s, { type: 'sort.next', choices }) : s);
  },
  'sort.reverse': (s) => only(onTable(s, { type: 'sort.reverse' })),
  'sort.pick': (s, at) => {
    const choices = choicesOf(s, at);
    return only(choices ? withModal(s, { kind: 'sort', pick: openSortPick(choices, tableOf(s.tables, viewOf(s)).sortCol) }) : s);
  },
  'sort.pick.down': (s) => only(onSortPick(s, 1)),
  'sort.pick.up': (s) => only(onSortPick(s, -1)),
  'sort.pick.apply': (s) => only(s.modal?.kind === 'sort' ? onTable(close(s), { type: 'sort.pick', col: pickedColumn(s.modal.pick) }) : s),
  'sort.pick.cancel': (s) => only(close(s)),
  mark: (s, at) => {
    const id = at.ctx.selected;
    return id === undefined ? only(s) : moveCursor(onTable(s, { type: 'mark', id }), at, { by: 1 });
  },
  'marks.clear': (s) => only(onTable(s, { type: 'marks.clear' })),
  drill,
  'fleet.ssh': fleetSsh,
  'alert.ack': (s, at) => ({ state: onTable(s, { type: 'marks.clear' }), effects: [{ kind: 'ack-alerts', rows: selectedIds(s, at.ctx) }] }),
  'logs.wrap': (s) => only(onTable(s, { type: 'wrap' }, 'logs')),
  'logs.follow': (s) => only(onTable(s, { type: 'follow' }, 'logs')),
  'logs.save': (s) => only(withModal(s, { kind: 'prompt', prompt: { kind: 'save', text: '' } })),
  'logs.node': (s, at) => only(onTable(s, { type: 'logs.field', field: 'node', row: at.drawn.rows[at.drawn.cursor] }, 'logs')),
  'logs.unit': (s, at) => only(onTable(s, { type: 'logs.field', field: 'unit', row: at.drawn.rows[at.drawn.cursor] }, 'logs')),
  'logs.priority': (s) => only(onTable(s, { type: 'logs.priority' }, 'logs')),
  'detail.down': (s, at) => only({ ...s, route: route(s.route, { type: 'detail.scroll', delta: 1, lines: at.limits.detailLines }) }),
  'detail.up': (s, at) => only({ ...s, route: route(s.route, { type: 'detail.scroll', delta: -1, lines: at.limits.detailLines }) }),
  'replay.toggle': (s, at) => {
    const playing = at.replayPlaying ?? s.replay.playing;
    return { state: onReplay(s, { type: 'toggle', playing }), effects: [{ kind: 'replay', op: playing ? 'pause' : 'play' }] };
  },
  'replay.back': (s) => ({ state: s, effects: [{ kind: 'replay.seek', by: -10_000 }] }),
  'replay.fwd': (s) => ({ state: s, effects: [{ kind: 'replay.seek', by: 10_000 }] }),
  'replay.slower': (s) => {
    const state = onReplay(s, { type: 'slower' });
    return { state, effects: [{ kind: 'replay.speed', speed: state.replay.speed }] };
  },
  'replay.faster': (s) => {
    const state = onReplay(s, { type: 'faster' });
    return { state, effects: [{ kind: 'replay.speed', speed: state.replay.speed }] };
  },
  'help.down': (s, at) => only(onHelp(s, { type: 'scroll', delta: 1 }, at.limits.help)),
  'help.up': (s, at) => only(onHelp(s, { type: 'scroll', delta: -1 }, at.limits.help)),
  'help.top': (s, at) => only(onHelp(s, { type: 'top' }, at.limits.help)),
  'help.bottom': (s, at) => only(onHelp(s, { type: 'bottom' }, at.limits.help)),
  'help.close': (s) => only(close(s)),
  'prompt.submit': submitPrompt,
  'prompt.cancel': (s) => only(close(s)),
  'prompt.kill': (s) => only(onPrompt(s, { type: 'kill' })),
  'prompt.word': (s) => only(onPrompt(s, { type: 'word' })),
  'prompt.keep': (s) => only(onPrompt(s, { type: 'keep' })),
  'prompt.history.prev': (s) => only(onPrompt(s, { type: 'history', delta: -1 })),
  'prompt.history.next': (s) => only(onPrompt(s, { type: 'history', delta: 1 })),
  'prompt.complete': (s) => only(onPrompt(s, { type: 'complete' })),
  'dialog.confirm': confirmDialog,
  // A confirmed action's dialog is only hidden: the status bar shows it running, :jobs re-opens it.
  'dialog.cancel': (s) => ({ state: close(s), effects: s.modal?.kind === 'dialog' && isJobDialog(s.modal.d) ? [{ kind: 'keep-job', d: s.modal.d }] : [] }),
  'dialog.ack': (s) => only(onDialog(s, { type: 'ack' })),
  // ↑/↓ pick a destination while picking, and scroll the plan otherwise (ActionDialog clamps).
  'dialog.pick.down': (s, at) => only(onDialog(s, { type: 'move', delta: 1, maxScroll: at.limits.dialog })),
  'dialog.pick.up': (s, at) => only(onDialog(s, { type: 'move', delta: -1, maxScroll: at.limits.dialog })),
  'dialog.page.down': (s, at) => only(onDialog(s, { type: 'scroll', by: dialogPage(at), maxScroll: at.limits.dialog })),
  'dialog.page.up': (s, at) => only(onDialog(s, { type: 'scroll', by: -dialogPage(at), maxScroll: at.limits.dialog })),
  'dialog.edit': (s) => only(onDialog(s, { type: 'edit' })),
  'form.next': (s) => only(onDialog(s, { type: 'field', delta: 1 })),
  'form.prev': (s) => only(onDialog(s, { type: 'field', delta: -1 })),
  'form.choice.next': (s) => only(onDialog(s, { type: 'choice', delta: 1 })),
  'form.choice.prev': (s) => only(onDialog(s, { type: 'choice', delta: -1 })),
  'form.cancel': (s) => only(close(s)),
  'confirm.yes': (s) => (s.modal?.kind === 'confirm' ? { state: close(s), effects: [s.modal.yes] } : only(s)),
  'confirm.no': (s) => only(close(s)),
};
