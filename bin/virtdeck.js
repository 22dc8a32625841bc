#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50 --no-memory-reducer
// Runs the compiled CLI when `npm run build` has produced dist/, otherwise the TypeScript
// sources through tsx, so `npx virtdeck` works straight after `npm install`.
// --max-semi-space-size=4 (MB; V8's default grows to 16): the console allocates many short-lived
// objects (SSH packets, parsed outputs); a young generation of 4 MB keeps ~20 MB less resident
// than the default, while 1 MB (the earlier choice) scavenged ~11 times a second and cost ~0.7
// points of a core more at 32 nodes once the heap was smaller (docs/benchmarks.md, "GC settings").
// Node reads it only at start-up, hence the shebang (env -S: coreutils ≥ 8.30); `node bin/virtdeck.js` runs without it.
// --heap-growing-percent=50: after each full GC V8 lets the old generation grow by 1.5× the live
// heap instead of its default (up to 4×), so a console that is left running for days stays near
// 160 MB instead of drifting to 270+ MB at 32 nodes; ~1 point of a core more GC (docs/benchmarks.md, "Heap growth").
// --no-memory-reducer: V8's memory reducer takes a console that polls steadily for an idle one and
// runs three full GCs every ~15 s; those GCs also drop the hidden classes optimised code was built
// for, so ~50 functions were deoptimised and compiled again each time: ~1.4 points of a core at
// 32 nodes (docs/benchmarks.md, finding 27). The heap limit above still bounds the heap.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

// React's development build leaks a timing entry per render: production unless asked otherwise.
process.env.NODE_ENV ??= 'production';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
