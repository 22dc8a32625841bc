// What `npm pack` ships: the product, not its tests or captured fixtures (no test reads them from
// the package; the console reads none at run time).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm pack', () => {
  it('ships no test files and no fixtures, but the console entry point and sources', { timeout: 60_000 }, () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files.filter((p) => /\.test\.tsx?$/.test(p))).toEqual([]);
    expect(files.filter((p) => /(^|\/)fixtures\//.test(p))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['bin/virtdeck.js', 'src/cli/main.ts', 'package.json']));
  });
});
