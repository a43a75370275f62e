import { defineConfig } from 'vitest/config';

// npm installs from the registry and Node processes per quick start: minutes, not seconds.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000, maxConcurrency: 3 },
});
