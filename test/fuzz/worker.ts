// Worker thread for run.ts: fuzzes one target and posts the result. The shared buffer tells the
// parent which case is running and since when, so a hang is reported with its case index.
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzLoaded, type FuzzOptions } from './engine.js';
import { loadTarget, TARGETS } from './targets.js';

interface Job {
  id: string;
  opts: Omit<FuzzOptions, 'progress' | 'beforeCase'>;
  /** [0] = case index about to run; [1] = cases done (Int32); float view [1] = start ms. */
  shared: SharedArrayBuffer;
}

const job = workerData as Job;
const idx = new Int32Array(job.shared, 0, 2);
const since = new Float64Array(job.shared, 8, 1);
const target = TARGETS.find((t) => t.id === job.id);
if (!target) throw new Error(`unknown fuzz target ${job.id}`);
const l = await loadTarget(target);
if (!l.ok) {
  parentPort!.postMessage({ skipped: l.reason });
} else {
  const opts = {
    ...job.opts,
    beforeCase(i: number) {
      Atomics.store(idx, 0, i);
      since[0] = Date.now();
    },
    progress(done: number) {
      Atomics.store(idx, 1, done);
    },
  };
  // Sampled cases first and reported on their own, so a hang in an edge case keeps them.
  parentPort!.postMessage({ partial: fuzzLoaded(l.loaded, opts, 'sampled') });
  parentPort!.postMessage({ result: fuzzLoaded(l.loaded, opts, 'edges') });
}
