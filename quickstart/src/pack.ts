// One packed build for the whole suite: `pnpm pack` of every published package (what npm
// would download), into one directory.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

export interface Packed {
  /** package name → tarball path */
  readonly tarballs: ReadonlyMap<string, string>;
}

export function publishedPackages(): { name: string; dir: string }[] {
  return readdirSync(join(ROOT, 'packages'))
    .map((d) => join(ROOT, 'packages', d))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter((p) => !p.manifest.private)
    .map((p) => ({ name: p.manifest.name, dir: p.dir }));
}

export async function packAll(destination: string): Promise<Packed> {
  const packed = await Promise.all(
    publishedPackages().map(async ({ name, dir }) => {
      const { stdout } = await execFileAsync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
      const file = stdout.trim().split('\n').at(-1)?.trim() ?? '';
      return [name, file.startsWith('/') ? file : join(destination, file)] as const;
    }),
  );
  return { tarballs: new Map(packed) };
}
