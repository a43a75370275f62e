import { defineConfig } from 'vitest/config';

// Nest resolves constructor parameters from decorator metadata: emit it for test files.
export default defineConfig({
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60000, hookTimeout: 60000 },
});
