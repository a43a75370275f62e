import { defineConfig } from 'vitest/config';

// The adapter and the example app are workspace packages, so vitest compiles them itself;
// `dedupe` makes their imports of the framework resolve from this package, which holds the
// lowest version of the peer range, instead of from their own (newest) node_modules.
export default defineConfig({
  resolve: { dedupe: ['ai', '@ai-sdk/provider', 'zod'] },
  test: { include: ['test/**/*.test.ts'], server: { deps: { inline: [/@agentspan\//] } } },
});
