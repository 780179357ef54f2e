import { defineConfig } from 'vitest/config';

/** The reliability and security suites (scripts/reliability.mjs runs them). */
export default defineConfig({
  test: {
    include: ['src/server/reliability/**/*.reliability.ts'],
    environment: 'node',
    pool: 'forks',
    // One suite at a time: the load and crash suites measure a server that must not share the CPU.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
