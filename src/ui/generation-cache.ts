// A bounded cache for the renderer's per-line and per-run memos (ink-patch/output-cache.ts, ink-patch/fast-output.ts).

/** Two generations: a hit in the old one is promoted; when the young one is full, it becomes old. */
export class GenerationCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  /** Lookups answered without `make` (tests, benchmarks). */
  hits = 0;
  misses = 0;
  constructor(private readonly generationSize: number) {}
  get(key: string, make: () => V): V {
    let v = this.young.get(key);
    if (v !== undefined) {
      this.hits++;
      return v;
    }
    v = this.old.get(key);
    if (v === undefined) {
      this.misses++;
      v = make();
    } else this.hits++;
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, v);
    return v;
  }
  get size(): number {
    return this.young.size + this.old.size;
  }
}
