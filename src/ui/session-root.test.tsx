/** @jsxRuntime automatic */
// :ctx in one TUI process: picking a context swaps the store the whole screen renders.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { SessionRoot, type TuiSession } from './session-root.js';
import { makeTheme } from './theme.js';
import { fixtureStore, FIXTURE_NOW } from '../../test/support/store/test-fixtures.js';
import { createVdStore } from '../store/store.js';
import { KEY, tick } from '../../test/support/ui/render.js';

afterEach(() => cleanup());

function setup(switchContext: (name: string) => Promise<TuiSession>) {
  const { store } = fixtureStore();
  const initial: TuiSession = { store, readonly: false, contexts: ['kvm-lab', 'kvm-prod'] };
  const r = render(<SessionRoot initial={initial} switchContext={switchContext} onQuit={() => {}} theme={makeTheme(false)} size={{ columns: 160, rows: 30 }} now={() => FIXTURE_NOW} tickMs={0} />);
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(k === KEY.esc ? 80 : 30);
    }
  };
  return { ...r, type, frame: () => r.lastFrame() ?? '' };
}

describe('SessionRoot (:ctx)', () => {
  it('Enter on another context swaps in its store (header, nodes) and resets the view', async () => {
    const prod = createVdStore({ clusterName: 'kvm-prod', nodes: ['prod-a', 'prod-b'], readonly: true, now: () => FIXTURE_NOW });
    const asked: string[] = [];
    const a = setup(async (name) => {
      asked.push(name);
      return { store: prod, readonly: true, contexts: ['kvm-lab', 'kvm-prod'] };
    });
    await tick(30);
    expect(a.frame()).toContain('virtdeck kvm-lab');
    await a.type(':', 'c', 't', 'x', KEY.enter);
    expect(a.frame()).toMatch(/kvm-lab\s+● active/);
    await a.type('j', KEY.enter);
    await tick(100);
    expect(asked).toEqual(['kvm-prod']);
    const f = a.frame();
    expect(f).toContain('virtdeck kvm-prod');
    expect(f).toContain('prod-a');
    expect(f).not.toContain('kvm-n1');
    expect(f).toContain('READ-ONLY');
    // back at the overview of the new cluster, and :ctx now marks it active
    await a.type(':', 'c', 't', 'x', KEY.enter);
    expect(a.frame()).toMatch(/kvm-prod\s+● active/);
  });

  it('a failed switch keeps the current cluster and says why', async () => {
    const a = setup(async () => {
      throw new Error('kvm-prod: no node reachable');
    });
    await a.type(':', 'c', 't', 'x', KEY.enter, 'j', KEY.enter);
    await tick(100);
    const f = a.frame();
    expect(f).toContain('could not switch to kvm-prod: kvm-prod: no node reachable');
    expect(f).toContain('virtdeck kvm-lab');
  });

  it('Enter on the active context does not reopen it', async () => {
    const asked: string[] = [];
    const a = setup(async (n) => {
      asked.push(n);
      throw new Error('unexpected');
    });
    await a.type(':', 'c', 't', 'x', KEY.enter, KEY.enter);
    await tick(50);
    expect(asked).toEqual([]);
    expect(a.frame()).toContain('already on context kvm-lab');
  });
});
