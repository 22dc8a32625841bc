// The console's UI state and its one reducer: (state, event) → { state, effects }. Keys are
// resolved through the keymap table here and their transitions are in keys.ts; each modal's
// transitions live in its own module (route, table, prompt, help, sort, dialog, replay). What
// touches the world (quitting, running an action, writing a file, driving the replay) comes out
// as effect descriptions that App runs.
import { isTableView, keyLabel, readonlyRefusal, resolveKey, type BindingId, type KeyCtx } from '../keymap.js';
import type { Tone } from '../theme.js';
import type { PromptState } from '../components/Footer.js';
import type { SortPick } from '../components/SortPicker.js';
import type { TableInfo } from '../components/TableView.js';
import type { Row } from '../table.js';
import type { MouseEvent } from '../mouse.js';
import type { SaveResult } from '../panes/logs/save.js';
import type { ActionRequest, DialogState } from '../dialogs/plan.js';
import { currentFrame, DETAIL, INITIAL_ROUTE, type RouteState } from './route.js';
import { tableOf, type Tables } from './table.js';
import { EMPTY_HISTORY, type PromptHistory } from './prompt.js';
import type { HelpState } from './help.js';
import { dialog, type DialogEvent } from './dialog.js';
import type { ReplayState } from './replay.js';
import { KEYS, type ActionKeyId, type UiKeyId } from './keys.js';
import { moveCursor, onDialog, onPrompt, onReplay, onTable, only, quit, say, withModal, withoutMessage } from './step.js';

export type { ActionKeyId, UiKeyId } from './keys.js';
export { selectedIds } from './step.js';

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

/** A new modal, or a function of the one shown (a plan arriving updates its own dialog only). */
export type ModalUpdate = Modal | undefined | ((m: Modal | undefined) => Modal | undefined);

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
  /** Open a fleet cluster read from Prometheus (Enter in :fleet). */
  | { kind: 'open-fleet-cluster'; name: string }
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
  /** Configured contexts (a :fleet cluster with one can switch to SSH) and whether Enter in :fleet can open a cluster. */
  contexts?: readonly string[];
  canOpenFleetCluster?: boolean;
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
  | { type: 'modal'; set: ModalUpdate }
  | { type: 'settled'; request: ActionRequest; title: string; error?: string }
  | { type: 'saved'; result: SaveResult; rows: readonly Row[] }
  | { type: 'replay.sync'; playing: boolean };

export interface Step {
  state: UiState;
  effects: Effect[];
}

/** The bindings' context for a state: App computes it for each key, the footer and help. */
export function keyCtx(s: UiState, drawn: TableInfo, session: Pick<KeyCtx, 'readonly' | 'readonlyWhy' | 'actionRunning' | 'hasReplay' | 'actionsWired'>): KeyCtx {
  const fr = currentFrame(s.route);
  const m = s.modal;
  const row = isTableView(fr.view) ? drawn.rows[drawn.cursor] : undefined;
  return {
    readonly: session.readonly,
    ...(session.readonlyWhy ? { readonlyWhy: session.readonlyWhy } : {}),
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

export function reduce(s: UiState, e: UiEvent): Step {
  switch (e.type) {
    case 'key':
      return onKey(s, e.key, e.input, e.printable, e.at);
    case 'mouse':
      return onMouse(s, e.m, e.at);
    case 'message':
      return only(e.message ? { ...s, message: e.message } : withoutMessage(s));
    case 'modal': {
      const m = typeof e.set === 'function' ? e.set(s.modal) : e.set;
      return only(m === s.modal ? s : withModal(s, m));
    }
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
