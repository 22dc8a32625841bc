// The quick fuzz run inside `npm test`: every parser, a few hundred sampled cases plus the edge
// cases up to 1 MB. Failures: anything but ParseError thrown, unbounded stream buffers,
// chunking-dependent stream output, prototype pollution. `npm run fuzz` is the 100,000-case run.
import { describe, expect, it } from 'vitest';
import { fuzzLoaded } from './engine.js';
import { isKnown } from './known-issues.js';
import { loadTarget, TARGETS } from './targets.js';

const RUNS = Number(process.env.FUZZ_QUICK_RUNS ?? 300);

describe('quick fuzz of every parser', () => {
  for (const t of TARGETS) {
    it(`${t.id}: only ParseError, bounded, ${RUNS} cases + edge cases`, async () => {
      const l = await loadTarget(t);
      if (!l.ok) {
        console.warn(`\n!!! fuzz: SKIPPING ${t.id}: ${l.reason}\n`);
        return;
      }
      // No timing assert here (shared CI cores): the budget only catches real hangs.
      const r = fuzzLoaded(l.loaded, { runs: RUNS, seed: 424242, caseBudgetMs: 60_000, edgeMaxBytes: 256 * 1024 });
      expect(r.cases).toBeGreaterThanOrEqual(RUNS);
      const unexpected = r.groups.filter((g) => !isKnown(t.id, g.signature));
      expect(unexpected.map((g) => `${g.count}× ${g.signature} (first: ${g.origin}: ${JSON.stringify(g.example).slice(0, 160)})`)).toEqual([]);
      if (r.maxBuffered !== undefined) expect(r.maxBuffered).toBeLessThanOrEqual(l.loaded.cap);
    }, 120_000);
  }
});
