import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). End-to-end tests in Chromium have their own
// config (vitest.e2e.config.ts) because they need a built renderer and a browser.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', 'tests/e2e/**', 'bench/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
