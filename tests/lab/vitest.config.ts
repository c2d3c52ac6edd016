import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The lab: real kernel, real daemons, in network namespaces (needs root). One file at a time,
// because the scenarios measure timers and must not compete for the 2 cores; budget < 15 min.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/lab/**/*.test.ts'],
    globalSetup: ['tests/lab/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
