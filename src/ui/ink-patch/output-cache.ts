// ink 6 builds every frame in a fresh Output whose caches (ANSI tokenizing into styled cells,
// string widths) die with the frame, and Output.get() allocates a cell object per screen cell
// and diffs styles between every pair of neighbours: together ~40 % of a console's steady-state
// CPU at 32 nodes (docs/benchmarks.md). This keeps those caches across frames, bounded, with
// styled lines made of shared interned cells, and replaces get() with an equivalent that builds
// only written rows (fast-output.ts). Nothing is patched unless ink's get() and getStyledChars()
// are the exact code the copy follows and a self-check agrees; install.ts finds ink's modules and
// installs this at the console's start-up.
import { createHash } from 'node:crypto';
import { GenerationCache } from '../generation-cache.js';
import { ANSI_TOKENIZE_FUNCTIONS, StyledCharInterner, makeFastGet, type AnsiTokenize, type OutputLike, type StyledChar } from './fast-output.js';


interface OutputCachesLike {
  getStyledChars(line: string): StyledChar[];
  getStringWidth(text: string): number;
  getWidestLine(text: string): number;
}
export type OutputClass = new (o: { width: number; height: number }) => object;
export type SliceAnsi = (s: string, from: number, to?: number) => string;

export interface InkCacheStatus {
  patched: boolean;
  reason?: string;
}

/** sha256 (first 16 hex digits) of ink 6.8.0's Output.get and OutputCaches.getStyledChars, whitespace removed. */
const KNOWN_SOURCES = { get: '6683755194dc8e06', getStyledChars: '4c84cc18bdf48344' };
const fingerprint = (f: unknown): string =>
  createHash('sha256')
    .update(String(f).replace(/\s+/g, ''))
    .digest('hex')
    .slice(0, 16);

/** ink's own methods, as they were before patching (tests compare against them). */
export interface InkOriginals {
  get: (this: object) => { output: string; height: number };
  getStyledChars: OutputCachesLike['getStyledChars'];
  getStringWidth: OutputCachesLike['getStringWidth'];
  getWidestLine: OutputCachesLike['getWidestLine'];
}

export interface InkPatch {
  status: InkCacheStatus;
  originals?: InkOriginals;
  styledLines?: GenerationCache<StyledChar[]>;
  interner?: StyledCharInterner;
}

const refuse = (reason: string): InkPatch => ({ status: { patched: false, reason } });

/**
 * Patches the given ink Output class (its prototype and its caches' prototype) when it has the
 * expected shape, else leaves it untouched and says why. `installInkPatch` (install.ts) feeds it ink's
 * own modules; tests feed it stand-ins.
 */
