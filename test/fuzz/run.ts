// `npm run fuzz` — fast-check over every parser in src/collectors/*/parse.ts.
//
//   npm run fuzz                       100,000 sampled cases per parser (+ edge cases)
//   npm run fuzz -- --runs 2000        fewer
//   npm run fuzz -- --only virsh       targets whose id contains "virsh"
//   npm run fuzz -- --seed 7 --jobs 2 --budget 1000 --hang 30000 --markdown
//
// Each target runs in its own worker thread; a case that runs longer than --hang ms is a hang:
// the worker is terminated and the case index reported. Exit code 1 when anything failed.
import { Worker } from 'node:worker_threads';
import type { FuzzResult } from './engine.js';
import { TARGETS, type FuzzTarget } from './targets.js';

interface Args {
  runs: number;
  seed: number;
  only?: string;
  budget: number;
  hang: number;
  jobs: number;
  edgeMax: number;
  markdown: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    runs: Number(process.env.FUZZ_RUNS ?? 100_000),
    seed: Number(process.env.FUZZ_SEED ?? 20_261_124),
    budget: 1000,
    hang: 30_000,
    jobs: 1,
    edgeMax: 40 << 20,
    markdown: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--runs') a.runs = Number(v());
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--only') a.only = v();
    else if (k === '--budget') a.budget = Number(v());
    else if (k === '--hang') a.hang = Number(v());
    else if (k === '--jobs') a.jobs = Math.max(1, Number(v()));
    else if (k === '--edge-max') a.edgeMax = Number(v());
    else if (k === '--markdown') a.markdown = true;
    else throw new Error(`unknown option ${k} (see the header of test/fuzz/run.ts)`);
  }
  for (const [k, n] of [['--runs', a.runs], ['--seed', a.seed], ['--budget', a.budget], ['--hang', a.hang]] as const) {
    if (!Number.isFinite(n) || n < 0) throw new Error(`${k} must be a non-negative number`);
  }
  return a;
}

type Outcome = { id: string; result?: FuzzResult; skipped?: string; hang?: { caseIndex: number; ms: number }; crash?: string; timeMs: number };

