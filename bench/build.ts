// Compiles src/ and bench/ to plain JS once per bench run (bench/tsconfig.json → an outDir under
// node_modules/.cache), so console processes run like an installed copy (bin/virtdeck.js runs
// dist/), not through tsx: tsx's transpiler, its cache and source maps stay resident and would
// be counted as the console's RSS and CPU.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** One build per checkout: git worktrees that share one node_modules must not overwrite each other's. */
export const BENCH_OUT = join(ROOT, 'node_modules', '.cache', `virtdeck-bench-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}`);

/** URL of a bench child module: the compiled .js after buildBench(), else the .ts source (tsx). */
export function childUrl(name: string, compiled: boolean): string {
  return compiled ? pathToFileURL(join(BENCH_OUT, 'bench', `${name}.js`)).href : new URL(`./${name}.ts`, import.meta.url).href;
}

/**
 * Runs tsc (incremental). Type errors do not stop the emit — other work in progress in the tree
 * must not block a measurement — but a missing output file does.
 */
export async function buildBench(log: (m: string) => void): Promise<void> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const t0 = Date.now();
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const p = spawn(process.execPath, [tsc, '-p', join(ROOT, 'bench', 'tsconfig.json'), '--outDir', BENCH_OUT, '--tsBuildInfoFile', join(BENCH_OUT, '.tsbuildinfo')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (c) => resolve({ code: c, out }));
  });
  for (const name of ['console-proc', 'demo-proc'])
    if (!existsSync(fileURLToPath(childUrl(name, true)))) throw new Error(`bench build: ${name}.js not emitted (tsc exit ${code}):\n${out.slice(0, 2000)}`);
  const errors = out.split('\n').filter((l) => l.includes('error TS')).length;
  log(`compiled src + bench to ${BENCH_OUT} in ${((Date.now() - t0) / 1000).toFixed(1)} s${errors ? ` (${errors} type errors in the tree, emitted anyway)` : ''}`);
}

/**
 * The Node flags the shipped entry point runs the console with: its shebang line
 * (`#!/usr/bin/env -S node FLAGS…`), so the bench and an installed copy cannot drift apart.
 */
export function shippedNodeFlags(): string[] {
  const first = readFileSync(join(ROOT, 'bin', 'virtdeck.js'), 'utf8').split('\n')[0] ?? '';
  const m = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!m) throw new Error(`bin/virtdeck.js: unexpected shebang ${JSON.stringify(first)}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
