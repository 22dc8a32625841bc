// Pre-formatted table lines: what ink draws, one string per line.
import chalk from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitColumns, type Column, type Row } from '../table.js';
import { makeTheme } from '../theme.js';
import { tableLines } from './Table.js';

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const COLS: Column[] = [
  { title: 'VM', width: 6, priority: 0, grow: true },
  { title: 'STATE', width: 9, priority: 0 },
  { title: 'CPU', width: 5, priority: 1, align: 'right' },
];
const rows: Row[] = [
  { id: 'a', cells: ['web1', '● running', '7.5%'], tone: 'normal', cellTones: [undefined, 'ok', undefined] },
  { id: 'b', cells: ['db-primary-long', '● running?', '-'], tone: 'stale', cellTones: [undefined, 'ok', undefined] },
  { id: 'c', cells: ['scratch', 'shut off', '-'], tone: 'muted' },
];

describe('tableLines', () => {
  let level: typeof chalk.level;
  beforeEach(() => {
    level = chalk.level;
    chalk.level = 1;
  });
  afterEach(() => {
    chalk.level = level;
  });
  const input = { columns: COLS, cols: fitColumns(COLS, 30), rows, cursor: 0, start: 0, bodyHeight: 5, marks: new Set(['c']), sortCol: 2, sortRev: true };

  it('header, then each row fitted to the width with cursor and mark gutters', () => {
    const lines = tableLines(makeTheme(false), input).map(plain);
    expect(lines).toEqual(['  VM           STATE      CPU↓', '› web1         ● running  7.5%', '  db-primary-… ● runnin…     -', ' *scratch      shut off      -']);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
  });

  it('colour: cell tones inside live rows only, stale rows dimmed whole, the cursor row inverse', () => {
    const [, live, stale] = tableLines(makeTheme(true), input);
    expect(live).toContain('\x1b[7m'); // inverse
    expect(live).toContain('\x1b[32m● running'); // green state cell
    expect(stale).toContain('\x1b[2m'); // dim
    expect(stale).not.toContain('\x1b[32m');
  });

  it('no colour: no escape codes at all; an empty table says so', () => {
    expect(tableLines(makeTheme(false), input).join('')).not.toContain('\x1b[');
    expect(tableLines(makeTheme(false), { ...input, rows: [] }).map(plain)).toEqual(['  VM           STATE      CPU↓', '  (no rows)']);
  });
});
