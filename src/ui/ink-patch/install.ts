// Installs the ink output patch (output-cache.ts, fast-output.ts) when the console starts (runTui),
// and only on the ink versions it was verified on: ink's Output is not public API. On any other
// ink it refuses, the console draws with ink's own code (the same frames, more CPU), and the
// reason goes to VIRTDECK_LOG and `virtdeck --version --verbose`.
// ink's package exports do not expose output.js, so it is reached by file URL next to ink's entry
// (the same module instance ink uses), and ansi-tokenize and slice-ansi are resolved from ink's
// location (ink's copies).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GenerationCache } from '../generation-cache.js';
import type { AnsiTokenize, StyledChar, StyledCharInterner } from './fast-output.js';
import { patchInkOutput, type InkCacheStatus, type InkOriginals, type InkPatch, type OutputClass, type SliceAnsi } from './output-cache.js';

/** The ink versions the patch was verified on; package.json pins ink to the same range. */
export const VERIFIED_INK = '~6.8.0';

/** Whether `version` lies in a tilde range `~M.m.p` (M.m.x, x ≥ p), as npm reads it. */
export function inTildeRange(range: string, version: string): boolean {
  const r = /^~(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return !!r && !!v && r[1] === v[1] && r[2] === v[2] && Number(v[3]) >= Number(r[3]);
}

export interface InkPatchStatus extends InkCacheStatus {
  /** ink's version as installed ('unknown' when ink's package.json could not be read). */
  inkVersion: string;
}

/** ink's modules the patch works on. */
export interface LoadedInk {
  version: string;
  Output: unknown;
  tok: Partial<AnsiTokenize> | undefined;
  sliceAnsi: unknown;
}

export async function loadInk(): Promise<LoadedInk> {
  const entry = createRequire(import.meta.url).resolve('ink');
  const fromInk = createRequire(entry);
  const load = async (file: string) => (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // ink's entry is build/index.js; its package.json is not in its exports either
  const inkPkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { name?: string; version?: string };
  const version = inkPkg.name === 'ink' && inkPkg.version ? inkPkg.version : 'unknown';
  const mod = await load(join(dirname(entry), 'output.js'));
  // ansi-tokenize exports only an `import` entry, so its package.json says where that is
  const tokPkg = fromInk.resolve('@alcalzone/ansi-tokenize/package.json');
  const pkg = JSON.parse(await readFile(tokPkg, 'utf8')) as { exports?: { '.'?: { import?: string } }; module?: string };
  const tokEntry = pkg.exports?.['.']?.import ?? pkg.module;
  const tok = tokEntry ? ((await load(join(dirname(tokPkg), tokEntry))) as Partial<AnsiTokenize>) : undefined;
  const slice = await load(fromInk.resolve('slice-ansi'));
  return { version, Output: mod['default'], tok, sliceAnsi: slice['default'] };
}

/** Patches `ink` if it is a verified version (and passes output-cache.ts' own checks). */
export function patchInk(ink: LoadedInk): InkPatch {
  if (!inTildeRange(VERIFIED_INK, ink.version)) {
    return { status: { patched: false, reason: `ink ${ink.version} is not a version the patch was verified on (${VERIFIED_INK})` } };
  }
  if (!ink.tok) return { status: { patched: false, reason: '@alcalzone/ansi-tokenize has no import entry' } };
  return patchInkOutput(ink.Output, ink.tok, ink.sliceAnsi);
}

/** The styled-line cache once installed (tests, benchmarks). */
export let inkStyledLines: GenerationCache<StyledChar[]> | undefined;
/** ink's Output class and its methods before patching, once installed (tests compare against them). */
export let inkInternals: { Output: OutputClass; originals: InkOriginals; interner: StyledCharInterner; tok: AnsiTokenize; sliceAnsi: SliceAnsi } | undefined;

let installed: Promise<InkPatchStatus> | undefined;

/** Patches ink's Output once per process; resolves with whether it did, and why not. */
export function installInkPatch(): Promise<InkPatchStatus> {
  installed ??= (async () => {
    let ink: LoadedInk;
    try {
      ink = await loadInk();
    } catch (e) {
      return { patched: false, reason: e instanceof Error ? e.message : String(e), inkVersion: 'unknown' };
    }
    const patch = patchInk(ink);
    inkStyledLines = patch.styledLines;
    if (patch.originals && patch.interner) {
      inkInternals = { Output: ink.Output as OutputClass, originals: patch.originals, interner: patch.interner, tok: ink.tok as AnsiTokenize, sliceAnsi: ink.sliceAnsi as SliceAnsi };
    }
    return { ...patch.status, inkVersion: ink.version };
  })();
  return installed;
}

/** One line for the log and `--version --verbose`. */
export const describeInkPatch = (s: InkPatchStatus): string =>
  s.patched ? `ink output patch: installed (ink ${s.inkVersion})` : `ink output patch: not installed (ink ${s.inkVersion}): ${s.reason ?? 'unknown reason'}`;
