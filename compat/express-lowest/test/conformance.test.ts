// The conformance suite, unchanged, over real HTTP through the Express example app, on the
// lowest Express of the middleware's peer range.
import { createRequire } from 'node:module';
import { describeConformance } from '@agentspan/conformance';
import { expressConformanceAdapter } from '@agentspan/example-express/conformance';
import type express from 'express';
import { expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };

const require = createRequire(import.meta.url);

it('runs the lowest Express of the peer range', () => {
  expect(require('express/package.json').version).toBe(manifest.devDependencies.express);
});

describeConformance(expressConformanceAdapter(() => require('express') as typeof express));
