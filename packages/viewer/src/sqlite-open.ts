// Opens node:sqlite without printing its ExperimentalWarning (the API is stable enough for a local cache).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

type SqliteModule = typeof import('node:sqlite');

let loaded: Promise<SqliteModule> | undefined;

function isSqliteWarning(warning: string | Error, type: unknown): boolean {
  const message = typeof warning === 'string' ? warning : warning.message;
  const kind = typeof warning === 'string' ? type : warning.name;
  return kind === 'ExperimentalWarning' && /sqlite/i.test(message);
}

/** Loads node:sqlite once, swallowing only its own experimental warning. */
export function loadSqlite(): Promise<SqliteModule> {
  if (loaded === undefined) {
    const original = process.emitWarning;
    const filtered = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
      const [first] = rest;
      const type = typeof first === 'object' && first !== null ? (first as { type?: unknown }).type : first;
      if (isSqliteWarning(warning, type)) return;
      Reflect.apply(original, this, [warning, ...rest]);
    };
    process.emitWarning = filtered as typeof process.emitWarning;
    loaded = import('node:sqlite')
      .catch((error: unknown) => {
        loaded = undefined;
        throw new Error(
          `@agentspan/viewer needs node:sqlite (Node >= 22.15); this is Node ${process.versions.node}`,
          { cause: error },
        );
      })
      .finally(() => {
        if (process.emitWarning === filtered) process.emitWarning = original;
      });
  }
  return loaded;
}

export async function openDatabase(path: string, { readOnly = false } = {}): Promise<DatabaseSync> {
  const { DatabaseSync } = await loadSqlite();
  if (readOnly) {
    // A read worker's connection: the writer made the file and set WAL mode.
    const reader = new DatabaseSync(path, { readOnly: true });
    reader.exec('PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;');
    return reader;
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // A 64 MiB page cache: a store of a million spans keeps its indexes' hot pages in memory.
  // A WAL that a burst of writes made large is cut back to 32 MiB once it restarts.
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = 33554432;',
  );
  return db;
}
