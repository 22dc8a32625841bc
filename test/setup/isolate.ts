// Runs before every test file (vitest setupFiles): HOME and the XDG dirs point into a fresh temp
// dir, so nothing a test runs (audit log, conf's config dir, crash reports, known_hosts, child
// processes that inherit the env) can write to the user's real files. The guard in
// guard-real-paths.ts checks that this held for the whole run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const ISOLATED_VARS = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_STATE_HOME: 'state', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data' } as const;

const dir = mkdtempSync(join(tmpdir(), 'vd-test-home-'));
for (const [k, sub] of Object.entries(ISOLATED_VARS)) {
  const p = join(dir, sub);
  mkdirSync(p, { mode: 0o700 });
  process.env[k] = p;
}
// A user's own settings must not leak in either.
delete process.env.VIRTDECK_CONFIG;
delete process.env.VIRTDECK_LOG;

afterAll(() => rmSync(dir, { recursive: true, force: true }));
