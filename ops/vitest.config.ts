import { defineConfig } from 'vitest/config';

// The integration test starts a real Prometheus and waits for its scrapes.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
