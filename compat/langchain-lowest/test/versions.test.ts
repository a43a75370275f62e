// Guards the set-up itself: the app's framework classes must be the lowest versions'
// (if the dedupe stopped working, the suite would silently test the newest ones).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ScriptedChatModel } from '@agentspan/example-langchain';
import { expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const installed = (name: string): string =>
  JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

it('runs the lowest versions of the peer range', () => {
  for (const name of ['@langchain/core', '@langchain/langgraph', 'langchain'] as const) {
    expect(installed(name)).toBe(manifest.devDependencies[name]);
  }
});

it('the example app is built on those same framework classes', () => {
  expect(Object.getPrototypeOf(ScriptedChatModel)).toBe(BaseChatModel);
});
