// Minimal reproductions of robustness bugs the fuzzer found in parsers this suite does not own.
// Each is it.fails (or it.todo when reproducing it would hang the run) with the file and cause.
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/collectors/parse-error.js';
import { deepJson } from './inputs.js';

const throwsOnlyParseError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
  }
};

describe('known parser robustness bugs (owned elsewhere)', () => {
  it.fails('journal: parseJournalLine with MESSAGE nested 10,000 arrays deep throws ParseError (today RangeError from the recursive messageOf(), src/collectors/journal/parse.ts:14-26)', async () => {
    const { parseJournalLine } = await import('../../src/collectors/journal/parse.js');
    throwsOnlyParseError(() => parseJournalLine(`{"__REALTIME_TIMESTAMP":"1","MESSAGE":${deepJson(10_000)}}`, 'n1'));
  });

  it.todo(
    'iostat: IostatStreamParser.feed() of an unterminated element over MAX_IOSTAT_ELEMENT made of repeated element starts ' +
      '(\'{"disk":[\'.repeat(520_000), 4.7 MB) never returns: scanElement() drops ONE char and rescans the whole 4 MB buffer from the next ' +
      '"{\\"disk\\":" 9 chars later (src/collectors/iostat/parse.ts:253-262), O(n²) ≈ 500,000 × 4 MB. Fix: after an oversized element, ' +
      'discard the whole scanned buffer (keep only a SEEK_TAIL) instead of one character. Not run here: it hangs the worker. `npm run fuzz -- --only IostatStream` shows it as HANG.',
  );
});
