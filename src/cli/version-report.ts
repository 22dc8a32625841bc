// `virtdeck --version --verbose`: what a bug report needs about the runtime — node and the
// libraries the console draws and connects with, and whether the ink output patch is installed
// (it refuses ink versions it was not verified on; src/ui/ink-patch/install.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeInkPatch, installInkPatch, type InkPatchStatus } from '../ui/ink-patch/install.js';

/** Version of an installed dependency: the nearest package.json above its entry that names it. */
export function installedVersion(name: string): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? 'unknown';
      } catch {
        // no package.json at this level: keep climbing
      }
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'unknown';
  }
}

export function versionReport(virtdeck: string, patch: InkPatchStatus, version: (name: string) => string = installedVersion): string {
  return [`virtdeck ${virtdeck}`, `node ${process.versions.node}`, `ink ${version('ink')}`, `react ${version('react')}`, `ssh2 ${version('ssh2')}`, describeInkPatch(patch)].map((l) => `${l}\n`).join('');
}

/** Installs the patch as the console would (this process only prints and exits) to report on it. */
export async function verboseVersion(virtdeck: string): Promise<string> {
  return versionReport(virtdeck, await installInkPatch());
}
