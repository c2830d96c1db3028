import { defineConfig } from 'vitest/config';

// End-to-end tests: real Debian chromium driven by playwright-core against the
// built renderer served on 127.0.0.1. Run one file at a time: 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
