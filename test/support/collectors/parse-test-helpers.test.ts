import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../../../src/collectors/parse-error.js';
import { assertOnlyParseError, expectOnlyParseError, fixturesOf, parseErr, splicedSeeds } from './parse-test-helpers.js';

const bad = (): never => {
  throw new ParseError('src', 'n1', 'bad input', '');
};

describe('parser test helpers', () => {
  it('parseErr returns the ParseError and fails on anything else', () => {
    expect(parseErr(bad).detail).toBe('bad input');
    expect(() => parseErr(() => 1)).toThrow('expected a ParseError');
    expect(() => parseErr(() => JSON.parse('{'))).toThrow();
  });
  it('expectOnlyParseError lets results and ParseError through, fails on other errors', () => {
    expectOnlyParseError(() => 1);
    expectOnlyParseError(bad);
    expect(() => expectOnlyParseError(() => JSON.parse('{'))).toThrow();
  });
  it('assertOnlyParseError fails when one parser throws something else', () => {
    const input = fc.string({ maxLength: 5 });
    assertOnlyParseError(input, [() => 1, bad], { numRuns: 20, seed: 1 });
    const typeError = (): never => {
      throw new TypeError('boom');
    };
    expect(() => assertOnlyParseError(input, [bad, typeError], { numRuns: 20, seed: 1 })).toThrow();
  });
  it('fixturesOf reads the captured fixture of that source', () => {
    expect(fixturesOf('network')('proc-net-dev.txt')).toMatch(/^Inter-\|/);
  });
  it('spliced seeds stay within their bounds', () => {
    fc.assert(fc.property(splicedSeeds(['abcdef'], 10, 2), (t) => t.length >= 4 && t.length <= 26), { numRuns: 200, seed: 3 });
  });
});
