import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inkInternals, installInkPatch } from './install.js';
import { originalFrame } from './output-cache.js';
import type { AnsiCode, OutputLike, StyledChar } from './fast-output.js';

let ink: NonNullable<typeof inkInternals>;
beforeAll(async () => {
  expect(await installInkPatch()).toMatchObject({ patched: true });
  ink = inkInternals!;
});

type Op =
  | { op: 'write'; x: number; y: number; text: string; transformers: number[] }
  | { op: 'clip'; clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { op: 'unclip' };

const SGR = ['\x1b[31m', '\x1b[1m', '\x1b[2m', '\x1b[7m', '\x1b[44m', '\x1b[4m', '\x1b[9m', '\x1b[38;5;123m', '\x1b[48;5;17m', '\x1b[38;2;10;200;30m', '\x1b[48;2;1;2;3m', '\x1b[1;31;48;5;20m', '\x1b[22;2m', '\x1b[0m', '\x1b[m', '\x1b[39m', '\x1b[49m', '\x1b[22m', '\x1b[27m', '\x1b[24m', '\x1b[1;;31m', '\x1b[38;5m', '\x1b[38;2;1m', '\x1b[99m'];
const WIDE = ['\u0600', '\ud804\udcbd', '#\ufe0f\u20e3', '▁▂▃', '漢', '字', 'ｱ', '😀', '👍🏽', '👨‍👩‍👧', '🇩🇪', '❤️', '\u0301', 'e\u0301', '\u200d', 'ℹ', '●', '…', '가', 'ก\u0e33', 'क्ष', '\u00a0', '\u3000'];
const ODD = ['\x1b[2K', '\x1b', '\x1b[', '\x1b[31', '\x1bX', '\t', '\x9b31m', '\x07', '\x1b]8;;https://x.y\x07', '\x1b]8;;\x07', '\x1b]8;id=1;u\x07', '\x1b]8;;broken'];
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const ascii = fc.string({ unit: fc.constantFrom(...PRINTABLE), minLength: 1, maxLength: 6 });
const piece = fc.oneof(
  { weight: 6, arbitrary: ascii },
  { weight: 5, arbitrary: fc.constantFrom(...SGR) },
  { weight: 3, arbitrary: fc.constantFrom(...WIDE) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.constant('\n') },
);
const text = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
const coord = (max: number) => fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -3, max: Math.ceil(max) + 3 }) }, { weight: 1, arbitrary: fc.constant(1.5) });
const maybe = (max: number) => fc.option(fc.integer({ min: -2, max: Math.ceil(max) + 2 }), { nil: undefined, freq: 4 });
const op = (w: number, h: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('write' as const), x: coord(w), y: coord(h), text, transformers: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('clip' as const), clip: fc.record({ x1: maybe(w), x2: maybe(w), y1: maybe(h), y2: maybe(h) }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'unclip' as const }) },
  );
const TRANSFORMERS: ((line: string, index: number) => string)[] = [
  (l) => l.toUpperCase(),
  (l, i) => `${i}:${l}`,
  (l) => `\x1b[32m${l}\x1b[39m`,
  (l) => l.slice(1),
  () => '',
];
const frame = fc
  .record({ w: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(7.5)), h: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(2.5)) })
  .chain(({ w, h }) => fc.record({ w: fc.constant(w), h: fc.constant(h), ops: fc.array(op(w, h), { maxLength: 10 }) }));

function build(w: number, h: number, ops: Op[]): OutputLike & { write(x: number, y: number, t: string, o: object): void; clip(c: object): void; unclip(): void } {
  const o = new ink.Output({ width: w, height: h }) as ReturnType<typeof build>;
  for (const p of ops) {
    if (p.op === 'write') o.write(p.x, p.y, p.text, { transformers: p.transformers.map((t) => TRANSFORMERS[t]!) });
    else if (p.op === 'clip') o.clip(p.clip);
    else o.unclip();
  }
  return o;
}

const codesOf = (styles: AnsiCode[]) => styles.map((c) => [c.code, c.endCode]);
const plain = (chars: StyledChar[]) => chars.map((c) => [c.value, c.fullWidth, codesOf(c.styles)]);
/** ink's own tokenizing of a line, with a fresh per-frame cache as ink has. */
const inkStyledChars = (line: string) => ink.originals.getStyledChars.call({ styledChars: new Map() } as never, line);

