import { defineConfig } from 'vitest/config';

// Each test starts a real HTTP server; the browser tests in test/e2e need more time.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 30000, hookTimeout: 30000 },
});
