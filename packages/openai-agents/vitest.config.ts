import { defineConfig } from 'vitest/config';

// Real Runner turns and property runs: generous per-test time on a loaded CI machine.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