function runTarget(t: FuzzTarget, a: Args): Promise<Outcome> {
  const shared = new SharedArrayBuffer(16);
  const idx = new Int32Array(shared, 0, 2);
  const since = new Float64Array(shared, 8, 1);
  const started = Date.now();
  // 0 until the first case starts: booting the worker (tsx compiling under load) is not a hang.
  since[0] = 0;
  return new Promise((resolve) => {
    // The worker is TypeScript: register tsx's loader inside it first.
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`;
    const w = new Worker(boot, {
      eval: true,
      workerData: { id: t.id, opts: { runs: a.runs, seed: a.seed, caseBudgetMs: a.budget, edgeMaxBytes: a.edgeMax }, shared },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let settled = false;
    const done = (o: Omit<Outcome, 'id' | 'timeMs'>) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      resolve({ id: t.id, timeMs: Date.now() - started, ...o });
    };
    const watchdog = setInterval(() => {
      const caseStart = since[0] ?? 0;
      const ms = Date.now() - (caseStart === 0 ? started : caseStart);
      if (ms > (caseStart === 0 ? Math.max(a.hang, 300_000) : a.hang)) {
        const caseIndex = Atomics.load(idx, 0);
        void w.terminate();
        done({ hang: { caseIndex, ms }, ...(partial ? { result: partial } : {}) });
      }
    }, 250);
    let partial: FuzzResult | undefined;
    w.on('message', (m: { partial?: FuzzResult; result?: FuzzResult; skipped?: string }) => {
      if (m.partial) partial = m.partial;
      else if (m.result && partial) done({ result: merge(partial, m.result) });
      else done(m);
    });
    w.on('error', (e) => done({ crash: `${e.name}: ${e.message}` }));
    w.on('exit', (code) => done({ crash: `worker exited with code ${code} before reporting` }));
  });
}

function merge(a: FuzzResult, b: FuzzResult): FuzzResult {
  const groups = new Map(a.groups.map((g) => [g.signature, { ...g }]));
  for (const g of b.groups) {
    const x = groups.get(g.signature);
    if (x) x.count += g.count;
    else groups.set(g.signature, g);
  }
  const r: FuzzResult = {
    ...a,
    cases: a.cases + b.cases,
    failures: a.failures + b.failures,
    groups: [...groups.values()],
    timeMs: a.timeMs + b.timeMs,
    slowestMs: Math.max(a.slowestMs, b.slowestMs),
    slowestOrigin: a.slowestMs >= b.slowestMs ? a.slowestOrigin : b.slowestOrigin,
  };
  if (a.maxBuffered !== undefined || b.maxBuffered !== undefined) r.maxBuffered = Math.max(a.maxBuffered ?? 0, b.maxBuffered ?? 0);
  return r;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  const targets = TARGETS.filter((t) => !a.only || t.id.includes(a.only));
  if (targets.length === 0) throw new Error(`no fuzz target matches ${a.only}`);
  console.log(`fuzzing ${targets.length} parsers: ${a.runs} sampled cases each + edge cases, seed ${a.seed}, budget ${a.budget} ms/case, hang ${a.hang} ms`);
  const outcomes: Outcome[] = [];
  const queue = [...targets];
  const workers = Array.from({ length: Math.min(a.jobs, queue.length) }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const o = await runTarget(t, a);
      outcomes.push(o);
      printLine(o);
    }
  });
  await Promise.all(workers);
  outcomes.sort((x, y) => targets.findIndex((t) => t.id === x.id) - targets.findIndex((t) => t.id === y.id));
  const bad = outcomes.filter((o) => o.hang || o.crash || (o.result && o.result.failures > 0));
  const skipped = outcomes.filter((o) => o.skipped);
  console.log('');
  for (const o of bad) {
    console.log(`FAIL ${o.id}`);
    if (o.hang) console.log(`  hang: case #${o.hang.caseIndex} still running after ${o.hang.ms} ms (reproduce with --only ${o.id} --seed ${a.seed})`);
    if (o.crash) console.log(`  worker crashed: ${o.crash}`);
    for (const g of o.result?.groups ?? []) {
      console.log(`  ${g.count}× ${g.signature}\n    first: ${g.origin}, ${g.exampleLength} chars: ${JSON.stringify(g.example).slice(0, 300)}`);
    }
  }
  for (const o of skipped) console.warn(`SKIPPED ${o.id}: ${o.skipped}`);
  if (a.markdown) printMarkdown(outcomes);
  const total = outcomes.reduce((n, o) => n + (o.result?.cases ?? 0), 0);
  console.log(`\n${outcomes.length - skipped.length} parsers fuzzed, ${total} cases, ${bad.length} with failures, ${skipped.length} skipped`);
  return bad.length > 0 ? 1 : 0;
}

function printLine(o: Outcome): void {
  const r = o.result;
  const status = o.skipped ? 'SKIP' : o.hang ? 'HANG' : o.crash ? 'CRASH' : r && r.failures > 0 ? 'FAIL' : 'ok';
  const buf = r?.maxBuffered !== undefined ? `  buffered ≤ ${r.maxBuffered}/${r.cap}` : '';
  console.log(
    `${pad(status, 5)} ${pad(o.id, 34)} cases ${lpad(r?.cases ?? 0, 7)}  failures ${lpad((r?.failures ?? 0) + (o.hang || o.crash ? 1 : 0), 5)}  ${lpad((o.timeMs / 1000).toFixed(1), 6)} s  slowest ${lpad(Math.round(r?.slowestMs ?? 0), 5)} ms${buf}`,
  );
}

function printMarkdown(outcomes: Outcome[]): void {
  console.log('\n| parser | cases | failures | time (s) | slowest case (ms) | max buffered / cap |\n|---|---:|---:|---:|---:|---|');
  for (const o of outcomes) {
    const r = o.result;
    const buf = r?.maxBuffered !== undefined ? `${r.maxBuffered} / ${r.cap}` : '';
    const failures = o.skipped ? 'skipped' : `${r?.failures ?? 0}${o.hang ? ' + hang' : o.crash ? ' + crash' : ''}`;
    console.log(`| ${o.id} | ${r?.cases ?? 0} | ${failures} | ${(o.timeMs / 1000).toFixed(1)} | ${Math.round(r?.slowestMs ?? 0)} | ${buf} |`);
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`fuzz: ${e.message}`);
    process.exit(2);
  },
);
