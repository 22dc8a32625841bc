// Reselect-style selectors: a selector declares its input selectors and combines their values; it
// recomputes when any input's value changed (Object.is), so its dependencies are derived from what
// it declares (`combine` sees nothing else). Each selector made here has its own memory of its
// last inputs: make them per store (createSelectors in ./selectors.ts), never module-global.

// `any`: only the result type matters here.
type Values<I> = { [K in keyof I]: I[K] extends (s: any) => infer R ? R : never };

export type Selector<S, R> = (s: S) => R;

type Inputs = readonly ((s: never) => unknown)[];
/** The state the inputs read (the first one's; the others must accept it). */
type StateOf<I extends Inputs> = I[0] extends (s: infer S) => unknown ? S : never;

export function createSelector<const I extends Inputs, R>(inputs: I, combine: (...values: Values<I>) => R): Selector<StateOf<I>, R> {
  const n = inputs.length;
  let last: unknown[] | undefined;
  let result: R;
  // The values of this call, compared as they are read (no array per call while nothing changed).
  const scratch: unknown[] = new Array(n);
  return (s) => {
    let same = last !== undefined;
    for (let i = 0; i < n; i++) {
      const v = (inputs[i] as (s: StateOf<I>) => unknown)(s);
      scratch[i] = v;
      if (same && !Object.is(v, last![i])) same = false;
    }
    if (same) return result;
    last = scratch.slice();
    result = combine(...(last as Values<I>));
    return result;
  };
}

/**
 * An input that is a list (e.g. one value per node): the previous array while every element is
 * the same (`same`, default Object.is), so selectors reading it see one value for "unchanged".
 */
export function listInput<S, T>(get: (s: S) => readonly T[], same: (a: T, b: T) => boolean = Object.is): Selector<S, readonly T[]> {
  let last: readonly T[] | undefined;
  return (s) => {
    const v = get(s);
    if (last && last.length === v.length) {
      let i = 0;
      while (i < v.length && same(last[i]!, v[i]!)) i++;
      if (i === v.length) return last;
    }
    last = v;
    return v;
  };
}
