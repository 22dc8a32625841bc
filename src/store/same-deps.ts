// The dependency check of the list views' memos (src/ui/views.ts): the same inputs, by identity
// (the store's data is immutable and structurally shared, so identity means "unchanged").
// Selectors (./create-selector.ts) and alert rules (./alerts/rule.ts) derive theirs from their
// declared inputs.
export const sameDeps = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
