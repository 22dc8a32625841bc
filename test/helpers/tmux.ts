// The tmux harness of the test/e2e/*-tmux tests: `node bin/virtdeck.js ARGS` in a detached tmux
// session on a private socket (so the user's tmux server is never touched), the screen read with
// capture-pane and keys sent with send-keys. One copy here instead of one per test file.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { toolPath } from './tools.js';

/** The repository root (bin/virtdeck.js lives there). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Printed by the pane's shell when virtdeck ends: `${EXIT_MARK} rc=N`. */
export const EXIT_MARK = '__VD_EXITED__';
export const SESSION = 'vd';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TmuxConsoleOpts {
  /** Socket name prefix (the socket is `${name}-${pid}-${random}`). */
  name: string;
  /** How often waitFor reads the screen (ms). */
  pollMs?: number;
}

export interface StartOpts {
  cols: number;
  rows: number;
  /** virtdeck's arguments, already shell-quoted where needed. */
  args: string;
  /** Shell assignments before `node`, e.g. `TERM=xterm NO_COLOR=1`. */
  env: string;
  /** Echo EXIT_MARK (with `suffix`) and the exit status when virtdeck ends; default true. */
  exitMark?: boolean;
  markSuffix?: string;
}

export type TmuxConsole = ReturnType<typeof tmuxConsole>;

export function tmuxConsole({ name, pollMs = 200 }: TmuxConsoleOpts) {
  const sock = `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const bin = toolPath('tmux') ?? 'tmux';
  const tmux = (...args: string[]) => execFileSync(bin, ['-L', sock, ...args], { encoding: 'utf8' });
  const capture = () => tmux('capture-pane', '-p', '-t', SESSION).replace(/\n$/, '');
  const send = (...keys: string[]) => tmux('send-keys', '-t', SESSION, ...keys);
  const shell = (o: Omit<StartOpts, 'cols' | 'rows'>) =>
    `cd '${ROOT}' && ${o.env} node bin/virtdeck.js ${o.args}; ${o.exitMark === false ? '' : `echo ${EXIT_MARK}${o.markSuffix ?? ''} rc=$?; `}exec sleep 600`;

  async function waitFor(pred: (screen: string) => boolean, timeoutMs: number): Promise<string> {
    const t0 = Date.now();
    let s = '';
    while (Date.now() - t0 < timeoutMs) {
      s = capture();
      if (pred(s)) return s;
      await sleep(pollMs);
    }
    throw new Error(`timed out after ${timeoutMs} ms; screen:\n${s}`);
  }

  return {
    tmux,
    capture,
    send,
    waitFor,
    /** A new detached session of cols×rows running virtdeck. */
    start: (o: StartOpts) => tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', String(o.cols), '-y', String(o.rows), shell(o)),
    /** Kill what runs in the pane and run virtdeck again there. */
    respawn: (o: Omit<StartOpts, 'cols' | 'rows'>) => tmux('respawn-pane', '-k', '-t', SESSION, shell(o)),
    resize: (cols: number, rows: number) => tmux('resize-window', '-t', SESSION, '-x', String(cols), '-y', String(rows)),
    /** A tmux format of the pane, e.g. `#{alternate_on}`. */
    display: (format: string) => tmux('display', '-p', '-t', SESSION, format),
    /** The screen with its escape sequences (colours). */
    captureAnsi: () => tmux('capture-pane', '-p', '-e', '-t', SESSION),
    /**
     * Wait for the console to show. When it does not, fail with why (its screen when it exited):
     * a console that never draws is a bug (it once was ink seeing CI=1 and drawing nothing),
     * not a missing tool, so it is never a skip.
     */
    async waitShown(pred: (screen: string) => boolean, timeoutMs: number, what: string): Promise<string> {
      try {
        return await waitFor(pred, timeoutMs);
      } catch (e) {
        const s = capture();
        throw new Error(`${what}: ${s.includes(EXIT_MARK) ? `it exited:\n${s}` : (e as Error).message}`);
      }
    },
    kill: () => void spawnSync(bin, ['-L', sock, 'kill-server']),
  };
}
