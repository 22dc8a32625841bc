// Robustness bugs the fuzzer found in parsers owned by others (not fixed here). The quick test
// tolerates exactly these signatures; test/fuzz/known-bugs.test.ts reproduces each one with
// it.fails, so fixing the bug turns that test red until the entry is removed.
export const KNOWN_ISSUES: Readonly<Record<string, { signature: RegExp; what: string }[]>> = {
  'journal.parseJournalLine': [
    {
      signature: /^RangeError: Maximum call stack size exceeded @ src\/collectors\/journal\/parse\.ts/,
      what: 'messageOf() recurses once per array level: MESSAGE nested ~10,000 deep (a 20 KB line) overflows the stack; RangeError escapes instead of ParseError',
    },
  ],
};

export const isKnown = (id: string, signature: string): boolean => (KNOWN_ISSUES[id] ?? []).some((k) => k.signature.test(signature));
