import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalValue, digitsValue, isDigits, isSpace, ownCopy, rangeIs, skipSpace, skipToken, trimEnd } from './text-scan.js';

describe('text-scan', () => {
  it('isSpace is exactly /\\s/ and what String.prototype.trim removes, over every UTF-16 code unit', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (isSpace(c) !== /\s/.test(ch) || isSpace(c) !== (ch.trim() === '')) wrong.push(`U+${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
    expect(isSpace(0xfeff) && isSpace(0x3000) && !isSpace(0x85)).toBe(true);
  });

  it('ranges: skipSpace / skipToken / trimEnd agree with trim and split(/\\s+/)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '1', ' ', '\t', '\u00a0', '\u2028', '\ufeff', 'é') });
    fc.assert(
      fc.property(text, (s) => {
        const start = skipSpace(s, 0, s.length);
        const end = trimEnd(s, start, s.length);
        expect(s.slice(start, end)).toBe(s.trim());
        const tokens: string[] = [];
        for (let i = start; i < end; i = skipSpace(s, skipToken(s, i, end), end)) tokens.push(s.slice(i, skipToken(s, i, end)));
        expect(tokens).toEqual(s.trim() === '' ? [] : s.trim().split(/\s+/));
        for (const t of tokens) expect(rangeIs(s, start, end, t)).toBe(s.slice(start, end) === t);
      }),
      { numRuns: 500 },
    );
  });

  it('digitsValue / decimalValue equal Number() of the slice, past 2^53 and with signs and fractions', () => {
    const digits = fc.oneof(fc.maxSafeNat().map(String), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.string({ unit: fc.constantFrom('0', '9', '5'), minLength: 1, maxLength: 40 }));
    const decimal = fc.oneof(digits, fc.tuple(fc.constantFrom('', '-'), digits, fc.option(digits)).map(([s, a, b]) => `${s}${a}${b === null ? '' : `.${b}`}`), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.string({ maxLength: 3 }), decimal, fc.string({ maxLength: 3 }), (pre, v, post) => {
        const s = pre + v + post;
        const [a, b] = [pre.length, pre.length + v.length];
        expect(isDigits(s, a, b)).toBe(/^\d+$/.test(v));
        if (/^\d+$/.test(v)) expect(digitsValue(s, a, b)).toBe(Number(v));
        expect(decimalValue(s, a, b)).toBe(/^-?\d+(?:\.\d+)?$/.test(v) ? Number(v) : undefined);
      }),
      { numRuns: 2000 },
    );
    expect(decimalValue('-0', 0, 2)).toBe(-0);
    expect(digitsValue('9007199254740993', 0, 16)).toBe(9007199254740992); // Number's rounding, not n*10+d's
  });
});

describe('ownCopy', () => {
  it('returns the same text for every string, lone surrogates and controls included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(ownCopy(s)).toBe(s);
      }),
      { numRuns: 2000 },
    );
    const parent = `${'x'.repeat(100)}\ud800 vm-name-with-a-long-suffix \u2028`;
    expect(ownCopy(parent.slice(100))).toBe('\ud800 vm-name-with-a-long-suffix \u2028');
  });
});
