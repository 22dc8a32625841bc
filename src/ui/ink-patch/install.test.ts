import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeInkPatch, inTildeRange, installInkPatch, loadInk, patchInk, VERIFIED_INK } from './install.js';

const root = new URL('../../../', import.meta.url);
const json = (file: string) => JSON.parse(readFileSync(new URL(file, root), 'utf8')) as Record<string, unknown>;

describe('ink patch installation', () => {
  it('refuses an ink version it was not verified on, leaves ink untouched and says why', async () => {
    const ink = await loadInk();
    const proto = (ink.Output as { prototype: { get: unknown } }).prototype;
    const before = proto.get;
    const p = patchInk({ ...ink, version: '6.9.0' });
    expect(p.status).toEqual({ patched: false, reason: `ink 6.9.0 is not a version the patch was verified on (${VERIFIED_INK})` });
    expect(proto.get).toBe(before);
    // the line VIRTDECK_LOG and `--version --verbose` show
    expect(describeInkPatch({ ...p.status, inkVersion: '6.9.0' })).toBe(`ink output patch: not installed (ink 6.9.0): ink 6.9.0 is not a version the patch was verified on (${VERIFIED_INK})`);
  });

  it('installs on the ink installed here, once', async () => {
    const first = installInkPatch();
    expect(installInkPatch()).toBe(first);
    const st = await first;
    expect(st).toEqual({ patched: true, inkVersion: (await loadInk()).version });
    expect(describeInkPatch(st)).toBe(`ink output patch: installed (ink ${st.inkVersion})`);
  });

  it('package.json pins ink to the verified range, and the locked ink lies in it (npm ci still works)', () => {
    expect((json('package.json')['dependencies'] as Record<string, string>)['ink']).toBe(VERIFIED_INK);
    const locked = (json('package-lock.json')['packages'] as Record<string, { version: string }>)['node_modules/ink']!.version;
    expect(inTildeRange(VERIFIED_INK, locked)).toBe(true);
  });

  it('reads tilde ranges as npm does', () => {
    expect(inTildeRange('~6.8.0', '6.8.0')).toBe(true);
    expect(inTildeRange('~6.8.0', '6.8.12')).toBe(true);
    expect(inTildeRange('~6.8.2', '6.8.1')).toBe(false);
    expect(inTildeRange('~6.8.0', '6.9.0')).toBe(false);
    expect(inTildeRange('~6.8.0', '7.8.0')).toBe(false);
    expect(inTildeRange('~6.8.0', '6.8.0-rc.1')).toBe(false);
    expect(inTildeRange('~6.8.0', 'unknown')).toBe(false);
  });
});
