import { defineConfig } from 'vitest/config';

// The adapter and the example app are workspace packages, so vitest compiles them itself;
// `dedupe` makes their imports of the SDK resolve from this package, which holds the lowest
// versions of the peer range, instead of from their own (newest) node_modules.
export default defineConfig({
  resolve: { dedupe: ['@openai/agents', '@openai/agents-core', '@openai/agents-openai', 'zod'] },
  test: { include: ['test/**/*.test.ts'], server: { deps: { inline: [/@agentspan\//] } }, testTimeout: 60_000 },
});
