// Guards the set-up itself: the example app must run on the lowest versions (if the dedupe
// stopped working, the suite would silently test the newest ones).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startNestApp } from '@agentspan/example-nestjs';
import { NestApplication } from '@nestjs/core';
import { expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const installed = (name: string): string =>
  JSON.parse(readFileSync(join(dirname(require.resolve(name)), 'package.json'), 'utf8')).version;

it('runs the lowest versions of the peer range', () => {
  for (const name of ['@nestjs/common', '@nestjs/core'] as const) {
    expect(installed(name)).toBe(manifest.devDependencies[name]);
  }
});

it('the example app is built on that same copy of Nest', async () => {
  const running = await startNestApp('express');
  try {
    expect(running.app).toBeInstanceOf(NestApplication);
  } finally {
    await running.close();
  }
});
