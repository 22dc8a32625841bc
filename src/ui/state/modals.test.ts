// The small modals: help scroll, the sort picker, the replay bar.
import { describe, expect, it } from 'vitest';
import { help, openHelp } from './help.js';
import { moveSortPick, openSortPick, pickedColumn } from './sort.js';
import { MAX_SPEED, MIN_SPEED, replay } from './replay.js';

describe('help', () => {
  it('scrolls within what the overlay reports, top and bottom jump', () => {
    const h = [1, 2, 3, 4].reduce((x) => help(x, { type: 'scroll', delta: 1 }, 3), openHelp());
    expect(h.offset).toBe(3);
    expect(help(h, { type: 'scroll', delta: -1 }, 3).offset).toBe(2);
    expect(help(h, { type: 'top' }, 3).offset).toBe(0);
    expect(help(openHelp(), { type: 'bottom' }, 9).offset).toBe(9);
    expect(help(openHelp(), { type: 'scroll', delta: -1 }, 9).offset).toBe(0);
  });
});

describe('sort picker', () => {
  it('opens on the current sort column, moves within the choices', () => {
    const p = openSortPick([undefined, 0, 1, 2], 1);
    expect(p.index).toBe(2);
    expect(pickedColumn(moveSortPick(moveSortPick(p, 1), 1))).toBe(2);
    expect(pickedColumn(moveSortPick(openSortPick([undefined, 0], undefined), -1))).toBeUndefined();
    expect(openSortPick([undefined, 0], 7).index).toBe(0);
  });
});

describe('replay bar', () => {
  it('toggles from what the controls say; speed halves and doubles within bounds; sync follows the controls', () => {
    const r = { playing: false, speed: 1 };
    expect(replay(r, { type: 'toggle', playing: true }).playing).toBe(false);
    expect(replay(r, { type: 'toggle', playing: false }).playing).toBe(true);
    expect([1, 2, 3, 4].reduce((x) => replay(x, { type: 'slower' }), r).speed).toBe(MIN_SPEED);
    expect(Array.from({ length: 10 }).reduce<typeof r>((x) => replay(x, { type: 'faster' }), r).speed).toBe(MAX_SPEED);
    expect(replay(r, { type: 'sync', playing: false })).toBe(r);
    expect(replay(r, { type: 'sync', playing: true }).playing).toBe(true);
  });
});
