// A shared VG lists the same LVs on every node (lvmlockd): at 256 nodes × 1,300 LVs the store
// held 256 equal copies of each LV (~110 MB). Rows equal in every field are one object across
// nodes and polls, so each node's slice only holds pointers, and the store's structural sharing
// finds an unchanged node's LVs identical at once. Values are shared: never mutate them.
import type { LvmLv, LvmVg } from './model.js';

/** A generation lasts two rounds of every node's report (rows × nodes), at least this many rows:
 *  a row still reported is seen again before its generation ends, and what is held is bounded by
 *  four rounds' rows even when nothing repeats. */
const MIN_GENERATION = 4_096;

const keyOf = (lv: LvmLv): string =>
  `${lv.vg}\0${lv.name}\0${lv.uuid ?? ''}\0${lv.path ?? ''}\0${lv.dmPath ?? ''}\0${String(lv.activeLocally)}\0${String(lv.activeExclusively)}\0${String(lv.open)}\0${lv.sizeBytes ?? ''}`;

/** One per collector context (one runtime: every node of one cluster). */
const perContext = new WeakMap<object, LvInterner>();
export function lvInternerOf(ctx: object): LvInterner {
  let i = perContext.get(ctx);
  if (!i) perContext.set(ctx, (i = new LvInterner()));
  return i;
}

export class LvInterner {
  // Two generations: a row not seen during a whole generation is dropped with the older map, so
  // removed LVs and old activation states do not pile up; rows still reported move to the newer.
  private current = new Map<string, LvmLv>();
  private previous = new Map<string, LvmLv>();
  private lookups = 0;
  private readonly nodes = new Set<string>();
  private maxRows = 0;

  /** `vgs` with every LV replaced by the first equal row seen (a VG whose rows are all new stays as it is). */
  intern(node: string, vgs: LvmVg[]): LvmVg[] {
    this.nodes.add(node);
    let rows = 0;
    for (const g of vgs) rows += g.lvs.length;
    if (rows > this.maxRows) this.maxRows = rows;
    return vgs.map((g) => {
      let changed = false;
      const lvs = g.lvs.map((lv) => {
        const one = this.one(lv);
        if (one !== lv) changed = true;
        return one;
      });
      return changed ? { ...g, lvs } : g;
    });
  }

  /** Distinct rows held (tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  private one(lv: LvmLv): LvmLv {
    if (++this.lookups >= Math.max(MIN_GENERATION, 2 * this.nodes.size * this.maxRows)) {
      this.previous = this.current;
      this.current = new Map();
      this.lookups = 0;
    }
    const k = keyOf(lv);
    let hit = this.current.get(k);
    if (hit) return hit;
    hit = this.previous.get(k);
    if (hit) this.previous.delete(k);
    this.current.set(k, hit ?? lv);
    return hit ?? lv;
  }
}
