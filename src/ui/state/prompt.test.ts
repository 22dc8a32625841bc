import { describe, expect, it } from 'vitest';
import { openPrompt } from '../prompt-edit.js';
import { EMPTY_HISTORY, prompt, submit, type PromptEvent } from './prompt.js';
import type { PromptState } from '../components/Footer.js';

const run = (p: PromptState, events: PromptEvent[], h = EMPTY_HISTORY) => events.reduce((x, e) => prompt(x, e, h), p);
const typed = (text: string): PromptEvent[] => [...text].map((c) => ({ type: 'type', text: c }));

describe('the prompt', () => {
  it('the text it opens with is selected: typing replaces it, → keeps it', () => {
    expect(run(openPrompt('/', 'web'), typed('db')).text).toBe('db');
    expect(run(openPrompt('/', 'web'), [{ type: 'keep' }, ...typed('1')]).text).toBe('web1');
    expect(run(openPrompt('/'), [...typed('a b'), { type: 'word' }]).text).toBe('a ');
    expect(run(openPrompt('/'), [...typed('ab'), { type: 'backspace' }]).text).toBe('a');
  });

  it('Tab completes a command name, only in the : prompt', () => {
    expect(run(openPrompt(':'), [...typed('sto'), { type: 'complete' }]).text).toBe('storage');
    expect(run(openPrompt('/'), [...typed('sto'), { type: 'complete' }]).text).toBe('sto');
  });

  it('Enter: a filter, a view, quit, an unknown command; each remembered for ↑ in its own history', () => {
    let h = EMPTY_HISTORY;
    const enter = (p: PromptState) => {
      const r = submit(p, h);
      h = r.history;
      return r.submitted;
    };
    expect(enter(run(openPrompt('/'), typed('web')))).toEqual({ kind: 'filter', text: 'web' });
    expect(enter(run(openPrompt(':'), typed('vms')))).toEqual({ kind: 'go', view: 'vms' });
    expect(enter(run(openPrompt(':'), typed('q')))).toEqual({ kind: 'quit' });
    expect(enter(run(openPrompt(':'), typed('bogus')))).toEqual({ kind: 'unknown', text: 'bogus' });
    expect(enter(openPrompt(':'))).toEqual({ kind: 'nothing' });
    expect(h).toEqual({ '/': ['web'], ':': ['vms', 'q', 'bogus'] });
    expect(run(openPrompt(':'), [{ type: 'history', delta: -1 }, { type: 'history', delta: -1 }], h).text).toBe('q');
    expect(run(openPrompt('/'), [...typed('x'), { type: 'history', delta: -1 }, { type: 'history', delta: 1 }], h).text).toBe('x');
    expect(submit({ kind: 'save', text: '/tmp/x' }, h)).toEqual({ history: h, submitted: { kind: 'save', path: '/tmp/x' } });
  });
});
