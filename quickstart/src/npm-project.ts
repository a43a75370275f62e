// A blank npm project outside the workspace, installed the way its README says, with npm,
// from the packed tarballs (npm would fetch @agentspan/* from the registry otherwise).
import { exec } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Packed } from './pack.js';

const run = promisify(exec);

export interface NpmEnv {
  /** The one npm cache of the suite. */
  cache: string;
}

export function npmEnv(env: NpmEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing of the workspace's pnpm run leaks into a user's blank project.
    if (k.startsWith('npm_') || k.startsWith('OTEL_') || k === 'NODE_PATH' || k === 'NODE_OPTIONS') continue;
    clean[k] = v;
  }
  // The machine's global npmrc (a cafile, a registry), which npm under the pinned Node and
  // pnpm's script environment would both lose (scripts/toolchain.sh).
  const globalconfig = process.env.AGENTSPAN_NPM_GLOBALCONFIG;
  return {
    ...clean,
    ...(globalconfig ? { npm_config_globalconfig: globalconfig } : {}),
    npm_config_cache: env.cache,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  };
}

const INSTALL = /^npm\s+(install|i)\s/;

/** The README's install command with @agentspan/* as tarballs and the matrix's pins added. */
export function installCommand(line: string, packed: Packed, pins: readonly string[]): string {
  if (!INSTALL.test(line)) throw new Error(`an install block holds npm install commands only, got: ${line}`);
  const words = line.split(/\s+/).map((w) => {
    const name = w.startsWith('@agentspan/') ? w.replace(/(?!^)@.*$/, '') : undefined;
    if (name === undefined) return w;
    const tarball = packed.tarballs.get(name);
    if (!tarball) throw new Error(`${name} is not a published package of this repository`);
    return tarball;
  });
  return [...words, ...pins].join(' ');
}

/**
 * Makes the blank project: `npm init -y`, then overrides that keep every @agentspan/* the
 * commands do not install themselves on its tarball (npm refuses an override of a direct one).
 */
export function blankProject(dir: string, packed: Packed, commands: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  // What `npm init -y` writes, without starting npm for it.
  const manifest: Record<string, unknown> = { name: basename(dir).toLowerCase(), version: '1.0.0', main: 'index.js', license: 'ISC', type: 'commonjs' };
  const direct = new Set(commands.flatMap((c) => c.split(/\s+/)));
  const indirect = [...packed.tarballs].filter(([, tarball]) => !direct.has(tarball));
  manifest.overrides = Object.fromEntries(indirect.map(([name, tarball]) => [name, `file:${tarball}`]));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function npmInstall(dir: string, commands: readonly string[], env: NpmEnv): Promise<string> {
  let log = '';
  for (const command of commands) {
    // Bounded: npm retries a registry it cannot reach for a long time; a hung install must
    // fail the quick start with npm's output, not hold CI.
    const { stdout, stderr } = await run(command, { cwd: dir, env: npmEnv(env), maxBuffer: 1 << 24, timeout: 600_000, killSignal: 'SIGKILL' });
    log += `$ ${command}\n${stdout}${stderr}`;
  }
  return log;
}
