/** @jsxRuntime automatic */
// Test helpers: render <Root/> at a fixed size with a pinned clock; type keys; wait for frames.
import { render } from 'ink-testing-library';
import { Root, type AppProps } from '../../../src/ui/screen.js';
import { makeTheme } from '../../../src/ui/theme.js';
import { fixtureStore, FIXTURE_NOW } from '../store/test-fixtures.js';

export const KEY = { enter: '\r', esc: '\x1b', tab: '\t', up: '\x1b[A', down: '\x1b[B', pgdn: '\x1b[6~', pgup: '\x1b[5~', backspace: '\x7f', space: ' ' } as const;

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Polls the rendered frame until `pred` holds; the error shows the last screen. */
export async function waitFor(frame: () => string, pred: (f: string) => boolean, ms: number, what: string, everyMs = 50): Promise<string> {
  const t0 = Date.now();
  let f = frame();
  while (Date.now() - t0 < ms) {
    f = frame();
    if (pred(f)) return f;
    await tick(everyMs);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${f}`);
}

export function renderApp(over: Partial<AppProps> & { columns?: number; rows?: number; color?: boolean } = {}) {
  const { store, clock } = over.store ? { store: over.store, clock: { now: FIXTURE_NOW } } : fixtureStore();
  const onQuit = over.onQuit ?? (() => {});
  const r = render(
    <Root
      readonly={false}
      contexts={['kvm-lab', 'kvm-prod']}
      {...over}
      store={store}
      onQuit={onQuit}
      theme={makeTheme(over.color ?? false)}
      size={{ columns: over.columns ?? 160, rows: over.rows ?? 40 }}
      now={over.now ?? (() => clock.now)}
      tickMs={0}
    />,
  );
  // Waits until no new frame arrived for `quietMs` (bounded), so assertions see the settled screen
  // even on a loaded machine.
  const settle = async (quietMs = 40, maxMs = 3000) => {
    const t0 = Date.now();
    let n = r.frames.length;
    let last = Date.now();
    while (Date.now() - t0 < maxMs) {
      await tick(10);
      if (r.frames.length !== n) {
        n = r.frames.length;
        last = Date.now();
      } else if (Date.now() - last >= quietMs) return;
    }
  };
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      // ink parses a lone ESC after a short pending window
      await tick(k === KEY.esc ? 60 : 5);
      await settle(k === KEY.esc ? 40 : 25);
    }
  };
  const frame = () => r.lastFrame() ?? '';
  return { ...r, store, clock, type, frame, settle };
}
