// Guards the set-up itself: the tests below must run on the lowest SDK version (if the
// dedupe stopped working, they would silently test the newest one).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };

it('runs the lowest version of the peer range', async () => {
  // Read from the file: 1.10's exports map `./*` to dist/esm, which hides the manifest.
  const sdk = JSON.parse(readFileSync(new URL('../node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(sdk.version).toBe(manifest.devDependencies['@modelcontextprotocol/sdk']);
  // The copy the adapter's source patches is this one.
  const { Protocol } = await import('@modelcontextprotocol/sdk/shared/protocol.js');
  const fromAdapter = await import('../../../packages/mcp/test/support/sdk-protocol.js');
  expect(fromAdapter.Protocol).toBe(Protocol);
});
