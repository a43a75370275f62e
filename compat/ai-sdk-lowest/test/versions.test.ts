// Guards the set-up itself: the example app must run on the lowest version
// (if the dedupe stopped working, the suite would silently test the newest one).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { S1 } from '@agentspan/conformance';
import { fixtureModel } from '@agentspan/example-ai-sdk';
import { MockLanguageModelV4 } from 'ai/test';
import { expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const installed = (name: string): string =>
  JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

it('runs the lowest version of the peer range', () => {
  expect(installed('ai')).toBe(manifest.devDependencies.ai);
});

it('the example app is built on that same copy', () => {
  expect(fixtureModel(S1)).toBeInstanceOf(MockLanguageModelV4);
});
