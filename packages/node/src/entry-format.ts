// The module format of the application's entry file, for the zero-code hook: `node --import`
// loads our hook as ESM whatever the application is, and a CommonJS application loads the
// CommonJS builds of its frameworks. Node's own rules, in order: the extension, the nearest
// package.json's "type", and for a .js file without one, ES module syntax in it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { ModuleFormat } from './installed.js';

/** The "type" of the nearest package.json: 'module', 'commonjs', or undefined when none says. */
function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        return typeof type === 'string' ? type : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

function hasEsmSyntax(file: string): boolean {
  try {
    return ESM_SYNTAX.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** The entry file's format, or undefined when there is no entry file (REPL, `-e`). */
export function entryFormat(entry: string | undefined = process.argv[1]): ModuleFormat | undefined {
  if (!entry) return undefined;
  const file = resolve(entry);
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  const type = packageType(dirname(file));
  if (type === 'module') return 'esm';
  if (type === 'commonjs') return 'cjs';
  return hasEsmSyntax(file) ? 'esm' : 'cjs';
}
