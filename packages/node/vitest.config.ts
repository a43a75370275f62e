import { defineConfig } from 'vitest/config';

// Each end-to-end test starts Node processes that load the SDK and the adapters.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
