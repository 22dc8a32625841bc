// The footer's line editor: `:` commands, `/` filters and the logs view's save path. Pure:
// editing is (prompt, event) → prompt; Enter says what the line asks for (the root acts on it).
import type { PromptState } from '../components/Footer.js';
import * as edit from '../prompt-edit.js';
import { COMMAND_NAMES, resolveCommand, TABLE_VIEWS } from '../views.js';
import type { ViewId } from '../keymap.js';

/** Submitted `:` commands and `/` filters of this session, oldest first (↑ in the prompt). */
export type PromptHistory = Readonly<Record<':' | '/', readonly string[]>>;
export const EMPTY_HISTORY: PromptHistory = { ':': [], '/': [] };

export type PromptEvent =
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  | { type: 'kill' }
  | { type: 'word' }
  | { type: 'keep' }
  | { type: 'history'; delta: -1 | 1 }
  | { type: 'complete' };

const WORDS: readonly string[] = [...COMMAND_NAMES, ...TABLE_VIEWS.flatMap((v) => v.aliases)];

export function prompt(p: PromptState, e: PromptEvent, history: PromptHistory): PromptState {
  switch (e.type) {
    case 'type':
      return edit.typeText(p, e.text);
    case 'backspace':
      return edit.backspace(p);
    case 'kill':
      return edit.killLine(p);
    case 'word':
      return edit.killWord(p);
    case 'keep':
      return edit.keepText(p);
    case 'history':
      return p.kind === 'save' ? p : edit.historyMove(p, history[p.kind], e.delta);
    case 'complete': {
      if (p.kind !== ':') return p;
      const hit = WORDS.find((c) => c.startsWith(p.text));
      return hit ? { ...p, text: hit } : p;
    }
  }
}

/** What Enter asks for. */
export type Submitted =
  | { kind: 'save'; path: string }
  | { kind: 'filter'; text: string }
  | { kind: 'go'; view: ViewId }
  | { kind: 'quit' }
  | { kind: 'unknown'; text: string }
  | { kind: 'nothing' };

export function submit(p: PromptState, history: PromptHistory): { history: PromptHistory; submitted: Submitted } {
  if (p.kind === 'save') return { history, submitted: { kind: 'save', path: p.text } };
  const next = { ...history, [p.kind]: edit.remember(history[p.kind], p.text) };
  if (p.kind === '/') return { history: next, submitted: { kind: 'filter', text: p.text } };
  if (p.text.trim() === '') return { history: next, submitted: { kind: 'nothing' } };
  const target = resolveCommand(p.text);
  const submitted: Submitted = target === 'quit' ? { kind: 'quit' } : target ? { kind: 'go', view: target } : { kind: 'unknown', text: p.text };
  return { history: next, submitted };
}

/** The unknown-command message lists what exists. */
export const unknownCommand = (text: string): string => `unknown command :${text} — try ${COMMAND_NAMES.map((c) => `:${c}`).join(' ')}`;
