// Structural sharing: returns `next`, except that every part deep-equal to the corresponding part
// of `prev` is replaced by prev's object. A collector that re-reads unchanged data thus leaves
// the store's references alone and narrow selectors do not fire.

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Array elements are paired by a unique key (`name`, else `id`, `device`, …) when every element has one; else by index. */
function keyOf(v: unknown): string | undefined {
  if (!isPlainObject(v)) return undefined;
  for (const k of ['name', 'id', 'device', 'dev', 'iface', 'path', 'wwid']) {
    const x = v[k];
    if (typeof x === 'string' || typeof x === 'number') return `${k}=${x}`;
  }
  return undefined;
}

export function share<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let byKey: Map<string, unknown> | undefined;
    const keys = next.map(keyOf);
    if (keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
      byKey = new Map();
      for (const p of prev) {
        const k = keyOf(p);
        if (k !== undefined && !byKey.has(k)) byKey.set(k, p);
      }
    }
    let same = prev.length === next.length;
    const out = next.map((n, i) => {
      const p = byKey ? byKey.get(keys[i]!) : prev[i];
      const s = share(p, n);
      if (s !== prev[i]) same = false;
      return s;
    });
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const nk = Object.keys(next);
    let same = nk.length === Object.keys(prev).length;
    const out: Record<string, unknown> = {};
    for (const k of nk) {
      const s = share(prev[k], next[k]);
      if (s !== prev[k] || !(k in prev)) same = false;
      out[k] = s;
    }
    return (same ? prev : out) as T;
  }
  return next;
}
