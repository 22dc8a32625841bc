// Terminal citizenship: alternate screen on start, and the screen + cursor restored on EVERY way
// out (quit, signals, crash, TTY gone). restore() is idempotent so paths may overlap.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISABLE_MOUSE, ENABLE_MOUSE } from './mouse.js';

export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';

export interface Writable {
  write(s: string): boolean;
}

/** `mouse`: mouse reporting on with the alternate screen, and off again with it. */
export function makeRestorer(out: Writable, o: { mouse?: boolean } = {}): { enter(): void; restore(): void; readonly restored: boolean } {
  let entered = false;
  let restored = false;
  return {
    enter() {
      if (entered) return;
      entered = true;
      try {
        out.write(ENTER_ALT_SCREEN + (o.mouse ? ENABLE_MOUSE : ''));
      } catch {
        /* TTY gone already */
      }
    },
    restore() {
      if (!entered || restored) return;
      restored = true;
      try {
        out.write((o.mouse ? DISABLE_MOUSE : '') + LEAVE_ALT_SCREEN + SHOW_CURSOR);
      } catch {
        /* EPIPE/EIO: nothing left to restore */
      }
    },
    get restored() {
      return restored;
    },
  };
}

/** $XDG_STATE_HOME/virtdeck, ~/.local/state/virtdeck, or the temp dir as a last resort. */
export function crashDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_STATE_HOME'] || (env['HOME'] ? join(env['HOME'], '.local', 'state') : '') || join(homedir(), '.local', 'state');
  return join(base, 'virtdeck');
}

/** Writes a short crash report; returns its path (falls back to the temp dir). */
export function writeCrashReport(err: unknown, env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const text = [`virtdeck crash report ${now.toISOString()}`, `node ${process.version} ${process.platform} pid ${process.pid}`, `argv ${process.argv.slice(2).join(' ')}`, '', e.stack ?? `${e.name}: ${e.message}`, ''].join('\n');
  const name = `crash-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.txt`;
  for (const dir of [crashDir(env), join(tmpdir(), 'virtdeck')]) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const p = join(dir, name);
      writeFileSync(p, text, { mode: 0o600 });
      return p;
    } catch {
      /* try the next place */
    }
  }
  return '(could not write a crash report)';
}

export type ExitReason = { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP'; code: number } | { kind: 'tty-gone'; detail: string } | { kind: 'crash'; error: unknown };

const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Installs the exit paths that are not a normal quit. `onExit` is called once; the caller
 * unmounts and resolves. Crashes restore the terminal, write a report and exit(70).
 */
export function installExitGuards(opts: {
  stdout: NodeJS.WriteStream | (Writable & { on(ev: 'error', f: (e: NodeJS.ErrnoException) => void): unknown; off(ev: 'error', f: (e: NodeJS.ErrnoException) => void): unknown });
  stdin: NodeJS.ReadStream | { on(ev: 'end', f: () => void): unknown; off(ev: 'end', f: () => void): unknown };
  stderr: Writable;
  restore(): void;
  onExit(r: ExitReason): void;
  proc?: NodeJS.Process;
}): () => void {
  const proc = opts.proc ?? process;
  let done = false;
  const once = (r: ExitReason) => {
    if (done) return;
    done = true;
    opts.restore();
    opts.onExit(r);
  };
  const sig = (signal: keyof typeof SIGNAL_CODES) => () => once({ kind: 'signal', signal, code: SIGNAL_CODES[signal] });
  const onInt = sig('SIGINT');
  const onTerm = sig('SIGTERM');
  const onHup = sig('SIGHUP');
  const crash = (error: unknown) => {
    opts.restore();
    const path = writeCrashReport(error);
    try {
      opts.stderr.write(`virtdeck crashed: ${error instanceof Error ? error.message : String(error)}\ncrash report: ${path}\n`);
    } catch {
      /* stderr gone too */
    }
    proc.exit(70);
  };
  const onOutErr = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'EIO' || e.code === 'ENXIO') once({ kind: 'tty-gone', detail: `stdout ${e.code}` });
    else crash(e);
  };
  const onInEnd = () => once({ kind: 'tty-gone', detail: 'stdin ended' });
  const onExitEvt = () => opts.restore();
  proc.on('SIGINT', onInt);
  proc.on('SIGTERM', onTerm);
  proc.on('SIGHUP', onHup);
  proc.on('uncaughtException', crash);
  proc.on('unhandledRejection', crash);
  proc.on('exit', onExitEvt);
  opts.stdout.on('error', onOutErr);
  opts.stdin.on('end', onInEnd);
  return () => {
    proc.off('SIGINT', onInt);
    proc.off('SIGTERM', onTerm);
    proc.off('SIGHUP', onHup);
    proc.off('uncaughtException', crash);
    proc.off('unhandledRejection', crash);
    proc.off('exit', onExitEvt);
    opts.stdout.off('error', onOutErr);
    opts.stdin.off('end', onInEnd);
  };
}
