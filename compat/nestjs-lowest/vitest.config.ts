import { defineConfig } from 'vitest/config';

// The module and the example app are workspace packages, so vitest compiles them itself;
// `dedupe` makes their imports of Nest resolve from this package, which holds the lowest
// versions of the peer range, instead of from their own (newest) node_modules.
export default defineConfig({
  resolve: {
    dedupe: ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-fastify', 'rxjs', 'reflect-metadata'],
  },
  test: { include: ['test/**/*.test.ts'], server: { deps: { inline: [/@agentspan\//] } } },
});
