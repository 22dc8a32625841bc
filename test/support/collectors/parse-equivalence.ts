// Test support for the property tests that hold a rewritten parser to its previous version (kept in
// test/support/collectors/<source>/parse.reference.ts): same value, key order included, or the same ParseError.
import { expect } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../../../src/collectors/parse-error.js';

type Outcome<T> = { value: T } | { error: ParseError };

function outcome<T>(f: () => T): Outcome<T> {
  try {
    return { value: f() };
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return { error: e as ParseError };
  }
}

/**
 * Runs both parsers on `text`. Either both return equal values (strictly, -0 and undefined
 * properties included, and with the same key order), or both throw a ParseError with the same
 * source, node, message and excerpt. Returns whether they returned, for coverage counts.
 */
export function expectSameOutcome<T>(parse: (text: string, node?: string) => T, reference: (text: string, node?: string) => T, text: string, node?: string): boolean {
  const got = outcome(() => parse(text, node));
  const want = outcome(() => reference(text, node));
  const show = (o: Outcome<T>) => ('error' in o ? `ParseError ${o.error.message}` : `value ${JSON.stringify(o.value)}`.slice(0, 300));
  if ('error' in got !== 'error' in want) throw new Error(`parser: ${show(got)}; reference: ${show(want)}; input ${JSON.stringify(text.slice(0, 300))}`);
  if ('error' in got && 'error' in want) {
    const e = (x: ParseError) => [x.source, x.node, x.message, x.detail, x.excerpt];
    expect(e(got.error)).toStrictEqual(e(want.error));
    return false;
  }
  const [a, b] = [(got as { value: T }).value, (want as { value: T }).value];
  expect(a).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b)); // key order
  return true;
}

/** Characters that matter to line-oriented parsers: separators, digits, signs, every kind of whitespace and line break. */
const EDGE_CHARS = ['=', "'", ':', '|', '.', '-', '+', '_', '0', '1', '9', 'a', 'Z', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u0085', '\u180e', '\u2000', '\u2028', '\u2029', '\u3000', '\ufeff', 'é', '😀', '\0'];

/**
 * `base` with 1–4 edits: a span of up to 8 characters deleted at some offset and an edge character
 * or a short random string put in its place.
 */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const insert = fc.oneof(fc.constantFrom(...EDGE_CHARS), fc.string({ maxLength: 3 }), fc.constant(''));
  const edit = fc.tuple(fc.nat(), fc.oneof(fc.constant(0), fc.nat(8)), insert);
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) =>
    edits.reduce((t, [at, del, ins]) => {
      const p = at % (t.length + 1);
      return t.slice(0, p) + ins + t.slice(p + del);
    }, text),
  );
}
