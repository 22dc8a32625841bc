// The console's UI state and its one reducer: (state, event) → { state, effects }. Keys are
// resolved through the keymap table here; each modal's transitions live in its own module
// (route, table, prompt, help, sort, dialog, replay). What touches the world (quitting, running
// an action, writing a file, driving the replay) comes out as effect descriptions that App runs.
import { isTableView, keyLabel, readonlyRefusal, resolveKey, type BindingId, type KeyCtx, type ViewId } from '../keymap.js';
import type { Tone } from '../theme.js';
import type { PromptState } from '../components/Footer.js';
import { sortChoices, type SortPick } from '../components/SortPicker.js';
import type { TableInfo } from '../components/TableView.js';
import type { Row } from '../table.js';
import type { MouseEvent } from '../mouse.js';
import type { SaveResult } from '../panes/logs/save.js';
import { isJobDialog } from '../dialogs/jobs.js';
import type { ActionKind, ActionRequest, DialogState } from '../dialogs/plan.js';
import { openPrompt } from '../prompt-edit.js';
import { OVERVIEW_PANES } from '../panes/overview/tiles.js';
import { INTERRUPTED_PREFIX } from '../panes/jobs/rows.js';
import { entryId, ENTRY_SOURCES, type EntrySource } from '../panes/entry/lines.js';
import { tableView } from '../views.js';
import { GROUP_PREFIX } from '../../store/alert-groups.js';
import { currentFrame, DETAIL, INITIAL_ROUTE, route, type RouteState } from './route.js';
import { tableOf, updateTable, type CursorMove, type TableEvent, type Tables } from './table.js';
import { EMPTY_HISTORY, prompt, submit, unknownCommand, type PromptEvent, type PromptHistory } from './prompt.js';
import { help, type HelpEvent, type HelpState } from './help.js';
import { moveSortPick, openSortPick, pickedColumn } from './sort.js';
import { confirmed, dialog, type DialogEvent } from './dialog.js';
import { replay, type ReplayEvent, type ReplayState } from './replay.js';

export interface Message {
  text: string;
  tone: Tone;
}

/** What is in front of the view (one at a time); it takes the keys (keymap scopes). */
export type Modal =
  | ({ kind: 'help' } & HelpState)
  | { kind: 'prompt'; prompt: PromptState }
  | { kind: 'dialog'; d: DialogState }
  /** A y/N question in the footer; `yes` runs on y. */
  | { kind: 'confirm'; question: string; yes: Effect }
  | { kind: 'sort'; pick: SortPick };

export interface UiState {
  route: RouteState;
  tables: Tables;
  modal?: Modal;
  /** The footer's message, until the next key. */
  message?: Message;
  replay: ReplayState;
  /** Alert groups opened with Enter (their members are listed under them). */
  openGroups: ReadonlySet<string>;
  history: PromptHistory;
}

export const initialUi = (r: ReplayState = { playing: false, speed: 1 }): UiState => ({
  route: INITIAL_ROUTE,
  tables: {},
  replay: r,
  openGroups: new Set(),
  history: EMPTY_HISTORY,
});

/** Bindings the action code handles (opening an action, submitting its form): App's callbacks. */
export type ActionKeyId = Extract<BindingId, ActionKind> | 'node.fence' | 'form.submit';
/** Every other binding is a transition here. */
export type UiKeyId = Exclude<BindingId, ActionKeyId>;

export type Effect =
  | { kind: 'quit' }
  | { kind: 'action'; id: ActionKeyId }
  /** Plan the request (the destination was picked); `keep` stays in the dialog. */
  | { kind: 'plan'; request: ActionRequest; keep: Pick<DialogState, 'pick'> }
  /** Run the reviewed plan of `d`; its end comes back as a `settled` event. */
  | { kind: 'run'; d: DialogState }
  /** A confirmed action's dialog was hidden (Esc): keep it for :jobs. */
  | { kind: 'keep-job'; d: DialogState }
  /** The cursor moved before the table drew it: later keys of the same read act on it. */
  | { kind: 'drawn'; cursor: number; start: number }
  /** Write the log rows to `path` (as typed); the result comes back as a `saved` event. */
  | { kind: 'save-logs'; path: string; rows: readonly Row[]; overwrite: boolean }
  | { kind: 'switch-context'; name: string }
  /** Acknowledge the alerts of these rows (a group row: each of its members). */
  | { kind: 'ack-alerts'; rows: string[] }
  | { kind: 'replay'; op: 'play' | 'pause' }
  | { kind: 'replay.seek'; by: number }
  | { kind: 'replay.speed'; speed: number };

