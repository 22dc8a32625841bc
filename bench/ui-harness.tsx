/** @jsxRuntime automatic */
// The real TUI (<Root/>, as runTui mounts it: ink render, frame caps as runTui's default, colour) drawing into a fake
// terminal that timestamps every frame, with a fake stdin to type into.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { Root, type AppProps } from '../src/ui/screen.js';
import { inkMaxFps } from '../src/ui/app.js';
import { makeTheme } from '../src/ui/theme.js';
import type { VdStore } from '../src/store/store.js';
import { wallMs } from './ipc.js';
import { installInkPatch } from '../src/ui/ink-patch/install.js';

// runTui installs the ink output patch at start-up; the harness mounts <Root/> itself, so it does too.
await installInkPatch();

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

export interface Frame {
  t: number;
  text: string;
}

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  frames = 0;
  last: Frame = { t: 0, text: '' };
  private readonly waiters = new Set<(f: Frame) => void>();
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (s: string): boolean => {
    // ink's synchronized-update markers and cursor moves are tiny writes, not frames.
    if (s.length < 16 && !s.includes('\n')) return true;
    const f = { t: wallMs(), text: s };
    this.frames++;
    this.last = f;
    for (const w of [...this.waiters]) w(f);
    return true;
  };
  onFrame(w: (f: Frame) => void): () => void {
    this.waiters.add(w);
    return () => this.waiters.delete(w);
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(s: string): void {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface UiHarness {
  stdout: FakeStdout;
  renderTimes: number[];
  /** Types `key`; resolves with ms until the first frame for which `done(text)` holds (ANSI stripped). */
  press(key: string, done: (text: string) => boolean, timeoutMs?: number): Promise<number | undefined>;
  /** Resolves at the first frame (from now on, or the current one) satisfying `done`. */
  waitFrame(done: (text: string) => boolean, timeoutMs?: number): Promise<Frame | undefined>;
  type(keys: string, gapMs?: number): Promise<void>;
  unmount(): void;
}

export function mountUi(store: VdStore, size = { columns: 160, rows: 50 }, extra: Partial<AppProps> = {}): UiHarness {
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const stderr = new FakeStdout(size.columns, size.rows);
  const renderTimes: number[] = [];
  const inst = render(<Root store={store} readonly={false} contexts={[]} onQuit={() => {}} theme={makeTheme(true)} size={size} {...extra} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: inkMaxFps(10),
    incrementalRendering: false,
    onRender: ({ renderTime }) => renderTimes.push(renderTime),
  });
  const waitFrame = (done: (text: string) => boolean, timeoutMs = 5000, since = 0): Promise<Frame | undefined> =>
    new Promise((resolve) => {
      if (stdout.last.t >= since && since === 0 && done(stripAnsi(stdout.last.text))) return resolve(stdout.last);
      const timer = setTimeout(() => {
        off();
        resolve(undefined);
      }, timeoutMs);
      const off = stdout.onFrame((f) => {
        if (f.t >= since && done(stripAnsi(f.text))) {
          clearTimeout(timer);
          off();
          resolve(f);
        }
      });
    });
  return {
    stdout,
    renderTimes,
    waitFrame: (done, timeoutMs) => waitFrame(done, timeoutMs),
    async press(key, done, timeoutMs = 2000) {
      const t0 = wallMs();
      const p = waitFrame(done, timeoutMs, t0);
      stdin.write(key);
      const f = await p;
      return f ? f.t - t0 : undefined;
    },
    async type(keys, gapMs = 30) {
      for (const k of keys) {
        stdin.write(k);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    },
    unmount() {
      inst.unmount();
      inst.cleanup();
    },
  };
}

/** The selected row of the table (the line the cursor mark starts). */
export function cursorLine(text: string): string | undefined {
  return text.split('\n').find((l) => l.trimStart().startsWith('›'));
}

/** "[a-b/N" range in the table title. */
export function tableRange(text: string): string | undefined {
  return /\[(\d+-\d+\/\d+)/.exec(text)?.[1];
}
