import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx', 'bench/**/*.test.ts'],
    // Integration tests start real servers; two cores, so keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // No test writes to the user's real files: HOME/XDG dirs per test file in a temp dir, and a
    // guard that fails the run if the real audit log, config or known_hosts changed.
    setupFiles: ['test/setup/isolate.ts'],
    globalSetup: ['test/setup/guard-real-paths.ts'],
  },
});