/** What the reducer reads besides its state, as App saw it when the input arrived. */
export interface Seen {
  ctx: KeyCtx;
  /** The current list as last drawn (after filter and sort): rows, cursor, window, columns. */
  drawn: TableInfo;
  /** How far things scroll, as their views last reported. */
  limits: { help: number; dialog: number; detailLines: number; bodyRows: number };
  /** The title of an action still running (quitting asks first). */
  running?: string;
  /** The current context's name, and whether the session can switch to another. */
  cluster: string;
  canSwitchContext: boolean;
  /** The config's column order for the current view (sort choices follow it). */
  columnOrder?: readonly number[];
  /** What the replay controls say (they stop by themselves at the end). */
  replayPlaying?: boolean;
  /** The kept dialog of a :jobs row. */
  keptJob(id: string): DialogState | undefined;
}

export type UiEvent =
  | { type: 'key'; key: string; input: string; printable: boolean; at: Seen }
  | { type: 'mouse'; m: MouseEvent; at: Seen }
  | { type: 'message'; message?: Message }
  /** The action code opens and updates its dialog (openAction, startPlanning). */
  | { type: 'modal'; set: Modal | undefined | ((m: Modal | undefined) => Modal | undefined) }
  | { type: 'settled'; request: ActionRequest; title: string; error?: string }
  | { type: 'saved'; result: SaveResult; rows: readonly Row[] }
  | { type: 'replay.sync'; playing: boolean };

export interface Step {
  state: UiState;
  effects: Effect[];
}

/** The bindings' context for a state: App computes it for each key, the footer and help. */
export function keyCtx(s: UiState, drawn: TableInfo, session: Pick<KeyCtx, 'readonly' | 'actionRunning' | 'hasReplay' | 'actionsWired'>): KeyCtx {
  const fr = currentFrame(s.route);
  const m = s.modal;
  const row = isTableView(fr.view) ? drawn.rows[drawn.cursor] : undefined;
  return {
    readonly: session.readonly,
    view: fr.view,
    rowCount: isTableView(fr.view) ? drawn.rows.length : 1,
    ...(row ? { selected: row.id } : DETAIL.has(fr.view) && fr.id ? { selected: fr.id } : {}),
    marks: tableOf(s.tables, fr.view).marks.size,
    actionRunning: session.actionRunning,
    hasReplay: session.hasReplay,
    actionsWired: session.actionsWired,
    ...(m ? { modal: m.kind === 'dialog' && m.d.phase === 'form' ? 'form' : m.kind } : {}),
  };
}

/** The rows an action takes: the marked ones, else the one under the cursor. */
export function selectedIds(s: UiState, ctx: Pick<KeyCtx, 'selected'>): string[] {
  const t = tableOf(s.tables, currentFrame(s.route).view);
  return t.marks.size ? [...t.marks] : ctx.selected !== undefined ? [ctx.selected] : [];
}

export function reduce(s: UiState, e: UiEvent): Step {
  switch (e.type) {
    case 'key':
      return onKey(s, e.key, e.input, e.printable, e.at);
    case 'mouse':
      return onMouse(s, e.m, e.at);
    case 'message':
      return only(e.message ? { ...s, message: e.message } : withoutMessage(s));
    case 'modal':
      return only(withModal(s, typeof e.set === 'function' ? e.set(s.modal) : e.set));
    case 'settled': {
      // The result goes to this dialog, shown or hidden (kept for :jobs), never to another one.
      const m = s.modal;
      const end: DialogEvent = e.error === undefined ? { type: 'settled' } : { type: 'settled', error: e.error };
      if (m?.kind === 'dialog' && m.d.request === e.request) return only({ ...s, modal: { kind: 'dialog', d: dialog(m.d, end) } });
      // Hidden (Esc): the status bar's indicator goes, so say how it ended.
      return only(e.error !== undefined ? say(s, `${e.title}: failed: ${e.error} (:jobs)`, 'crit') : say(s, `${e.title}: done (:jobs)`, 'ok'));
    }
    case 'saved': {
      const r = e.result;
      if (r.ok) return only(say(s, `saved ${e.rows.length} log lines to ${r.path}`, 'info'));
      if (r.exists) return only(withModal(s, { kind: 'confirm', question: `${r.path} exists. Overwrite it? y/N`, yes: { kind: 'save-logs', path: r.path, rows: e.rows, overwrite: true } }));
      return only(say(s, `could not save to ${r.path}: ${r.error}`, 'crit'));
    }
    case 'replay.sync':
      return only(onReplay(s, { type: 'sync', playing: e.playing }));
  }
}

function onKey(s: UiState, k: string, input: string, printable: boolean, at: Seen): Step {
  if (k === 'C-c' && s.modal?.kind !== 'confirm') return quit(s, at.running);
  const b = resolveKey(k, at.ctx);
  if (b) {
    const why = b.disabledReason?.(at.ctx);
    if (why) return only(say(s, `${keyLabel(k)}: ${b.desc} — ${why}`, 'warn'));
    const id = b.id as BindingId;
    return id in KEYS ? KEYS[id as UiKeyId](s, at) : { state: s, effects: [{ kind: 'action', id: id as ActionKeyId }] };
  }
  const ro = readonlyRefusal(k, at.ctx);
  if (ro) return only(say(s, ro, 'warn'));
  const m = s.modal;
  // q while the dialog shows a running action: ask, as Ctrl-C does (the dialog owns its keys).
  if (k === 'q' && m?.kind === 'dialog' && m.d.phase === 'running') return quit(s, at.running ?? m.d.request.kind);
  // Unbound keys: text entry in the prompt, the dialog's form and its confirmation field.
  const typed = k === 'backspace' ? ({ type: 'backspace' } as const) : printable ? ({ type: 'type', text: input } as const) : undefined;
  if (!typed) return only(s);
  if (m?.kind === 'prompt') return only(onPrompt(s, typed));
  if (m?.kind === 'dialog') return only(onDialog(s, typed));
  return only(s);
}

