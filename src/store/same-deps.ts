// The dependency check of every memo in the store and the views: the same inputs, by identity
// (the store's data is immutable and structurally shared, so identity means "unchanged").
export const sameDeps = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
