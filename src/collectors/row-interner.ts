// Shared storage looks the same from every node: a shared VG's LVs (lvs), a shared pool's volumes
// (virsh vol-list). At 256 nodes each such row was held 256 times, with strings that kept each
// node's whole output alive. Rows equal in every field become one object across nodes and polls,
// so a node's slice holds pointers, and the store's structural sharing finds an unchanged node's
// rows identical at once. Values are shared: never mutate them.

/** A generation lasts two rounds of every node's report (rows × nodes), at least this many rows:
 *  a row still reported is seen again before its generation ends, and what is held is bounded by
 *  four rounds' rows even when nothing repeats. */
const MIN_GENERATION = 4_096;

export class RowInterner<T> {
  // Two generations: a row not seen during a whole generation is dropped with the older map, so
  // removed rows and old states do not pile up; rows still reported move to the newer.
  private current = new Map<string, T>();
  private previous = new Map<string, T>();
  private lookups = 0;
  private readonly nodes = new Set<string>();
  private maxRows = 0;

  /** `keyOf`: every field of the row, so equal keys mean equal rows. */
  constructor(private readonly keyOf: (row: T) => string) {}

  /** A node's report of `rows` rows is being interned (sizes the generations). */
  report(node: string, rows: number): void {
    this.nodes.add(node);
    if (rows > this.maxRows) this.maxRows = rows;
  }

  /** The first row seen equal to `row` (or `row` itself). */
  one(row: T): T {
    if (++this.lookups >= Math.max(MIN_GENERATION, 2 * this.nodes.size * this.maxRows)) {
      this.previous = this.current;
      this.current = new Map();
      this.lookups = 0;
    }
    const k = this.keyOf(row);
    let hit = this.current.get(k);
    if (hit !== undefined) return hit;
    hit = this.previous.get(k);
    if (hit !== undefined) this.previous.delete(k);
    this.current.set(k, hit ?? row);
    return hit ?? row;
  }

  /** Distinct rows held (tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/** One interner per collector context (one runtime: every node of one cluster) and kind of row. */
const perContext = new WeakMap<object, Map<string, RowInterner<unknown>>>();
export function rowInternerOf<T>(ctx: object, kind: string, keyOf: (row: T) => string): RowInterner<T> {
  let m = perContext.get(ctx);
  if (!m) perContext.set(ctx, (m = new Map()));
  let i = m.get(kind) as RowInterner<T> | undefined;
  if (!i) m.set(kind, (i = new RowInterner(keyOf) as RowInterner<unknown> as RowInterner<T>) as RowInterner<unknown>);
  return i;
}
