/** @jsxRuntime automatic */
// Console papercuts: :ctx of an unconfigured cluster, g/G in the help, Space documented, the
// migrate picker's title.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, renderApp, tick } from '../../test/support/ui/render.js';
import { KEYMAP } from './keymap.js';
import { ACTION_TITLES } from './dialogs/titles.js';
import { findAction } from '../actions/index.js';
import type { ActionKind, ActionPlanView } from './dialogs/plan.js';

afterEach(() => cleanup());

describe(':ctx', () => {
  it('lists the cluster on screen when no config names it (the demo), not "(no rows)"', async () => {
    const onSwitchContext = vi.fn();
    const a = renderApp({ contexts: [], columns: 120, onSwitchContext });
    await a.type(':', 'c', 't', 'x', KEY.enter);
    const f = a.frame();
    expect(f).not.toContain('(no rows)');
    expect(f).toMatch(/kvm-lab\s+● active, not in config/);
    await a.type(KEY.enter);
    expect(a.frame()).toContain('already on context kvm-lab');
    expect(onSwitchContext).not.toHaveBeenCalled();
  });
  it('configured contexts are listed as before, the active one marked', async () => {
    const a = renderApp({ contexts: ['kvm-lab', 'kvm-prod'], columns: 120 });
    await a.type(':', 'c', 't', 'x', KEY.enter);
    expect(a.frame()).toMatch(/kvm-lab\s+● active\s/);
    expect(a.frame()).not.toContain('not in config');
  });
});

describe('help overlay', () => {
  const firstShown = (f: string) => /Keys \((\d+)-(\d+) of (\d+)/.exec(f)!.slice(1).map(Number);
  it('G jumps to the end, g back to the top; j stops at the end', async () => {
    const a = renderApp({ columns: 120, rows: 20 });
    await a.type('?');
    const [start0, , total] = firstShown(a.frame());
    expect(start0).toBe(1);
    await a.type('G');
    const [, end] = firstShown(a.frame());
    expect(end).toBe(total);
    await a.type('j', 'j', 'k');
    // one k after overscrolling moves up at once (j did not run past the end)
    expect(firstShown(a.frame())[1]).toBe(total! - 1);
    await a.type('g');
    expect(firstShown(a.frame())[0]).toBe(1);
  });
});

describe('Space', () => {
  it('marks and moves down, and the keymap (so `?`) says so', async () => {
    expect(KEYMAP.find((b) => b.id === 'mark')!.desc).toMatch(/move to the next/);
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, KEY.space);
    await tick(10);
    const f = a.frame();
    expect(f).toMatch(/\[1 marked\]|1 marked/);
  });
});

describe('action titles', () => {
  it('the migrate picker is titled "Migrate VM", not vm.migrate', async () => {
    const planAction = async (): Promise<ActionPlanView> => {
      throw new Error('not reached: the picker comes first');
    };
    const a = renderApp({ planAction, columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter, 'm');
    await tick(20);
    const f = a.frame();
    expect(f).toContain('Destination');
    expect(f).toContain('Migrate VM');
    expect(f).not.toContain('vm.migrate');
  });
  it('ACTION_TITLES are the action definitions\' titles', () => {
    for (const [kind, title] of Object.entries(ACTION_TITLES)) expect(findAction(kind as ActionKind).title, kind).toBe(title);
  });
});
