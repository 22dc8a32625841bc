// Shared by the parser tests in src/collectors/<source>/parse.test.ts: fixture loading, the
// ParseError expectations, and the "parsers only ever throw ParseError" fuzz inputs and loop.
import { expect } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../../../src/collectors/parse-error.js';
import { fixture } from './test-support.js';

/** `fixture` bound to one source, for the tests of that source. */
export const fixturesOf =
  (source: string) =>
  (name: string): string =>
    fixture(source, name);

/** Runs `f`, which must throw a ParseError, and returns it for assertions on node/detail. */
export const parseErr = (f: () => unknown): ParseError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
};

/** Runs `f`: returning is fine, so is a ParseError; anything else thrown fails the test. */
export const expectOnlyParseError = (f: () => unknown): void => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
  }
};

/**
 * Damaged captures: random strings (up to 300 chars), prefixes of a fixture, and fixtures with
 * up to 8 characters overwritten by 7-bit codes. `properPrefixes` leaves the whole text out of the
 * prefixes (for fixtures whose whole text is covered elsewhere).
 */
export function damagedFixtures(fixtures: readonly string[], opts: { properPrefixes?: boolean } = {}): fc.Arbitrary<string> {
  const cut = (f: string, n: number) => f.slice(0, opts.properPrefixes ? n % f.length : n % (f.length + 1));
  return fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.tuple(fc.constantFrom(...fixtures), fc.nat()).map(([f, n]) => cut(f, n)),
    fc.tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 127 })), { minLength: 1, maxLength: 8 }))
      .map(([f, muts]) => {
        const c = f.split('');
        for (const [p, code] of muts) c[p % c.length] = String.fromCharCode(code);
        return c.join('');
      }),
  );
}

/**
 * Spliced captures: a seed with up to `maxDelete` characters removed at an offset up to `maxAt`
 * (taken modulo the seed's length + 1) and up to 20 random characters put in their place.
 */
export function splicedSeeds(seeds: readonly string[], maxAt: number, maxDelete: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.nat(maxAt), fc.nat(maxDelete), fc.string({ maxLength: 20 }))
    .map(([s, at, del, ins]) => s.slice(0, at % (s.length + 1)) + ins + s.slice((at % (s.length + 1)) + del));
}

/** Feeds every generated input to every parser; only a ParseError may escape. */
export function assertOnlyParseError(
  input: fc.Arbitrary<string>,
  parsers: readonly ((t: string) => unknown)[],
  params: fc.Parameters<[string]>,
): void {
  fc.assert(
    fc.property(input, (t) => {
      for (const p of parsers) expectOnlyParseError(() => p(t));
    }),
    params,
  );
}
