import { describe, expect, it } from 'vitest';
import { chart, sparkline } from './chart.js';

describe('sparkline', () => {
  it('draws the last `width` values on the scale 0…max', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([1, 2], 8)).toBe('▄█');
    expect(sparkline([], 8)).toBe('');
  });

  it('unknown (NaN) is a blank gap; zero is the lowest block, never blank', () => {
    expect(sparkline([0, Number.NaN, Number.NaN, 8], 4)).toBe('▁  █');
    expect(sparkline(Float64Array.from([Number.NaN, 0]), 2)).toBe(' ▁');
  });

  it('a fixed scale (percent) does not stretch a flat low line to the top', () => {
    expect(sparkline([10, 10, 10], 3, { max: 100 })).toBe('▁▁▁');
    expect(sparkline([100, 50, 0], 3, { max: 100 })).toBe('█▄▁');
    expect(sparkline([10, 10, 10], 3)).toBe('███');
    expect(sparkline([1.5, 2, 40], 3, { atLeast: 20 })).toBe('▁▁█');
    expect(sparkline([1.5, 2, 5], 3, { atLeast: 20 })).toBe('▁▁▂');
  });
});

describe('chart', () => {
  it('draws blocks on h rows with the scale labels, an axis, a time axis and min/max', () => {
    const lines = chart([0, 50, 100, 25], 4, 2, { max: 100, fmt: (v) => `${v}%`, stepMs: 60_000 });
    expect(lines[0]).toBe('100% ┤  █ ');
    expect(lines[1]).toBe('  0% ┤▁██▄');
    expect(lines[2]).toBe('     └────');
    expect(lines[3]).toBe('      -4m00s now');
    expect(lines[4]).toBe('      min 0% · max 100% · now 25%');
  });

  it('right-aligns the data (newest at "now") and leaves unknown columns blank, not at zero', () => {
    const lines = chart([5, Number.NaN, 5], 6, 1, { max: 10 });
    expect(lines[0]).toBe(' 10 ┤   ▄ ▄');
    expect(lines.at(-1)).toBe('     min 5.0 · max 5.0 · now 5.0');
    const none = chart([Number.NaN, Number.NaN], 3, 1, { max: 10 });
    expect(none[0]).toBe(' 10 ┤   ');
    expect(none.at(-1)).toBe('     no data yet');
  });

  it('says "no data" when the newest column is a gap (stale now)', () => {
    expect(chart([1, 2, Number.NaN], 3, 1).at(-1)).toBe('     min 1.0 · max 2.0 · now no data');
  });

  it('uses only plain characters (no escape codes: NO_COLOR-safe)', () => {
    for (const l of chart([1, 2, 3], 10, 3, { stepMs: 5000 })) expect(l).not.toMatch(/\u001b/);
  });
});
