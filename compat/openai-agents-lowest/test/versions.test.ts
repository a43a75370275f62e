// Guards the set-up itself: the SDK the adapter and the app load must be the lowest versions'
// (if the dedupe stopped working, the suite would silently test the newest ones).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Runner } from '@openai/agents';
import { Runner as CoreRunner } from '@openai/agents-core';
import { expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };

/** The version of an installed package (their exports hide package.json): from its entry's folder up. */
function installed(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  while (!dir.endsWith(join('node_modules', name))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

it('runs the lowest versions of the peer range', () => {
  for (const name of ['@openai/agents', '@openai/agents-core', '@openai/agents-openai'] as const) {
    expect(installed(name)).toBe(manifest.devDependencies[name]);
  }
});

it('the app and the adapter share one Runner class', () => {
  expect(Runner).toBe(CoreRunner);
});
