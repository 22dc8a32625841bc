// What `npm pack` ships: the product, not its tests, test support or captured fixtures (no test
// reads them from the package; the console reads none at run time), and nothing it ships or
// compiles reaches test code (vitest, fast-check, test/).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Module specifiers of a JS/TS source: `import|export … from '…'`, `import '…'`, `import('…')`. */
function specifiersOf(src: string): string[] {
  const statement = /^\s*(?:import|export)\b[^;]*?\bfrom\s*(['"])([^'"\s]+)\1|^\s*import\s*(['"])([^'"\s]+)\3|\bimport\(\s*(['"])([^'"\s]+)\5\s*\)/gm;
  return [...src.matchAll(statement)].map((m) => (m[2] ?? m[4] ?? m[6])!);
}

/** What is wrong with one shipped file's imports: test packages, devDependencies, files that do not ship. */
function badImports(file: string, src: string, shipped: ReadonlySet<string>, deps: Readonly<Record<string, string>>): string[] {
  const bad: string[] = [];
  for (const s of specifiersOf(src)) {
    if (s.startsWith('.')) {
      const t = normalize(join(dirname(file), s));
      const candidates = [t, t.replace(/\.js$/, '.ts'), t.replace(/\.js$/, '.tsx'), `${t}.ts`, join(t, 'index.ts')];
      if (!candidates.some((c) => shipped.has(c))) bad.push(`${file}: ${s} (${t} is not shipped)`);
      continue;
    }
    if (s.startsWith('node:') || builtinModules.includes(s)) continue;
    const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
    if (!(name in deps)) bad.push(`${file}: ${s} (not a dependency)`);
  }
  return bad;
}

describe('npm pack', () => {
  let files: string[] = [];
  beforeAll(() => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  }, 60_000);

  it('ships no test files, test support or fixtures, but the console entry point and sources', () => {
    expect(files.filter((p) => /\.test\.tsx?$/.test(p))).toEqual([]);
    expect(files.filter((p) => /(^|\/)fixtures\//.test(p))).toEqual([]);
    expect(files.filter((p) => p.startsWith('test/'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['bin/virtdeck.js', 'src/cli/main.ts', 'package.json']));
  });

  it('no shipped module imports vitest, fast-check, a devDependency or a file that does not ship', () => {
    const shipped = new Set(files);
    const code = files.filter((p) => /\.(ts|tsx|js|mjs)$/.test(p) && !p.endsWith('.d.ts'));
    expect(code.length).toBeGreaterThan(100);
    expect(code.flatMap((f) => badImports(f, readFileSync(join(ROOT, f), 'utf8'), shipped, pkg.dependencies))).toEqual([]);
  });

  it('the checker itself catches a test import, a devDependency and an unshipped file', () => {
    const shipped = new Set(['src/a.ts', 'src/b.tsx']);
    const src = "import { x } from './b.js';\nimport { expect } from 'vitest';\nimport fc from 'fast-check';\nimport { f } from '../test/support/x.js';\nimport { readFileSync } from 'node:fs';\nconst m = await import('ink');";
    expect(badImports('src/a.ts', src, shipped, { ink: '1' })).toEqual([
      'src/a.ts: vitest (not a dependency)',
      'src/a.ts: fast-check (not a dependency)',
      'src/a.ts: ../test/support/x.js (test/support/x.js is not shipped)',
    ]);
  });
});

describe('the build (tsconfig.build.json → dist/)', () => {
  it('compiles no file under test/ and no test library: the module graph from src/ stays in the product', { timeout: 120_000 }, () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' });
    const listed = out
      .split('\n')
      .filter(Boolean)
      .map((f) => relative(ROOT, f));
    expect(listed).toEqual(expect.arrayContaining(['src/cli/main.ts']));
    expect(listed.filter((f) => f.startsWith('test/') || /\.test\.tsx?$/.test(f) || /node_modules\/(vitest|fast-check|ink-testing-library|@vitest)\//.test(f))).toEqual([]);
  });
});
