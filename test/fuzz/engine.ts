// Runs one loaded target: N sampled cases + the deterministic edge cases. A failure is anything
// thrown that is not a ParseError, a case over its time budget, a stream parser whose buffered
// text exceeds its cap, a chunking-dependent stream result, or a polluted Object.prototype.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { edgeCases, inputArb, streamArb, type StreamCase } from './inputs.js';
import type { LoadedTarget } from './targets.js';

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** A single case slower than this counts as a failure ("hang"). */
  caseBudgetMs: number;
  /** Edge cases larger than this are left out (the quick run keeps them small). */
  edgeMaxBytes: number;
  /** Called every ~500 cases, and with the index of the case about to run (watchdog). */
  progress?(done: number): void;
  beforeCase?(index: number): void;
}

export interface FailureGroup {
  signature: string;
  count: number;
  /** First failing input (truncated for display), its length and where it came from. */
  example: string;
  exampleLength: number;
  origin: string;
}

export interface FuzzResult {
  id: string;
  cases: number;
  failures: number;
  groups: FailureGroup[];
  timeMs: number;
  slowestMs: number;
  slowestOrigin: string;
  /** Stream parsers: most text ever held between feeds, and the cap it must stay under. */
  maxBuffered?: number;
  cap?: number;
}

type Fn = (...a: unknown[]) => unknown;
interface StreamParser {
  feed(chunk: string): unknown[];
}
type StreamCtor = new (node: string) => StreamParser;

const BATCH = 500;

/**
 * Sum of the string-valued own fields of a parser (and of its string-array fields: pieces of a
 * pending element kept unjoined): its buffered, not yet consumed input.
 */
export function bufferedChars(p: object): number {
  let n = 0;
  for (const [k, v] of Object.entries(p)) {
    if (k === 'node') continue;
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') n += x.length;
  }
  return n;
}

function signatureOf(e: unknown): string {
  if (!(e instanceof Error)) return `non-Error thrown: ${typeof e}`;
  const frame = e.stack?.split('\n').find((l) => l.includes('/src/')) ?? '';
  const where = /src\/[^):]+:\d+/.exec(frame)?.[0] ?? '?';
  return `${e.name}: ${e.message.replace(/\d+/g, 'N').slice(0, 100)} @ ${where}`;
}

function prototypeClean(): boolean {
  return Object.keys(Object.prototype).length === 0 && !('polluted' in {});
}

/** 'sampled' = the N generated cases, 'edges' = the deterministic big ones, 'all' = both. */
export type Phase = 'sampled' | 'edges' | 'all';

export function fuzzLoaded(l: LoadedTarget, o: FuzzOptions, phase: Phase = 'all'): FuzzResult {
  const t = l.target;
  const groups = new Map<string, FailureGroup>();
  let failures = 0;
  let cases = 0;
  let slowestMs = 0;
  let slowestOrigin = '';
  let maxBuffered = 0;
  const fail = (signature: string, input: string, origin: string) => {
    failures++;
    const g = groups.get(signature);
    if (g) g.count++;
    else groups.set(signature, { signature, count: 1, example: input.length > 400 ? `${input.slice(0, 300)}…(${input.length} chars)` : input, exampleLength: input.length, origin });
  };
  const isParseError = (e: unknown) => e instanceof l.ParseError;

  const runOne = (input: string | StreamCase, origin: string, budget: number) => {
    o.beforeCase?.(cases);
    cases++;
    const text = typeof input === 'string' ? input : input.chunks.join('');
    let ms = timed(input, text, origin);
    // On shared CI cores a GC pause or a descheduled worker can stall one case: over budget
    // counts only when the same input is slow again.
    if (ms > budget) ms = Math.min(ms, timed(input, text, `${origin} (re-run)`, true));
    if (ms > slowestMs) {
      slowestMs = ms;
      slowestOrigin = origin;
    }
    if (ms > budget) fail(`over the time budget (${budget} ms per case${budget > o.caseBudgetMs ? ', size-scaled' : ''})`, text, `${origin}: ${Math.round(ms)} ms twice`);
    if (!prototypeClean()) {
      fail('Object.prototype polluted', text, origin);
      for (const k of Object.keys(Object.prototype)) delete (Object.prototype as Record<string, unknown>)[k];
    }
  };

  /** Runs one case, records failures (unless `quiet`, for the re-run), returns its duration. */
  const timed = (input: string | StreamCase, text: string, origin: string, quiet = false): number => {
    const report = quiet ? () => {} : fail;
    const t0 = performance.now();
    try {
      if (t.kind === 'fn') {
        t.call(l.impl as Fn, text);
      } else {
        const chunks = typeof input === 'string' ? [input] : input.chunks;
        const Ctor = l.impl as StreamCtor;
        const p = new Ctor('fuzz-node');
        const out: unknown[] = [];
        for (const c of chunks) {
          out.push(...p.feed(c));
          const b = bufferedChars(p);
          maxBuffered = Math.max(maxBuffered, b);
          if (b > l.cap) {
            report(`buffered ${b} chars > cap ${l.cap}`, text, origin);
            break;
          }
        }
        // Chunking must not change what comes out (below the cap, where nothing is dropped).
        if (t.chunkInvariant && chunks.length > 1 && text.length < Math.min(l.cap, 32 * 1024)) {
          const whole = new Ctor('fuzz-node').feed(text);
          if (!isDeepStrictEqual(JSON.parse(JSON.stringify(whole)), JSON.parse(JSON.stringify(out)))) {
            report('output depends on chunking', JSON.stringify(chunks), origin);
          }
        }
      }
    } catch (e) {
      if (!isParseError(e)) report(signatureOf(e), text, origin);
    }
    return performance.now() - t0;
  };

  const started = performance.now();
  if (phase !== 'edges') {
    const arb: fc.Arbitrary<string | StreamCase> = t.kind === 'fn' ? inputArb(t.flavor, l.fixtures) : streamArb(t.flavor, l.fixtures, l.cap);
    for (let batch = 0, sampled = 0; sampled < o.runs; batch++) {
      const n = Math.min(BATCH, o.runs - sampled);
      sampled += n;
      const seed = o.seed + batch;
      const inputs = fc.sample(arb, { seed, numRuns: n });
      inputs.forEach((input, i) => runOne(input, `seed ${seed} #${i}`, o.caseBudgetMs));
      o.progress?.(cases);
    }
  }
  if (phase !== 'sampled') {
    for (const c of edgeCases(t.flavor, l.fixtures, o.edgeMaxBytes)) {
      // Big inputs get a budget proportional to their size (5 µs per char on top).
      runOne(c.input, `edge: ${c.name}`, o.caseBudgetMs + c.input.length / 200);
    }
  }
  const r: FuzzResult = {
    id: t.id,
    cases,
    failures,
    groups: [...groups.values()].sort((a, b) => b.count - a.count),
    timeMs: performance.now() - started,
    slowestMs,
    slowestOrigin,
  };
  if (t.kind === 'stream') {
    r.maxBuffered = maxBuffered;
    r.cap = l.cap;
  }
  return r;
}
