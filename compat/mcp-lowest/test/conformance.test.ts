// packages/mcp's test, unchanged, on the lowest SDK version (see vitest.config.ts).
import '../../../packages/mcp/test/conformance.test.js';
