// The suite's own parts, without the network: reading quick starts out of Markdown, the
// CommonJS twin, tree blocks; and the READMEs' promises the suite relies on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCommonJs } from '../src/commonjs.js';
import { LOWEST_OTEL } from '../src/matrix.js';
import { ROOT } from '../src/pack.js';
import { parseQuickStarts, readQuickStarts } from '../src/snippets.js';
import { parseTree, renderTrees } from '../src/tree.js';
import { README_QUICK_STARTS } from './readmes.js';

const FENCE = '```';

describe('quick starts in Markdown', () => {
  const md = [
    '# x',
    `${FENCE}sh title=install`,
    'npm install a b',
    FENCE,
    `${FENCE}js title=app.mjs`,
    "import { a } from 'a';",
    FENCE,
    `${FENCE}sh title=run`,
    'node app.mjs',
    FENCE,
    `${FENCE}text title=tree`,
    'root',
    '└── child',
    FENCE,
    `${FENCE}ts`,
    'not a quick start',
    FENCE,
    `${FENCE}sh title=other:install`,
    'npm i c',
    FENCE,
    `${FENCE}sh title=other:run`,
    'node x.mjs',
    FENCE,
    `${FENCE}text title=other:tree`,
    'x',
    FENCE,
  ].join('\n');

  it('groups titled blocks by project', () => {
    const [main, other] = parseQuickStarts('X.md', md);
    expect(main).toMatchObject({ project: 'main', install: ['npm install a b'], run: ['node app.mjs'] });
    expect(main?.files.get('app.mjs')).toBe("import { a } from 'a';\n");
    expect(parseTree(main?.tree ?? '')).toEqual(['root', '  child']);
    expect(other).toMatchObject({ project: 'other', install: ['npm i c'], run: ['node x.mjs'] });
  });

  it('a quick start without its run or tree is an error', () => {
    expect(() => parseQuickStarts('X.md', `${FENCE}sh title=install\nnpm i a\n${FENCE}\n`)).toThrow(/needs install, run and tree/);
  });

  it('every README of the suite has one, and every tree block parses', () => {
    for (const readme of README_QUICK_STARTS) {
      const found = readQuickStarts(ROOT, readme);
      expect(found.length, readme).toBeGreaterThan(0);
      for (const qs of found) expect(parseTree(qs.tree).length, `${readme} ${qs.project}`).toBeGreaterThan(0);
    }
  });
});

describe('the CommonJS twin', () => {
  it('requires what the module imports and runs the body in an async function', () => {
    const cjs = toCommonJs(
      ["import { register } from '@agentspan/node';", "import { a as b, type C } from 'x';", "import * as ns from 'y';", "import 'z';", "import express from 'express';", '', 'await register();'].join('\n'),
    );
    expect(cjs).toContain("const { register } = require('@agentspan/node');");
    expect(cjs).toContain("const { a: b, C } = require('x');");
    expect(cjs).toContain("const ns = require('y');");
    expect(cjs).toContain("require('z');");
    expect(cjs).toContain("const express = require('express');");
    expect(cjs).toContain('(async () => {\n\n  await register();\n})()');
  });
});

describe('trees', () => {
  it('parses box drawing and annotations; renders spans the same way', () => {
    expect(parseTree('a  INTERNAL\n├── b\n│   └── c  note\n└── d\n')).toEqual(['a', '  b', '    c', '  d']);
    const spans = [
      { spanId: '1', parentSpanId: null, name: 'a', startTimeMs: 0 },
      { spanId: '3', parentSpanId: '1', name: 'd', startTimeMs: 3 },
      { spanId: '2', parentSpanId: '1', name: 'b', startTimeMs: 1 },
      { spanId: '4', parentSpanId: '2', name: 'c', startTimeMs: 2 },
    ];
    expect(renderTrees(spans)).toEqual(['a', '  b', '    c', '  d']);
  });
});

describe('the lowest matrix', () => {
  it('pins the packages the @agentspan/node README tells an application on @opentelemetry/api 1.9 to pin', () => {
    const readme = readFileSync(join(ROOT, 'packages/node/README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('npm install @agentspan/node @opentelemetry/api@1.9'));
    const named = (line ?? '').split(' ').slice(3).map((w) => w.replace(/(?!^)@.*$/, ''));
    expect(named.sort()).toEqual(LOWEST_OTEL.map((w) => w.replace(/(?!^)@.*$/, '')).sort());
  });
});
