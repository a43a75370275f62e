import { defineConfig } from 'vitest/config';

// The demo test runs the built demo (five frameworks, two scenarios each) as a child process.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120000 } });
