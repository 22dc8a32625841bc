// Small state updates the key transitions share: a message, the modal, the route, one list,
// the shown prompt / dialog / help / sort picker; each delegates to its modal's module.
import type { Tone } from '../theme.js';
import type { KeyCtx, ViewId } from '../keymap.js';
import { currentFrame, route } from './route.js';
import { tableOf, updateTable, type CursorMove, type TableEvent } from './table.js';
import { prompt, type PromptEvent } from './prompt.js';
import { help, type HelpEvent } from './help.js';
import { moveSortPick } from './sort.js';
import { dialog, type DialogEvent } from './dialog.js';
import { replay, type ReplayEvent } from './replay.js';
import type { Modal, Seen, Step, UiState } from './ui.js';

export const only = (state: UiState): Step => ({ state, effects: [] });

export const withoutMessage = (s: UiState): UiState => {
  const { message: _m, ...rest } = s;
  return rest;
};
export const say = (s: UiState, text: string, tone: Tone): UiState => ({ ...s, message: { text, tone } });

export const withModal = (s: UiState, m: Modal | undefined): UiState => {
  if (m) return { ...s, modal: m };
  const { modal: _m, ...rest } = s;
  return rest;
};
export const close = (s: UiState): UiState => withModal(s, undefined);

export const viewOf = (s: UiState): ViewId => currentFrame(s.route).view;
export const go = (s: UiState, view: ViewId, id?: string): UiState => ({ ...s, route: route(s.route, id === undefined ? { type: 'go', view } : { type: 'go', view, id }) });
export const onTable = (s: UiState, e: TableEvent, v: ViewId = viewOf(s)): UiState => ({ ...s, tables: updateTable(s.tables, v, e) });
export const onReplay = (s: UiState, e: ReplayEvent): UiState => ({ ...s, replay: replay(s.replay, e) });
export const onPrompt = (s: UiState, e: PromptEvent): UiState => (s.modal?.kind === 'prompt' ? { ...s, modal: { kind: 'prompt', prompt: prompt(s.modal.prompt, e, s.history) } } : s);
export const onDialog = (s: UiState, e: DialogEvent): UiState => (s.modal?.kind === 'dialog' ? { ...s, modal: { kind: 'dialog', d: dialog(s.modal.d, e) } } : s);
export const onHelp = (s: UiState, e: HelpEvent, max: number): UiState => (s.modal?.kind === 'help' ? { ...s, modal: { kind: 'help', ...help(s.modal, e, max) } } : s);
export const onSortPick = (s: UiState, delta: 1 | -1): UiState => (s.modal?.kind === 'sort' ? { ...s, modal: { kind: 'sort', pick: moveSortPick(s.modal.pick, delta) } } : s);

export function moveCursor(s: UiState, at: Seen, move: CursorMove): Step {
  const v = viewOf(s);
  const tables = updateTable(s.tables, v, { type: 'cursor', move, drawn: at.drawn });
  const t = tableOf(tables, v);
  return { state: { ...s, tables }, effects: [{ kind: 'drawn', cursor: t.cursor, start: t.start }] };
}

export function quit(s: UiState, running: string | undefined): Step {
  if (!running) return { state: s, effects: [{ kind: 'quit' }] };
  return only(withModal(s, { kind: 'confirm', question: `Action "${running}" is still running. Quit anyway? (it may be left half done) y/N`, yes: { kind: 'quit' } }));
}

/** The rows an action takes: the marked ones, else the one under the cursor. */
export function selectedIds(s: UiState, ctx: Pick<KeyCtx, 'selected'>): string[] {
  const t = tableOf(s.tables, currentFrame(s.route).view);
  return t.marks.size ? [...t.marks] : ctx.selected !== undefined ? [ctx.selected] : [];
}
