// Robustness bugs the fuzzer found and that are not fixed yet. The quick test tolerates exactly
// these signatures; add a reproduction (it.fails) next to each entry's parser so fixing the bug
// turns that test red until the entry is removed. Empty: the last two (journal messageOf() stack
// overflow, iostat oversized-element hang) are fixed, see test/fuzz/fixed-bugs.test.ts.
export const KNOWN_ISSUES: Readonly<Record<string, { signature: RegExp; what: string }[]>> = {};

export const isKnown = (id: string, signature: string): boolean => (KNOWN_ISSUES[id] ?? []).some((k) => k.signature.test(signature));
