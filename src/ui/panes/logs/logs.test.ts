// Pure parts of the logs view: stable row ids, quick filters, entry lines, save text, prompt editing.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLog, logRows } from './rows.js';
import { logWhere, nextMaxPri, toggleLogField } from './filter.js';
import { logRowsText, savePath, saveText } from './save.js';
import { wrapText } from '../entry/lines.js';
import { historyMove, killWord, openPrompt, remember, typeText, backspace } from '../../prompt-edit.js';
import type { PromptState } from '../../components/Footer.js';
import { wrappedTableLines } from '../../components/wrapped-lines.js';
import { makeTheme } from '../../theme.js';
import type { JournalEntry } from '../../../model/journal.js';

const E = (time: number, node: string, priority: number, message: string, unit?: string): JournalEntry => ({ time, node, priority, message, ...(unit ? { unit } : {}) });

describe('log rows', () => {
  it('ids survive the ring dropping older entries (an index would name another entry)', () => {
    const logs = [E(1, 'a', 6, 'old'), E(2, 'a', 6, 'first'), E(2, 'a', 6, 'second')];
    const id = logRows(logs)[2]!.id;
    expect(findLog(logs.slice(1), id)?.message).toBe('second');
    expect(findLog(logs, logRows(logs)[1]!.id)?.message).toBe('first');
    expect(findLog(logs, 'junk')).toBeUndefined();
  });
});

describe('quick filters', () => {
  const rows = logRows([E(1, 'n1', 3, 'a', 'pacemaker.service'), E(2, 'n2', 6, 'b', 'corosync.service'), E(3, 'n1', 7, 'c')]);
  it('node, unit and priority combine; the label says which', () => {
    const w = logWhere({ node: 'n1', maxPri: 6 })!;
    expect(rows.filter(w.test).map((r) => r.cells[4])).toEqual(['a']);
    expect(w.label).toBe('node=n1 pri≤info');
    expect(logWhere({})).toBeUndefined();
  });
  it('toggle takes the selected row\'s value, and clears when set', () => {
    expect(toggleLogField({}, 'unit', rows[1])).toEqual({ unit: 'corosync.service' });
    expect(toggleLogField({ unit: 'x', node: 'n1' }, 'unit', rows[1])).toEqual({ node: 'n1' });
  });
  it('priority cycles back to everything', () => {
    const seen: (number | undefined)[] = [];
    let p: number | undefined;
    for (let i = 0; i < 5; i++) seen.push((p = nextMaxPri(p)));
    expect(seen).toEqual([6, 5, 4, 3, undefined]);
  });
});

describe('wrapping', () => {
  it('wrapText splits at spaces, hard-cuts long words, keeps newlines', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('a\nb', 10)).toEqual(['a', 'b']);
  });
  it('wrapped table: the cursor row is wholly visible, lines never exceed the height', () => {
    const rs = logRows([E(1, 'n1', 6, 'x'.repeat(50)), E(2, 'n1', 6, 'y'.repeat(50)), E(3, 'n1', 6, 'short')]);
    const columns = [{ title: 'NODE', width: 4, priority: 0 }, { title: 'MSG', width: 10, priority: 0, grow: true }];
    const rows = rs.map((r) => ({ ...r, cells: [r.cells[1]!, r.cells[4]!] }));
    const { lines, start } = wrappedTableLines(makeTheme(false), { columns, cols: [{ index: 0, width: 4 }, { index: 1, width: 10 }], rows, cursor: 2, start: 0, bodyHeight: 6 });
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(lines.join('\n')).toContain('short');
    expect(start).toBe(1);
    expect(lines[2]).toBe(' '.repeat(7) + 'yyyyyyyyyy');
  });
});

describe('save', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  it('~ and relative paths resolve; text has full time, node, unit, priority', () => {
    expect(savePath('~/x.log', '/w', '/home/u')).toBe('/home/u/x.log');
    expect(savePath('x.log', '/w', '/home/u')).toBe('/w/x.log');
    const t = logRowsText(logRows([E(Date.UTC(2026, 0, 2, 3, 4, 5), 'n1', 3, 'boom\nmore', 'pacemaker.service')]));
    expect(t).toMatch(/^2026-01-0\dT\d\d:04:05[+-]\d{4} n1 pacemaker\.service err: boom\n {4}more\n$/);
  });
  it('never overwrites by itself; errors name why', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-save-'));
    const p = join(dir, 'a.log');
    writeFileSync(p, 'old');
    expect(await saveText(p, 'new')).toEqual({ ok: false, exists: true, path: p });
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect((await saveText(p, 'new\n', true)).ok).toBe(true);
    expect(readFileSync(p, 'utf8')).toBe('new\n');
    expect(await saveText(join(dir, 'no', 'a.log'), 'x')).toEqual({ ok: false, path: join(dir, 'no', 'a.log'), error: 'the directory does not exist' });
    expect(await saveText(dir, 'x', true)).toMatchObject({ ok: false, error: 'it is a directory' });
  });
});

describe('prompt editing', () => {
  it('selected text is replaced by typing and cleared by backspace', () => {
    expect(typeText(openPrompt('/', 'old'), 'n').text).toBe('n');
    expect(backspace(openPrompt('/', 'old')).text).toBe('');
    expect(typeText(openPrompt('/', ''), 'n').text).toBe('n');
  });
  it('Ctrl-W deletes the word before the cursor and the spaces after it', () => {
    expect(killWord({ kind: '/', text: 'link up  ' }).text).toBe('link ');
    expect(killWord({ kind: '/', text: 'x' }).text).toBe('');
  });
  it('history: ↑ older, ↓ newer, then the line being typed; duplicates of the newest not kept', () => {
    const h = remember(remember(remember([], 'a'), 'b'), 'b');
    expect(h).toEqual(['a', 'b']);
    let p: PromptState = { kind: '/', text: 'typing' };
    p = historyMove(p, h, -1);
    expect(p.text).toBe('b');
    p = historyMove(historyMove(p, h, -1), h, -1);
    expect(p.text).toBe('a');
    p = historyMove(historyMove(p, h, 1), h, 1);
    expect(p.text).toBe('typing');
    expect(remember([], '  ')).toEqual([]);
  });
});