export function patchInkOutput(Output: unknown, tok: Partial<AnsiTokenize> | undefined, sliceAnsi: unknown): InkPatch {
  if (typeof Output !== 'function') return refuse('ink Output class not found (ink version changed?)');
  const outProto = Output.prototype as { get?: unknown };
  let sample: Partial<OutputLike> & object;
  try {
    sample = new (Output as OutputClass)({ width: 1, height: 1 }) as Partial<OutputLike> & object;
  } catch (e) {
    return refuse(`ink Output could not be constructed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const caches = sample.caches;
  const proto = caches ? (Object.getPrototypeOf(caches) as Partial<OutputCachesLike> | null) : null;
  const { getStyledChars, getStringWidth, getWidestLine } = proto ?? {};
  if (!proto || typeof getStyledChars !== 'function' || typeof getStringWidth !== 'function' || typeof getWidestLine !== 'function') {
    return refuse('ink Output caches not found (ink version changed?)');
  }
  const get = outProto.get;
  if (typeof get !== 'function' || !Array.isArray(sample.operations) || typeof sample.width !== 'number' || typeof sample.height !== 'number') {
    return refuse('ink Output has no get()/operations/width/height (ink version changed?)');
  }
  if (fingerprint(get) !== KNOWN_SOURCES.get) return refuse('ink Output.get() is not the ink 6.8 code that fast-output.ts follows');
  if (fingerprint(getStyledChars) !== KNOWN_SOURCES.getStyledChars) return refuse('ink getStyledChars() is not the ink 6.8 code that fast-output.ts follows');
  const missing = ANSI_TOKENIZE_FUNCTIONS.filter((f) => typeof tok?.[f] !== 'function');
  if (missing.length > 0) return refuse(`@alcalzone/ansi-tokenize lacks ${missing.join(', ')}`);
  if (typeof sliceAnsi !== 'function') return refuse('slice-ansi not found next to ink');

  const ansi = tok as AnsiTokenize;
  const interner = new StyledCharInterner(ansi);
  const fastGet = makeFastGet(ansi, sliceAnsi as SliceAnsi, interner.emptyStyles);
  const originals: InkOriginals = { get: get as InkOriginals['get'], getStyledChars, getStringWidth, getWidestLine };
  let mismatch: string | undefined;
  try {
    mismatch = selfCheck(Output as OutputClass, originals, interner, fastGet);
  } catch (e) {
    mismatch = e instanceof Error ? e.message : String(e);
  }
  if (mismatch) return refuse(`self-check failed: ${mismatch}`);

  // A styled line is an array of pointers to shared cells (~1.3 KB for 160 columns).
  const styledLines = new GenerationCache<StyledChar[]>(256);
  const widths = new GenerationCache<number>(4096);
  const blocks = new GenerationCache<number>(1024);
  proto.getStyledChars = function (line: string) {
    return styledLines.get(line, () => interner.styledChars(line));
  };
  proto.getStringWidth = function (this: OutputCachesLike, text: string) {
    return widths.get(text, () => getStringWidth.call(this, text));
  };
  proto.getWidestLine = function (this: OutputCachesLike, text: string) {
    return blocks.get(text, () => getWidestLine.call(this, text));
  };
  outProto.get = fastGet;
  return { status: { patched: true }, originals, styledLines, interner };
}

/** What ink's own get() and caches make of `o`'s operations (`o` is left as it is). */
export function originalFrame(Output: OutputClass, orig: InkOriginals, o: OutputLike): { output: string; height: number } {
  const { getStyledChars, getStringWidth, getWidestLine } = orig;
  // fresh per-frame caches as ink makes them, with ink's own methods
  const caches = Object.assign(Object.create(null) as object, (new Output({ width: 1, height: 1 }) as OutputLike).caches, { getStyledChars, getStringWidth, getWidestLine });
  return orig.get.call({ width: o.width, height: o.height, operations: o.operations, caches });
}

/** Cheap start-up guard: a small frame through both paths must be identical. */
function selfCheck(Output: OutputClass, orig: InkOriginals, interner: StyledCharInterner, fastGet: (this: OutputLike) => { output: string; height: number }): string | undefined {
  const o = new Output({ width: 12, height: 4 }) as OutputLike;
  o.operations.push({ type: 'write', x: 1, y: 0, text: '\x1b[31mab\x1b[1m漢字\x1b[39;22m c\u0301\n\x1b[7mx\x1b[27m', transformers: [] });
  o.operations.push({ type: 'clip', clip: { x1: 2, x2: 6 } });
  o.operations.push({ type: 'write', x: 0, y: 2, text: '\x1b[38;5;10mclipped 😀 line\x1b[39m', transformers: [(l) => `\x1b[2m${l}\x1b[22m`] });
  o.operations.push({ type: 'unclip' });
  const b = originalFrame(Output, orig, o);
  const inks = o.caches;
  o.caches = { getStyledChars: (l) => interner.styledChars(l), getStringWidth: (t) => inks.getStringWidth(t), getWidestLine: (t) => inks.getWidestLine(t) };
  const a = fastGet.call(o);
  return a.output === b.output && a.height === b.height ? undefined : `${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}