describe('ink fast output', () => {
  it("get() equals ink's own get() for random writes, styles, wide chars, escapes, transformers and clips", () => {
    fc.assert(
      fc.property(frame, ({ w, h, ops }) => {
        const o = build(w, h, ops);
        const want = originalFrame(ink.Output, ink.originals, o);
        expect((o as unknown as { get(): unknown }).get()).toEqual(want);
      }),
      { numRuns: 600 },
    );
  });

  it('tokenizes lines exactly as ansi-tokenize does, including graphemes next to SGR sequences', () => {
    const lines = [
      'plain ascii',
      '\x1b[31mred\x1b[39m and \x1b[1;2mboth\x1b[22m',
      '\x1b[31m\u0301after sgr', // a combining mark joins the `m`: ansi-tokenize drops it
      '\x1b[1m\u200d\u0301x',
      'e\u0301\x1b[7m\u0e33ก\u0e33',
      '\x1b[38;2;1;2;3m漢字😀👍🏽🇩🇪❤️\x1b[0m',
      '\x1b[1;;31mx\x1b[38;5my',
      '\x1b]8;;https://a.b\x07link\x1b]8;;\x07 after',
      '\x1b[2Kx',
      'tab\there',
      '\x9b31mc1',
      'trailing esc\x1b',
      // Pieces cut before printable ASCII: a Prepend character (BMP and astral) keeps its ASCII
      // successor, a combining mark or keycap stays with the ASCII base before it.
      'a\u0600b \u06ddc \ud804\udcbdd e\u0301f #\ufe0f\u20e3g',
      '\x1b[32m● running\x1b[39m vm-01 ▁▂▃▅▇ 4 …x\u0301',
      '\x1b[2m\u0600x\x1b[22m\u0600y',
    ];
    for (const line of lines) expect(plain(ink.interner.styledChars(line)), JSON.stringify(line)).toEqual(plain(inkStyledChars(line)));
    fc.assert(
      fc.property(text, (line) => {
        for (const l of line.split('\n')) expect(plain(ink.interner.styledChars(l))).toEqual(plain(inkStyledChars(l)));
      }),
      { numRuns: 500 },
    );
  });

  it('shares cells and style arrays: equal styles are one array, equal cells one object, on both paths', () => {
    const a = ink.interner.styledChars('\x1b[31mab\x1b[39m a');
    const b = ink.interner.styledChars('x\x1b[31mba\x1b[1m\x1b[22m漢');
    // the tab sends this line through ansi-tokenize whole; its cells are interned all the same
    const slowBefore = ink.interner.slowLines;
    const slow = ink.interner.styledChars('\t\x1b[31ma\x1b[39m漢');
    expect(ink.interner.slowLines).toBe(slowBefore + 1);
    expect(a[0]).toBe(b[2]); // red 'a'
    expect(a[1]).toBe(b[1]); // red 'b'
    expect(b[3]!.styles).toBe(a[0]!.styles); // red again after bold on and off
    expect(slow[1]).toBe(a[0]);
    expect(slow[0]!.styles).toBe(ink.interner.emptyStyles);
    expect(a[3]).toBe(ink.interner.styledChars('a')[0]);
    expect(a[2]!.styles).toBe(ink.interner.emptyStyles);
    const keys = new Set([...a, ...b, ...slow].map((c) => Object.keys(c).join()));
    expect([...keys]).toEqual(['type,value,fullWidth,styles']);
  });

  it("counts printable ASCII as one column without asking string-width, as ink's string-width says", () => {
    for (const ch of PRINTABLE) expect(ink.originals.getStringWidth.call({ widths: new Map() } as never, ch), JSON.stringify(ch)).toBe(1);
  });

  it('an unwritten row is empty and a blank-only row is trimmed, as in ink', () => {
    const o = build(10, 3, [{ op: 'write', x: 2, y: 1, text: '\x1b[44m  \x1b[49m', transformers: [] }]);
    const got = (o as unknown as { get(): { output: string; height: number } }).get();
    expect(got).toEqual({ output: '\n  \x1b[44m  \x1b[49m\n', height: 3 });
    expect(got).toEqual(originalFrame(ink.Output, ink.originals, o));
  });
});
