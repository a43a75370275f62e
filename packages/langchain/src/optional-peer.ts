// Loads an optional peer synchronously, from the same build (ESM or CommonJS) as this module,
// or returns undefined when it is not installed. ESM: `require()` of the ES module file that
// `import` would load (Node >= 22.12) returns the very instance `import` gets.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export function optionalPeer<T>(specifier: string): T | undefined {
  try {
    if (typeof import.meta.url !== 'string') return require(specifier) as T; // the CommonJS build
    return createRequire(import.meta.url)(fileURLToPath(import.meta.resolve(specifier))) as T;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
