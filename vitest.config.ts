import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: keep workers low so GPU (lavapipe) tests are not starved.
    maxWorkers: 2,
  },
});
