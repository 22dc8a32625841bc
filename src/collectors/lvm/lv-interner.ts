// The shared VGs' LVs, one object per distinct row across nodes (see ../row-interner.ts): at
// 256 nodes × 1,300 LVs the store held 256 equal copies of each (~110 MB).
import { RowInterner, rowInternerOf } from '../row-interner.js';
import type { LvmLv, LvmVg } from './model.js';

const keyOf = (lv: LvmLv): string =>
  `${lv.vg}\0${lv.name}\0${lv.uuid ?? ''}\0${lv.path ?? ''}\0${lv.dmPath ?? ''}\0${String(lv.activeLocally)}\0${String(lv.activeExclusively)}\0${String(lv.open)}\0${lv.sizeBytes ?? ''}`;

export class LvInterner {
  private readonly rows: RowInterner<LvmLv>;
  constructor(rows?: RowInterner<LvmLv>) {
    this.rows = rows ?? new RowInterner(keyOf);
  }

  /** `vgs` with every LV replaced by the first equal row seen (a VG whose rows are all new stays as it is). */
  intern(node: string, vgs: LvmVg[]): LvmVg[] {
    let count = 0;
    for (const g of vgs) count += g.lvs.length;
    this.rows.report(node, count);
    return vgs.map((g) => {
      let changed = false;
      const lvs = g.lvs.map((lv) => {
        const one = this.rows.one(lv);
        if (one !== lv) changed = true;
        return one;
      });
      return changed ? { ...g, lvs } : g;
    });
  }

  /** Distinct rows held (tests). */
  get size(): number {
    return this.rows.size;
  }
}

/** The context's LV interner (one runtime: every node of one cluster). */
export function lvInternerOf(ctx: object): LvInterner {
  return new LvInterner(rowInternerOf(ctx, 'lvm-lv', keyOf));
}
