// Where the API's reads run. For a file store: in two worker threads, each with a read-only
// connection (WAL lets them read while the main thread writes), so that a slow read — trends
// or a search over a million spans — never holds the event loop that receives spans. For an
// in-memory store (one connection only), on the main thread.
import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { READS, type ReadAnswer, type ReadArg, type ReadName, type ReadResult } from './reads.js';

const WORKERS = 2;

/** dist/read-worker.js: next to this file once built, or beside src/ when running from the sources (tests). */
export function readWorkerPath(): string | null {
  for (const candidate of ['./read-worker.js', '../dist/read-worker.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return null;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class ReadWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;

  constructor(script: string, path: string) {
    this.worker = new Worker(script, { workerData: { path } });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
    });
    this.worker.on('message', (answer: ReadAnswer | 'ready') => {
      if (answer === 'ready') return;
      const pending = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('error' in answer) pending?.reject(new Error(answer.error));
      else pending?.resolve(answer.result);
    });
    this.worker.on('error', (error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }
}

export class Readers {
  private workers: ReadWorker[] = [];
  private nextId = 0;

  private constructor(private readonly db: DatabaseSync) {}

  /** Workers for a file store when the worker script is there; else reads on this thread. */
  static async start(db: DatabaseSync, path: string): Promise<Readers> {
    const readers = new Readers(db);
    const script = path === ':memory:' ? null : readWorkerPath();
    if (script !== null) {
      readers.workers = Array.from({ length: WORKERS }, () => new ReadWorker(script, path));
      try {
        await Promise.all(readers.workers.map((w) => w.ready));
      } catch (error) {
        await readers.close();
        throw error;
      }
    }
    return readers;
  }

  get inWorkers(): boolean {
    return this.workers.length > 0;
  }

  run<N extends ReadName>(name: N, arg: ReadArg<N>): Promise<ReadResult<N>> {
    if (this.workers.length === 0) {
      try {
        const read = READS[name] as (db: DatabaseSync, a: ReadArg<N>) => ReadResult<N>;
        return Promise.resolve(read(this.db, arg));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    // The worker with the fewest reads waiting.
    const worker = this.workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      worker.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.worker.postMessage({ id, name, arg });
    });
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(
      workers.map(async (w) => {
        // Referenced again: the process waits for the workers to close their connections.
        w.worker.ref();
        const exited = new Promise<void>((resolve) => w.worker.once('exit', () => resolve()));
        w.worker.postMessage('close');
        const timer = setTimeout(() => void w.worker.terminate(), 2000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
