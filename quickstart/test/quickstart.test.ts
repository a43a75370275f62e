// Every README quick start, as a user would run it: a blank npm project outside the
// workspace, the README's install command (npm, the packed tarballs, today's registry), its
// files, its run command, in ESM and CommonJS where the code allows, against the newest and
// the lowest supported OpenTelemetry; the spans travel over OTLP/HTTP to a viewer started
// from its tarball, and the viewer must show the tree the README shows.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRICES, pinsFor } from '../src/matrix.js';
import { type NpmEnv, blankProject, installCommand, npmInstall } from '../src/npm-project.js';
import { type Packed, ROOT, packAll } from '../src/pack.js';
import { linkProject } from '../src/link-project.js';
import { formatsOf, runQuickStart, writeFiles } from '../src/run-quickstart.js';
import { type QuickStart, readQuickStarts } from '../src/snippets.js';
import { parseTree } from '../src/tree.js';
import { type RunningViewer, startViewer } from '../src/viewer.js';
import { README_QUICK_STARTS } from './readmes.js';

const suite = mkdtempSync(join(tmpdir(), 'agentspan-quickstart-'));
const env: NpmEnv = { cache: process.env.AGENTSPAN_NPM_CACHE ?? join(ROOT, 'node_modules/.cache/agentspan-quickstart-npm') };
let packed: Packed;
let viewer: RunningViewer;

beforeAll(async () => {
  mkdirSync(join(suite, 'packed'));
  packed = await packAll(join(suite, 'packed'));
  viewer = await startViewer(join(suite, 'viewer'), packed, env);
});
afterAll(() => {
  viewer?.stop();
  if (!process.env.AGENTSPAN_KEEP_QUICKSTART) rmSync(suite, { recursive: true, force: true });
});

/** What a quick start's project must (not) hold after its install, beyond its tree. */
const AFTER_INSTALL: Record<string, (dir: string) => void> = {
  // A user of plain @langchain/core chains does not get LangGraph.
  'packages/langchain/README.md:chain': (dir) => expect(existsSync(join(dir, 'node_modules/@langchain/langgraph'))).toBe(false),
};

// Quick starts whose install commands are the same (after the matrix's pins) get the same
// project: it is installed once and its files hard-linked into the others' directories.
const installs = new Map<string, Promise<{ dir: string; log: string }>>();
async function installOnce(dir: string, commands: string[], install: (dir: string) => Promise<string>): Promise<string> {
  const key = commands.join('\n');
  let first = installs.get(key);
  if (!first) {
    first = install(dir).then((log) => ({ dir, log }));
    installs.set(key, first);
  }
  const done = await first;
  if (done.dir !== dir) linkProject(done.dir, dir);
  return done.log;
}

function slug(qs: QuickStart): string {
  return `${qs.readme.replace(/\/README\.md$/, '').replace(/[^\w]+/g, '-') || 'root'}-${qs.project}`;
}

// AGENTSPAN_QUICKSTART_ONLY=packages/langchain/README.md runs one README's quick starts.
const only = process.env.AGENTSPAN_QUICKSTART_ONLY;
const readmes = README_QUICK_STARTS.filter((r) => !only || only.split(',').includes(r));

describe('the packed packages', () => {
  it('each holds the LICENSE and names its repository, homepage and bug tracker', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    for (const [name, tarball] of packed.tarballs) {
      const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
      expect(files, name).toContain('package/LICENSE');
      expect(execFileSync('tar', ['xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' }), name).toBe(license);
      const manifest = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
      expect(manifest, name).toMatchObject({
        license: 'Apache-2.0',
        repository: { type: 'git', url: expect.stringContaining('github.com/agentspan/agentspan') },
        homepage: expect.stringContaining(manifest.repository.directory),
        bugs: { url: expect.stringContaining('/issues') },
      });
    }
  });
});

describe.concurrent('README quick starts', () => {
for (const readme of readmes) {
  for (const qs of readQuickStarts(ROOT, readme)) {
    const expected = parseTree(qs.tree);
    const roots = expected.filter((l) => !l.startsWith(' ')).length;
    for (const matrix of MATRICES) {
      describe.concurrent(`${readme} · ${qs.project} · ${matrix.name}`, () => {
        const dir = join(suite, matrix.name, slug(qs));
        let installed: Promise<string> | undefined;
        const install = () => {
          installed ??= (async () => {
            const [first, ...rest] = qs.install;
            const commands = [installCommand(first!, packed, pinsFor(matrix, readme)), ...rest.map((c) => installCommand(c, packed, []))];
            const log = await installOnce(dir, commands, async (target) => {
              blankProject(target, packed, commands);
              return npmInstall(target, commands, env);
            });
            AFTER_INSTALL[`${readme}:${qs.project}`]?.(dir);
            return log;
          })();
          return installed;
        };
        for (const format of formatsOf(qs)) {
          it(format, async () => {
            await install();
            writeFiles(dir, qs, format);
            const run = await runQuickStart(dir, qs, format, `${slug(qs)}-${matrix.name}-${format}`, viewer, env, roots);
            expect(run.trees, run.output).toEqual(expected);
          });
        }
      });
    }
  }
}
});
