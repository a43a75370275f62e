// `require()` of every published package works from CommonJS (the CommonJS builds, or for
// the ES-module-only packages Node's synchronous require of ES modules), and `import` from
// an ES module, with the frameworks installed in the workspace. Every published package must
// be a devDependency of this one (that is how it resolves here).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { publishedPackages } from '../src/pack.js';

const cwd = new URL('..', import.meta.url).pathname;
const names = publishedPackages().map((p) => p.name);

/** How many names the package exports, loaded from `-e` code of that module type. */
function exportCount(type: 'commonjs' | 'module', name: string): number {
  const load = type === 'commonjs' ? `require(${JSON.stringify(name)})` : `await import(${JSON.stringify(name)})`;
  const code = `process.stdout.write(String(Object.keys(${load}).length))`;
  return Number(execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { encoding: 'utf8', cwd }));
}

describe.concurrent('require()', () => {
  it.each(names)('%s', (name) => {
    expect(exportCount('commonjs', name)).toBeGreaterThan(0);
  });
});

describe.concurrent('import', () => {
  it.each(names)('%s', (name) => {
    expect(exportCount('module', name)).toBeGreaterThan(0);
  });
});
