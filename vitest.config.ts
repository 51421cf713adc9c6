import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: keep workers low so GPU (lavapipe) tests are not starved.
    maxWorkers: 2,
    // On CI also write a JSON summary; .ci/run prints its 'N passed, N failed' line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.ci-results/vitest.json' } : undefined,
  },
});
