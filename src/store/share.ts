// Structural sharing: returns `next`, except that every part deep-equal to the corresponding part
// of `prev` is replaced by prev's object. A collector that re-reads unchanged data thus leaves
// the store's references alone and narrow selectors do not fire.
// Runs on every store write (tens per second on a large cluster): nothing is allocated for
// parts that are entirely new or entirely unchanged.
// A changed part keeps prev's instance of every string equal to the new one: a parser's strings
// are often substrings of the poll's whole output, and V8 keeps a substring's parent alive, so a
// VM whose CPU % changed would otherwise pin tens of KB of output until the next poll (long
// enough to reach the old generation: most of what the major GCs collected at 32 nodes).
// String identity is not observable from JS; only the memory it holds is. So that swap is made in
// `next` itself (unless frozen): copying every changed VM object only to swap its name for an
// equal one made a second object per VM per poll, which lived long enough to be promoted.

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Fields that identify an array element, in order of preference. */
const KEY_FIELDS = ['name', 'id', 'device', 'dev', 'iface', 'path', 'wwid'] as const;

/** The element's identifying field (the first KEY_FIELDS entry holding a string or number). */
function keyField(v: unknown): (typeof KEY_FIELDS)[number] | undefined {
  if (!isPlainObject(v)) return undefined;
  for (const k of KEY_FIELDS) {
    const x = v[k];
    if (typeof x === 'string' || typeof x === 'number') return k;
  }
  return undefined;
}

/** Array elements are paired by a unique key (`name`, else `id`, `device`, …) when every element has one; else by index. */
function keyOf(v: unknown): string | undefined {
  const k = keyField(v);
  return k === undefined ? undefined : `${k}=${String((v as Record<string, unknown>)[k])}`;
}

/** Every element keyed, and prev[i] has next[i]'s key: pairing by key is pairing by index. */
function sameKeysInOrder(prev: readonly unknown[], next: readonly unknown[]): boolean {
  if (prev.length !== next.length) return false;
  for (let i = 0; i < next.length; i++) {
    const k = keyField(next[i]);
    if (k === undefined || keyField(prev[i]) !== k || (prev[i] as Record<string, unknown>)[k] !== (next[i] as Record<string, unknown>)[k]) return false;
  }
  return true;
}

function shareArray(prev: readonly unknown[], next: readonly unknown[]): readonly unknown[] {
  // The common case (same elements in the same order) needs no key index.
  let pairOf: (i: number) => unknown = (i) => prev[i];
  if (!sameKeysInOrder(prev, next)) {
    const keys = next.map(keyOf);
    if (keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
      const byKey = new Map<string, unknown>();
      for (const p of prev) {
        const k = keyOf(p);
        if (k !== undefined && !byKey.has(k)) byKey.set(k, p);
      }
      pairOf = (i) => byKey.get(keys[i]!);
    }
  }
  let same = prev.length === next.length;
  let out: unknown[] | undefined;
  let equalStrings = false;
  for (let i = 0; i < next.length; i++) {
    const p = pairOf(i);
    const s = share(p, next[i]);
    if (s !== prev[i]) same = false;
    if (s !== next[i]) (out ??= next.slice())[i] = s;
    else if (typeof s === 'string' && s === p) equalStrings = true;
  }
  if (same) return prev;
  if (equalStrings) {
    const target = out ?? (Object.isFrozen(next) ? (out = next.slice()) : (next as unknown[]));
    for (let i = 0; i < target.length; i++) {
      const p = pairOf(i);
      if (typeof p === 'string' && p === target[i]) target[i] = p;
    }
  }
  return out ?? next;
}

function shareObject(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  let same = true;
  let count = 0;
  let out: Record<string, unknown> | undefined;
  let equalStrings = false;
  for (const k in next) {
    count++;
    const p = prev[k];
    const n = next[k];
    const s = share(p, n);
    if (s !== p || (p === undefined && !(k in prev))) same = false;
    if (s !== n) (out ??= { ...next })[k] = s;
    else if (typeof s === 'string' && s === p) equalStrings = true;
  }
  if (same) {
    let prevCount = 0;
    for (const _ in prev) prevCount++;
    if (prevCount === count) return prev;
  }
  if (equalStrings) {
    const target = out ?? (Object.isFrozen(next) ? (out = { ...next }) : next);
    for (const k in target) {
      const p = prev[k];
      if (typeof p === 'string' && p === target[k]) target[k] = p;
    }
  }
  return out ?? next;
}

export function share<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (Array.isArray(prev) && Array.isArray(next)) return shareArray(prev, next) as T;
  if (isPlainObject(prev) && isPlainObject(next)) return shareObject(prev, next) as T;
  return next;
}
