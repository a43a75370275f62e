// One packed build for the whole suite: `pnpm pack` of every published package (what npm
// would download), into one directory.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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

export function packAll(destination: string): Packed {
  const tarballs = new Map<string, string>();
  for (const { name, dir } of publishedPackages()) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
    const file = out.trim().split('\n').at(-1)?.trim() ?? '';
    tarballs.set(name, file.startsWith('/') ? file : join(destination, file));
  }
  return { tarballs };
}
