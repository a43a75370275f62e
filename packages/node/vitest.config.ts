import { defineConfig } from 'vitest/config';

// Each end-to-end test starts Node processes that load the SDK and the adapters.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, maxConcurrency: 3 } });
