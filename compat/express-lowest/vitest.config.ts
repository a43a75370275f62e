import { defineConfig } from 'vitest/config';

// The example app receives this package's Express (the lowest of the peer range) from the
// test file; the middleware itself imports no Express.
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
