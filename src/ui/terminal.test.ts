import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR, crashDir, installExitGuards, makeRestorer, writeCrashReport, type ExitReason } from './terminal.js';
import { colourDisabled } from './theme.js';

const sink = () => {
  const out: string[] = [];
  return { out, write: (s: string) => (out.push(s), true) };
};

describe('alternate screen', () => {
  it('enters once and restores screen + cursor exactly once', () => {
    const s = sink();
    const t = makeRestorer(s);
    t.restore(); // nothing entered: nothing to restore
    expect(s.out).toEqual([]);
    t.enter();
    t.restore();
    t.restore();
    expect(s.out).toEqual([ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN + SHOW_CURSOR]);
    expect(LEAVE_ALT_SCREEN).toBe('\x1b[?1049l');
    expect(SHOW_CURSOR).toBe('\x1b[?25h');
  });
  it('restore survives a dead TTY', () => {
    const t = makeRestorer({ write: () => { throw Object.assign(new Error('EIO'), { code: 'EIO' }); } });
    t.enter();
    expect(() => t.restore()).not.toThrow();
  });
});

describe('exit guards', () => {
  const setup = () => {
    const proc = new EventEmitter() as EventEmitter & { exit: ReturnType<typeof vi.fn> };
    proc.exit = vi.fn();
    const stdout = Object.assign(new EventEmitter(), sink());
    const stdin = new EventEmitter();
    const stderr = sink();
    const restore = vi.fn();
    const exits: ExitReason[] = [];
    const off = installExitGuards({ stdout, stdin, stderr, restore, onExit: (r) => exits.push(r), proc: proc as unknown as NodeJS.Process });
    return { proc, stdout, stdin, stderr, restore, exits, off };
  };

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} restores the terminal and exits with ${code}`, () => {
      const g = setup();
      g.proc.emit(signal);
      expect(g.restore).toHaveBeenCalled();
      expect(g.exits).toEqual([{ kind: 'signal', signal, code }]);
      g.off();
    });
  }

  it('stdout EPIPE/EIO and stdin end count as the TTY going away', () => {
    const g = setup();
    g.stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    g.stdin.emit('end');
    expect(g.exits).toEqual([{ kind: 'tty-gone', detail: 'stdout EPIPE' }]); // once only
    expect(g.restore).toHaveBeenCalled();
    g.off();
    const h = setup();
    h.stdin.emit('end');
    expect(h.exits).toEqual([{ kind: 'tty-gone', detail: 'stdin ended' }]);
    h.off();
  });

  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  it('an uncaught exception restores, writes a crash report, prints where, exits 70', () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-crash-'));
    vi.stubEnv('XDG_STATE_HOME', dir);
    const g = setup();
    g.proc.emit('uncaughtException', new Error('kaboom'));
    expect(g.restore).toHaveBeenCalled();
    expect(g.proc.exit).toHaveBeenCalledWith(70);
    const msg = g.stderr.out.join('');
    expect(msg).toContain('virtdeck crashed: kaboom');
    const path = /crash report: (.*)\n/.exec(msg)![1]!;
    expect(path.startsWith(join(dir, 'virtdeck'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('Error: kaboom');
    g.proc.emit('unhandledRejection', new Error('later'));
    expect(g.proc.exit).toHaveBeenCalledTimes(2);
    g.off();
    expect(g.proc.listenerCount('SIGINT')).toBe(0);
  });

  it('crash dir follows XDG_STATE_HOME, else ~/.local/state', () => {
    expect(crashDir({ XDG_STATE_HOME: '/x' })).toBe('/x/virtdeck');
    expect(crashDir({ HOME: '/home/op' })).toBe('/home/op/.local/state/virtdeck');
    dir = mkdtempSync(join(tmpdir(), 'vd-crash-'));
    expect(writeCrashReport('plain string', { XDG_STATE_HOME: dir })).toContain(dir);
  });
});

describe('colour decision', () => {
  it('NO_COLOR (non-empty) and --no-color turn colour off', () => {
    expect(colourDisabled({})).toBe(false);
    expect(colourDisabled({ NO_COLOR: '1' })).toBe(true);
    expect(colourDisabled({ NO_COLOR: '' })).toBe(false);
    expect(colourDisabled({}, true)).toBe(true);
  });
});
