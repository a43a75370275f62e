import { defineConfig } from 'vitest/config';

// The adapter's own test files run here (see test/): vitest compiles them and the adapter's
// source itself; `dedupe` makes their imports of the SDK and zod resolve from this package,
// which holds the lowest version of the peer range (and the zod 3 it is built on), instead of
// from packages/mcp's node_modules (the newest).
export default defineConfig({
  resolve: { dedupe: ['@modelcontextprotocol/sdk', 'zod'] },
  test: { include: ['test/**/*.test.ts'], server: { deps: { inline: [/@agentspan\//] } }, testTimeout: 30_000 },
});