/** Wheel: 3 rows (lists, detail, help); left click: selects the list row under it. */
function onMouse(s: UiState, m: MouseEvent, at: Seen): Step {
  const v = currentFrame(s.route).view;
  if (m.kind === 'other' || (s.modal && s.modal.kind !== 'help')) return only(s);
  if (m.kind === 'wheel') {
    const step: UiKeyId | undefined =
      s.modal?.kind === 'help' ? (m.delta > 0 ? 'help.down' : 'help.up') : DETAIL.has(v) ? (m.delta > 0 ? 'detail.down' : 'detail.up') : undefined;
    if (step) return only([1, 2, 3].reduce((x) => KEYS[step](x, at).state, s));
    return isTableView(v) ? moveCursor(s, at, { by: 3 * m.delta }) : only(s);
  }
  if (m.button !== 0 || s.modal || !isTableView(v)) return only(s);
  // 2 header lines, the table's title, its column header (line 3: a click there sorts by that
  // column, again reverses, as in htop), then the rows from screen line 4.
  if (m.y === 3) {
    let x = 2;
    for (const c of at.drawn.cols ?? []) {
      if (m.x >= x && m.x < x + c.width) return only(onTable(s, { type: 'sort.pick', col: c.index }));
      x += c.width + 1;
    }
    return only(s);
  }
  if (tableOf(s.tables, v).wrap) return only(s);
  const k = m.y - 4;
  const i = at.drawn;
  return k >= 0 && k < i.pageSize && i.start + k < i.rows.length ? moveCursor(s, at, { to: i.start + k }) : only(s);
}

const only = (state: UiState): Step => ({ state, effects: [] });

const withoutMessage = (s: UiState): UiState => {
  const { message: _m, ...rest } = s;
  return rest;
};
const say = (s: UiState, text: string, tone: Tone): UiState => ({ ...s, message: { text, tone } });

const withModal = (s: UiState, m: Modal | undefined): UiState => {
  if (m) return { ...s, modal: m };
  const { modal: _m, ...rest } = s;
  return rest;
};
const close = (s: UiState): UiState => withModal(s, undefined);

const viewOf = (s: UiState): ViewId => currentFrame(s.route).view;
const go = (s: UiState, view: ViewId, id?: string): UiState => ({ ...s, route: route(s.route, id === undefined ? { type: 'go', view } : { type: 'go', view, id }) });
const onTable = (s: UiState, e: TableEvent, v: ViewId = viewOf(s)): UiState => ({ ...s, tables: updateTable(s.tables, v, e) });
const onReplay = (s: UiState, e: ReplayEvent): UiState => ({ ...s, replay: replay(s.replay, e) });
const onPrompt = (s: UiState, e: PromptEvent): UiState => (s.modal?.kind === 'prompt' ? { ...s, modal: { kind: 'prompt', prompt: prompt(s.modal.prompt, e, s.history) } } : s);
const onDialog = (s: UiState, e: DialogEvent): UiState => (s.modal?.kind === 'dialog' ? { ...s, modal: { kind: 'dialog', d: dialog(s.modal.d, e) } } : s);
const onHelp = (s: UiState, e: HelpEvent, max: number): UiState => (s.modal?.kind === 'help' ? { ...s, modal: { kind: 'help', ...help(s.modal, e, max) } } : s);
const onSortPick = (s: UiState, delta: 1 | -1): UiState => (s.modal?.kind === 'sort' ? { ...s, modal: { kind: 'sort', pick: moveSortPick(s.modal.pick, delta) } } : s);

function moveCursor(s: UiState, at: Seen, move: CursorMove): Step {
  const v = viewOf(s);
  const tables = updateTable(s.tables, v, { type: 'cursor', move, drawn: at.drawn });
  const t = tableOf(tables, v);
  return { state: { ...s, tables }, effects: [{ kind: 'drawn', cursor: t.cursor, start: t.start }] };
}

function quit(s: UiState, running: string | undefined): Step {
  if (!running) return { state: s, effects: [{ kind: 'quit' }] };
  return only(withModal(s, { kind: 'confirm', question: `Action "${running}" is still running. Quit anyway? (it may be left half done) y/N`, yes: { kind: 'quit' } }));
}

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
const KEYS: Record<UiKeyId, (s: UiState, at: Seen) => Step> = {
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
