import { describe, expect, it } from 'vitest';
import { installedVersion, versionReport } from './version-report.js';

describe('version report', () => {
  it('says why the ink output patch is not installed (an ink it was not verified on)', () => {
    const out = versionReport('1.2.3', { patched: false, reason: 'ink 6.9.0 is not a version the patch was verified on (~6.8.0)', inkVersion: '6.9.0' }, (n) => `v-${n}`);
    expect(out).toBe(
      `virtdeck 1.2.3\nnode ${process.versions.node}\nink v-ink\nreact v-react\nssh2 v-ssh2\n` +
        'ink output patch: not installed (ink 6.9.0): ink 6.9.0 is not a version the patch was verified on (~6.8.0)\n',
    );
  });

  it('finds installed versions from the package.json above a dependency entry, even when its exports hide it', () => {
    expect(installedVersion('ink')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installedVersion('ssh2')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installedVersion('no-such-package-here')).toBe('unknown');
  });
});
