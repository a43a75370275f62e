// WAL checkpoints off the event loop. A checkpoint copies the WAL into the database file and
// syncs it: on a busy disk that takes tens or hundreds of milliseconds, which SQLite's automatic
// checkpoint would spend inside a COMMIT on the main thread. Here a worker thread with its own
// connection runs PASSIVE checkpoints at most four times a second while writes happen. The store's
// writer waits (asynchronously) for a running checkpoint before it writes again: a checkpoint
// that finishes with nothing written meanwhile lets the next write restart the WAL from its
// beginning, so the WAL file stays small under a steady stream of writes.
import { Worker } from 'node:worker_threads';

// CommonJS, evaluated in the worker: node:sqlite's experimental warning is silenced there too.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
process.emitWarning = () => {};
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path);
db.exec('PRAGMA busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch {
    // busy: the next write asks again
  }
  parentPort.postMessage('done');
});
`;

/** Checkpoints start at most this often. */
const INTERVAL_MS = 250;

export class Checkpointer {
  private readonly worker: Worker;
  private running: Promise<void> | null = null;
  private finish: () => void = () => {};
  private timer: NodeJS.Timeout | undefined;
  private lastStart = 0;

  constructor(path: string) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { path } });
    this.worker.unref();
    this.worker.on('message', () => this.finish());
    this.worker.on('error', () => this.finish());
  }

  /** After a write: a checkpoint soon (unless one is running or planned). */
  request(): void {
    if (this.running !== null || this.timer !== undefined) return;
    const wait = Math.max(0, this.lastStart + INTERVAL_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
    this.timer.unref();
  }

  private start(): void {
    this.lastStart = performance.now();
    this.running = new Promise<void>((resolve) => {
      this.finish = () => {
        this.running = null;
        resolve();
      };
    });
    this.worker.postMessage('checkpoint');
  }

  /** Resolves when no checkpoint is running. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.idle();
    // Referenced again: the process waits for the last checkpoint and the close.
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }
}
