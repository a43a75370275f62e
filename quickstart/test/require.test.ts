// `require()` of every published package works from CommonJS (the CommonJS builds, or for
// the ES-module-only packages Node's synchronous require of ES modules), with the
// frameworks installed in the workspace.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { publishedPackages } from '../src/pack.js';

describe.concurrent('require()', () => {
  it.each(publishedPackages().map((p) => p.name))('%s', (name) => {
    const out = execFileSync(process.execPath, ['-e', `process.stdout.write(String(Object.keys(require(${JSON.stringify(name)})).length))`], {
      encoding: 'utf8',
      cwd: new URL('..', import.meta.url).pathname,
    });
    expect(Number(out)).toBeGreaterThan(0);
  });
});
