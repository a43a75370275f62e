// A harness whose finished spans include another process's (read from its span file): what
// the MCP scenarios compare, so that the server's spans sit in the turn's tree.
import type { ConformanceHarness } from '../harness.js';
import type { SpanFile } from './span-file.js';

export function withRemoteSpans(harness: ConformanceHarness, remote: SpanFile): ConformanceHarness {
  return {
    ...harness,
    finishedSpans: () => [...harness.finishedSpans(), ...remote.read()],
    async reset() {
      await harness.reset();
      remote.reset();
    },
  };
}
