import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import chalk from 'chalk';
import { GenerationCache } from '../generation-cache.js';
import { inkInternals, inkStyledLines, installInkPatch } from './install.js';
import { patchInkOutput } from './output-cache.js';

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
    const st = await installInkPatch();
    expect(st).toMatchObject({ patched: true });
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

describe('patchInkOutput', () => {
  // Stand-ins for ink's classes: same methods (by default ink's own, unpatched), no ink state touched.
  const standIn = (get: unknown, getStyledChars: unknown) => {
    const { originals } = inkInternals!;
    class Caches {
      widths = new Map();
      blockWidths = new Map();
      styledChars = new Map();
    }
    Object.assign(Caches.prototype, { getStyledChars, getStringWidth: originals.getStringWidth, getWidestLine: originals.getWidestLine });
    class Output {
      operations = [];
      caches = new Caches();
      width: number;
      height: number;
      constructor(o: { width: number; height: number }) {
        this.width = o.width;
        this.height = o.height;
      }
    }
    Object.assign(Output.prototype, { get });
    const snapshot = () => ({ get: (Output.prototype as { get?: unknown }).get, caches: Object.fromEntries(Object.entries(Caches.prototype)) });
    return { Output, snapshot, before: snapshot() };
  };

  it('leaves an Output whose get() is not the ink 6.8 code untouched, and says why', async () => {
    await installInkPatch();
    const { originals } = inkInternals!;
    const s = standIn(function get() {
      return { output: '', height: 0 };
    }, originals.getStyledChars);
    const p = patchInkOutput(s.Output, inkInternals!.tok, inkInternals!.sliceAnsi);
    expect(p.status).toEqual({ patched: false, reason: 'ink Output.get() is not the ink 6.8 code that fast-output.ts follows' });
    expect(s.snapshot()).toEqual(s.before);
    expect(patchInkOutput(undefined, inkInternals!.tok, inkInternals!.sliceAnsi).status.reason).toMatch(/Output class not found/);
  });

  it('refuses when ansi-tokenize lacks a function or disagrees with ink, and patches a sound stand-in', async () => {
    await installInkPatch();
    const { originals, tok, sliceAnsi } = inkInternals!;
    const s = standIn(originals.get, originals.getStyledChars);
    expect(patchInkOutput(s.Output, { tokenize: tok.tokenize }, sliceAnsi).status).toEqual({
      patched: false,
      reason: '@alcalzone/ansi-tokenize lacks styledCharsFromTokens, reduceAnsiCodesIncremental, diffAnsiCodes, ansiCodesToString',
    });
    expect(patchInkOutput(s.Output, tok, undefined).status.reason).toBe('slice-ansi not found next to ink');
    // a style diff that differs from the one ink uses: the start-up self-check catches it
    const wrong = { ...tok, diffAnsiCodes: () => [] };
    expect(patchInkOutput(s.Output, wrong, sliceAnsi).status.reason).toMatch(/^self-check failed/);
    expect(s.snapshot()).toEqual(s.before);
    const ok = patchInkOutput(s.Output, tok, sliceAnsi);
    expect(ok.status).toEqual({ patched: true });
    expect(s.snapshot().get).not.toBe(originals.get);
    const o = new s.Output({ width: 8, height: 2 }) as unknown as { operations: unknown[]; get(): unknown };
    o.operations.push({ type: 'write', x: 1, y: 1, text: '\x1b[1mok\x1b[22m 漢', transformers: [] });
    expect(o.get()).toEqual({ output: '\n \x1b[1mok\x1b[22m 漢', height: 2 });
  });
});
