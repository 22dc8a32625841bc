// ink 6 builds every frame in a fresh Output whose caches (ANSI tokenizing into styled cells,
// string widths) die with the frame, so an unchanged line is tokenized and measured again on
// every frame: ~40 % of a console's steady-state CPU at 32 nodes (docs/benchmarks.md). This
// keeps those caches across frames, bounded, by wrapping the cache methods of ink's Output.
// ink's package exports do not expose output.js, so it is reached by file URL next to ink's
// entry (the same module instance ink uses). If ink's internals ever differ, nothing is patched.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

interface OutputCachesLike {
  getStyledChars(line: string): unknown;
  getStringWidth(text: string): number;
  getWidestLine(text: string): number;
}

export interface InkCacheStatus {
  patched: boolean;
  reason?: string;
}

let status: InkCacheStatus | undefined;
/** The styled-line cache once installed (tests, benchmarks). */
export let inkStyledLines: GenerationCache<unknown> | undefined;

/** Patches ink's Output caches once; returns whether it did (and why not). */
export async function installInkOutputCache(): Promise<InkCacheStatus> {
  if (status) return status;
  try {
    const entry = createRequire(import.meta.url).resolve('ink');
    const mod = (await import(pathToFileURL(join(dirname(entry), 'output.js')).href)) as { default?: new (o: { width: number; height: number }) => { caches?: object } };
    const Output = mod.default;
    const caches = Output ? new Output({ width: 1, height: 1 }).caches : undefined;
    const proto = caches ? (Object.getPrototypeOf(caches) as Partial<OutputCachesLike> | null) : null;
    const { getStyledChars, getStringWidth, getWidestLine } = proto ?? {};
    if (!proto || typeof getStyledChars !== 'function' || typeof getStringWidth !== 'function' || typeof getWidestLine !== 'function') {
      return (status = { patched: false, reason: 'ink Output caches not found (ink version changed?)' });
    }
    // A styled line holds one small object per cell (~13 KB for 160 columns): a few screens' worth.
    const styled = (inkStyledLines = new GenerationCache<unknown>(256));
    const widths = new GenerationCache<number>(4096);
    const blocks = new GenerationCache<number>(1024);
    proto.getStyledChars = function (this: OutputCachesLike, line: string) {
      return styled.get(line, () => getStyledChars.call(this, line));
    };
    proto.getStringWidth = function (this: OutputCachesLike, text: string) {
      return widths.get(text, () => getStringWidth.call(this, text));
    };
    proto.getWidestLine = function (this: OutputCachesLike, text: string) {
      return blocks.get(text, () => getWidestLine.call(this, text));
    };
    return (status = { patched: true });
  } catch (e) {
    return (status = { patched: false, reason: e instanceof Error ? e.message : String(e) });
  }
}
