import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import chalk from 'chalk';
import { GenerationCache, inkStyledLines, installInkOutputCache } from './ink-output-cache.js';

describe('GenerationCache', () => {
  it('keeps recent keys, promotes hits from the old generation, drops keys unused for two generations', () => {
    const c = new GenerationCache<number>(2);
    let made = 0;
    const get = (k: string) => c.get(k, () => (made++, k.length));
    get('a');
    get('bb');
    get('ccc'); // young full: {a, bb} becomes old
    expect(made).toBe(3);
    get('a'); // old hit, promoted: no make
    expect(made).toBe(3);
    get('dddd'); // young {ccc, a} full → old; young {dddd}
    get('eeeee'); // young {dddd, eeeee}
    get('f'); // old {dddd, eeeee}: bb (unused for two generations) is gone
    get('bb');
    expect(made).toBe(7);
    expect(c.size).toBeLessThanOrEqual(4);
  });
});

describe('ink output cache', () => {
  it('patches the ink installed here, and frames are identical to what ink draws itself', async () => {
    const st = await installInkOutputCache();
    expect(st).toEqual({ patched: true });
    const line = (i: number) => createElement(Text, { key: i, wrap: 'truncate' }, `${chalk.red('row')} ${i} ${'x'.repeat(i)} 漢字`);
    const tree = (n: number) => createElement(Box, { flexDirection: 'column', width: 30 }, Array.from({ length: n }, (_, i) => line(i)));
    const a = render(tree(12));
    const first = a.lastFrame();
    const hits = inkStyledLines!.hits;
    a.rerender(tree(12));
    expect(a.lastFrame()).toBe(first);
    // ink's own Output used the cache: the 12 unchanged lines were not tokenized again
    expect(inkStyledLines!.hits - hits).toBeGreaterThanOrEqual(12);
    a.rerender(tree(13));
    expect(a.lastFrame()!.split('\n')).toHaveLength(13);
    expect(a.lastFrame()).toContain('row 12 xxxxxxxxxxxx 漢字');
    a.unmount();
  });
});
