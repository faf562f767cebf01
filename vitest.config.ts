import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    // Web component tests wait up to 5 s for what they expect (the file says why).
    setupFiles: ['./test/support/web/dom-timeouts.ts'],
    hookTimeout: 30_000,
    // Two cores: integration tests start real servers; keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
