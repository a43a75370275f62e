// packages/mcp's test, unchanged, on the lowest SDK version (see vitest.config.ts).
import '../../../packages/mcp/test/abort-signal.test.js';
