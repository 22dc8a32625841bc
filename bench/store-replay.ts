// `npx tsx bench/store-replay.ts FILE [skipFraction]`: replays a store recording made by
// `bench/profile-console.ts … --record` (every mutation a running console made) into a fresh
// store, on the recording's clock, and times the mutations after the first `skipFraction`
// (default 0.5: past the first picture). Store cost alone, without SSH or parsing.
import { loadRecording } from '../src/store/record.js';
import { createVdStore, storeControl } from '../src/store/store.js';
import type { MutatorName } from '../src/store/store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: store-replay.ts FILE [skipFraction]');
const skip = Number(process.argv[3] ?? 0.5);
const rec = loadRecording(file);
if (!rec.init) throw new Error(`${file}: no init line`);
let now = rec.entries[0]?.t ?? 0;
const store = createVdStore({ ...rec.init, now: () => now });
const from = Math.floor(rec.entries.length * skip);
const counts = new Map<string, { n: number; ms: number }>();
const apply = (i: number) => {
  const e = rec.entries[i]!;
  now = e.t;
  const t0 = performance.now();
  if (e.op === 'recompute') storeControl(store).recompute(); // the live session's 1 s re-derivation
  else if (e.op === 'derive') storeControl(store).flushDerivation(); // no-op here: this store derives at once
  else (store.getState() as unknown as Record<MutatorName, (...a: unknown[]) => void>)[e.op](...e.args.map((a) => (a === null ? undefined : a)));
  return performance.now() - t0;
};
for (let i = 0; i < from; i++) apply(i);
let total = 0;
for (let i = from; i < rec.entries.length; i++) {
  const ms = apply(i);
  total += ms;
  const op = rec.entries[i]!.op === 'setNodeData' ? `setNodeData ${String(rec.entries[i]!.args[1])}` : rec.entries[i]!.op;
  const c = counts.get(op) ?? { n: 0, ms: 0 };
  c.n++;
  c.ms += ms;
  counts.set(op, c);
}
const span = (rec.entries[rec.entries.length - 1]!.t - rec.entries[from]!.t) / 1000;
console.log(`${rec.entries.length - from} mutations over ${span.toFixed(1)} s of recording: ${total.toFixed(1)} ms (${((100 * total) / 1000 / span).toFixed(2)} % of a core)`);
for (const [op, c] of [...counts].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${op.padEnd(24)} ${String(c.n).padStart(6)} × ${((1000 * c.ms) / c.n).toFixed(1).padStart(7)} µs`);
