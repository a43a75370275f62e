// Loads an optional package synchronously, in the module format the application uses.
// Why the format matters: the ESM and CommonJS builds of a framework are different classes
// and different hook lists, so an adapter wired through the other build traces nothing.
// ESM without `await`: `require()` of an ES module file (Node >= 22.12) returns the same
// module instance a later `import` gets, so register() stays synchronous and the adapter is
// wired before the application's first line runs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type ModuleFormat = 'esm' | 'cjs';

/** The format of this build of @agentspan/node (`import.meta` is empty in the CommonJS build). */
export function ownFormat(): ModuleFormat {
  return typeof import.meta.url === 'string' ? 'esm' : 'cjs';
}

function ownLocation(): string {
  return typeof import.meta.url === 'string' ? import.meta.url : __filename;
}

// Where the application's packages are: beside its entry file, its working directory, then
// ours (a package manager that does not hoist still links the app's own dependencies there).
function bases(): string[] {
  const list: string[] = [];
  if (process.argv[1]) list.push(pathToFileURL(process.argv[1]).href);
  list.push(pathToFileURL(join(process.cwd(), 'noop.js')).href);
  list.push(ownLocation());
  return list;
}

type Conditions = string | { [condition: string]: Conditions } | null | undefined;

/** The file the `import` condition of a package's main export names (our packages' layout). */
function esmEntry(exportsField: unknown): string | undefined {
  const main = (typeof exportsField === 'object' && exportsField !== null && '.' in exportsField
    ? (exportsField as Record<string, Conditions>)['.']
    : exportsField) as Conditions;
  const pick = (c: Conditions): string | undefined => {
    if (typeof c === 'string') return c;
    if (typeof c !== 'object' || c === null) return undefined;
    return pick(c.import) ?? pick(c.default);
  };
  return pick(main);
}

export interface Installed {
  /** Loads the package (throws what the package throws, e.g. a missing peer). */
  load(): unknown;
}

/** The package if it is installed where the application can see it, else undefined. */
export function findInstalled(specifier: string, format: ModuleFormat): Installed | undefined {
  for (const base of bases()) {
    const req = createRequire(base);
    let manifestPath: string;
    try {
      manifestPath = req.resolve(`${specifier}/package.json`);
    } catch {
      continue;
    }
    if (format === 'cjs') return { load: () => req(specifier) };
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: unknown; module?: string; main?: string };
    const entry = esmEntry(manifest.exports) ?? manifest.module ?? manifest.main;
    if (!entry) return { load: () => req(specifier) };
    return { load: () => req(join(dirname(manifestPath), entry)) };
  }
  return undefined;
}
