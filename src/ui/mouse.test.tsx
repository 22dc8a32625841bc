/** @jsxRuntime automatic */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { DISABLE_MOUSE, ENABLE_MOUSE, parseSgrMouse } from './mouse.js';
import { makeRestorer } from './terminal.js';
import { parseArgv } from '../cli/args.js';
import { KEY, renderApp } from '../../test/support/ui/render.js';

afterEach(() => cleanup());
const lines = (f: string) => f.split('\n');
const selected = (f: string) => lines(f).find((l) => l.startsWith('›')) ?? '';

describe('SGR mouse reports', () => {
  it('parses wheel, press (0-based cells), modifiers; ignores releases and non-reports', () => {
    expect(parseSgrMouse('\x1b[<64;10;5M')).toEqual({ kind: 'wheel', delta: -1, x: 9, y: 4 });
    expect(parseSgrMouse('[<65;1;1M')).toEqual({ kind: 'wheel', delta: 1, x: 0, y: 0 });
    expect(parseSgrMouse('[<0;3;7M')).toEqual({ kind: 'press', button: 0, x: 2, y: 6 });
    expect(parseSgrMouse('[<16;3;7M')).toEqual({ kind: 'press', button: 0, x: 2, y: 6 });
    expect(parseSgrMouse('[<0;3;7m')).toEqual({ kind: 'other' });
    expect(parseSgrMouse('[<35;3;7M')).toEqual({ kind: 'other' });
    expect(parseSgrMouse('[A')).toBeUndefined();
    expect(parseSgrMouse('[<0;3M')).toBeUndefined();
  });

  it('reporting goes on with the alternate screen and off with it (every exit path calls restore)', () => {
    let out = '';
    const t = makeRestorer({ write: (s) => ((out += s), true) }, { mouse: true });
    t.enter();
    expect(out).toContain(ENABLE_MOUSE);
    t.restore();
    expect(out.endsWith(DISABLE_MOUSE + '\x1b[?1049l\x1b[?25h')).toBe(true);
    let plain = '';
    const p = makeRestorer({ write: (s) => ((plain += s), true) });
    p.enter();
    p.restore();
    expect(plain).not.toContain('1000h');
    expect(plain).not.toContain('1000l');
  });

  it('--no-mouse is a global flag', () => {
    expect(parseArgv(['--no-mouse']).opts.noMouse).toBe(true);
    expect(parseArgv([]).opts.noMouse).toBeUndefined();
  });
});

describe('mouse in the console', () => {
  it('the wheel moves the cursor 3 rows, a click selects the row under it, a report is never typed as keys', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter);
    const rows = lines(a.frame());
    const firstRow = rows.findIndex((l) => l.startsWith('›'));
    // the first row is on screen line 4 (two header lines, title, column header)
    expect(firstRow).toBe(4);
    await a.type('\x1b[<65;5;10M');
    expect(selected(a.frame()).slice(2)).toBe(rows[firstRow + 3]!.slice(2));
    await a.type('\x1b[<64;5;10M');
    expect(selected(a.frame()).slice(2)).toBe(rows[firstRow]!.slice(2));
    // click on line 7 (1-based y 8): the 4th row
    await a.type('\x1b[<0;20;8M', '\x1b[<0;20;8m');
    expect(selected(a.frame()).slice(2)).toBe(rows[7]!.slice(2));
    // no ":" prompt, no filter, no sort from the report's characters
    expect(lines(a.frame())[2]!.trim()).toBe('VMs [1-21/21]');
    expect(lines(a.frame()).at(-1)).toMatch(/^\/ filter  s sort/);
  });

  it('a click on a column title sorts by that column; again reverses', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter);
    const header = lines(a.frame())[3]!;
    const x = header.indexOf('NODE') + 1; // 1-based column of the title's first cell
    await a.type(`\x1b[<0;${x + 1};4M`);
    expect(lines(a.frame())[2]).toContain('sort NODE↑');
    await a.type(`\x1b[<0;${x + 1};4M`);
    expect(lines(a.frame())[2]).toContain('sort NODE↓');
  });
});
