// Line editing for the `:` and `/` prompts, as in a shell: the text it opens with is selected
// (typing replaces it, → keeps it), Ctrl-U clears, Ctrl-W deletes a word, ↑/↓ walk the history.
import type { PromptState } from './components/Footer.js';

/** Entries kept per prompt kind. */
export const HISTORY_MAX = 50;

export const openPrompt = (kind: PromptState['kind'], text = ''): PromptState => (text ? { kind, text, selected: true } : { kind, text });

const plain = (p: PromptState, text: string): PromptState => ({ kind: p.kind, text });

export const typeText = (p: PromptState, s: string): PromptState => plain(p, (p.selected ? '' : p.text) + s);
export const backspace = (p: PromptState): PromptState => plain(p, p.selected ? '' : [...p.text].slice(0, -1).join(''));
export const killLine = (p: PromptState): PromptState => plain(p, '');
/** Ctrl-W: the spaces before the cursor, then the word (readline's unix-word-rubout). */
export const killWord = (p: PromptState): PromptState => plain(p, p.selected ? '' : p.text.replace(/\S*\s*$/, ''));
export const keepText = (p: PromptState): PromptState => plain(p, p.text);

/** ↑ (delta -1) / ↓ (+1) through `hist` (oldest first); past the newest: the line being typed. */
export function historyMove(p: PromptState, hist: readonly string[], delta: -1 | 1): PromptState {
  const at = p.hist ?? hist.length;
  const to = Math.max(0, Math.min(hist.length, at + delta));
  if (to === at) return p;
  const draft = p.hist === undefined ? p.text : (p.draft ?? '');
  if (to === hist.length) return { kind: p.kind, text: draft };
  return { kind: p.kind, text: hist[to]!, hist: to, draft };
}

/** The history after submitting `text`: appended unless empty or equal to the newest. */
export function remember(hist: readonly string[], text: string): string[] {
  if (text.trim() === '' || hist.at(-1) === text) return [...hist];
  return [...hist, text].slice(-HISTORY_MAX);
}
