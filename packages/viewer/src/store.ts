// The viewer's storage: a node:sqlite file (WAL) with spans, turn summaries, a full-text index
// and retention. Writes go through one queue: a big payload is written in slices inside one
// transaction, and nothing else may write (or start a transaction) until it has committed.
import type { DatabaseSync } from 'node:sqlite';
import { Checkpointer } from './checkpointer.js';
import type { Conversation, Facets, Totals, Trends, TurnDetail, TurnList } from './api-types.js';
import { EvaluationWriter } from './evaluation-writer.js';
import type { IngestEvaluation } from './ingest-evaluation.js';
import type { IngestSpan } from './ingest-span.js';
import { Readers } from './readers.js';
import { Retention, type RetentionLimits } from './retention.js';
import { migrate } from './schema.js';
import { Slicer } from './slicer.js';
import { rowToIngestSpan } from './span-rows.js';
import { SpanWriter, type WriteResult } from './span-writer.js';
import { openDatabase } from './sqlite-open.js';
import type { TrendFilter } from './trends-queries.js';
import type { TurnFilter } from './turn-queries.js';

/** Payloads that may wait for the writer; beyond it the receiver answers 503 (OTLP exporters retry). */
export const MAX_QUEUED_WRITES = 64;
/** Facets are read again at most this often while turns arrive (a scan of every turn). */
const FACETS_MAX_AGE_MS = 10_000;
/** Spans of a version-1 file read at a time while it is upgraded. */
const V1_CHUNK = 5000;

export class TraceStore {
  private readonly writer: SpanWriter;
  private readonly evaluationWriter: EvaluationWriter;
  readonly retention: Retention;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** Counts writes: cached reads know when they are stale. */
  private version = 0;
  private facetCache: { version: number; at: number; value: Promise<Facets> } | null = null;
  private readers: Readers | null = null;
  /** File databases only: ':memory:' has no WAL. */
  private readonly checkpointer: Checkpointer | null;

  private constructor(
    private readonly db: DatabaseSync,
    limits: RetentionLimits,
    private readonly now: () => number,
    path: string,
  ) {
    this.writer = new SpanWriter(db);
    this.evaluationWriter = new EvaluationWriter(db);
    this.retention = new Retention(db, limits, now);
    this.checkpointer = path === ':memory:' ? null : new Checkpointer(path);
    if (this.checkpointer !== null) db.exec('PRAGMA wal_autocheckpoint = 0');
  }

  static async open(path: string, limits: RetentionLimits, now: () => number = Date.now): Promise<TraceStore> {
    const db = await openDatabase(path);
    let store: TraceStore | undefined;
    try {
      const { fromV1 } = migrate(db);
      store = new TraceStore(db, limits, now, path);
      if (fromV1) await store.ingestV1Spans();
      store.retention.enforceNow();
      store.readers = await Readers.start(db, path);
      return store;
    } catch (error) {
      await store?.readers?.close();
      await store?.checkpointer?.close();
      db.close();
      throw error;
    }
  }

  /** A file of version 1: its spans (moved to spans_v1 by the migration) are ingested again. */
  private async ingestV1Spans(): Promise<void> {
    const read = this.db.prepare('SELECT rowid AS r, * FROM spans_v1 WHERE rowid > ? ORDER BY rowid LIMIT ?');
    const slicer = new Slicer();
    let last = 0;
    for (;;) {
      const rows = read.all(last, V1_CHUNK);
      if (rows.length === 0) break;
      last = Number(rows.at(-1)?.r);
      const result = await this.writer.write(rows.map(rowToIngestSpan), slicer, this.now());
      this.retention.added(result.newTurns);
    }
    this.db.exec('DROP TABLE spans_v1');
  }

  /** Runs `task` after every write queued before it (one writer at a time), never during a checkpoint. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const start = async (): Promise<T> => {
      await this.checkpointer?.idle();
      return task();
    };
    const run = this.tail.then(start, start).finally(() => {
      this.queued -= 1;
      this.version += 1;
      this.checkpointer?.request();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** True when MAX_QUEUED_WRITES payloads already wait: the caller should ask the client to retry. */
  get busy(): boolean {
    return this.queued >= MAX_QUEUED_WRITES;
  }

  /** Stores a whole payload (in slices), then applies retention. */
  ingest(spans: readonly IngestSpan[]): Promise<WriteResult> {
    return this.enqueue(async () => {
      const slicer = new Slicer();
      const result = await this.writer.write(spans, slicer, this.now());
      this.retention.added(result.newTurns);
      await this.retention.enforce(slicer);
      return result;
    });
  }

  /** Stores evaluations and feedback (gen_ai.evaluation.result records), then bounds their number. */
  ingestEvaluations(evaluations: readonly IngestEvaluation[]): Promise<number> {
    return this.enqueue(async () => {
      const stored = this.evaluationWriter.write(evaluations, this.now());
      this.retention.trimEvaluations();
      return stored;
    });
  }

  /** Age-based retention when nothing is being ingested, and resources no span uses any more. */
  enforceRetention(): Promise<number> {
    return this.enqueue(async () => {
      const deleted = await this.retention.enforce(new Slicer());
      this.retention.trimEvaluations();
      if (this.retention.deleteUnused() > 0) this.writer.forgetResources();
      return deleted;
    });
  }

  private read(): Readers {
    if (this.readers === null) throw new Error('the store is closed');
    return this.readers;
  }

  listTurns(filter: TurnFilter): Promise<TurnList> {
    return this.read().run('listTurns', filter);
  }

  getTurn(traceId: string): Promise<TurnDetail | null> {
    return this.read().run('getTurn', traceId);
  }

  getConversation(conversationId: string): Promise<Conversation | null> {
    return this.read().run('getConversation', conversationId);
  }

  totals(fromMs?: number, toMs?: number): Promise<Totals> {
    return this.read().run('totals', { fromMs, toMs });
  }

  trends(filter: TrendFilter): Promise<Trends> {
    return this.read().run('trends', { filter, now: this.now() });
  }

  /** The facets, read again when turns arrived since, at most every 10 s. */
  facets(): Promise<Facets> {
    const now = Date.now();
    const cache = this.facetCache;
    if (cache !== null && (cache.version === this.version || now - cache.at < FACETS_MAX_AGE_MS)) return cache.value;
    const value = this.read().run('facets', null);
    this.facetCache = { version: this.version, at: now, value };
    value.catch(() => {
      if (this.facetCache?.value === value) this.facetCache = null;
    });
    return value;
  }

  /** Waits for queued writes, then closes the file. */
  async close(): Promise<void> {
    await this.tail;
    await this.readers?.close();
    this.readers = null;
    await this.checkpointer?.close();
    if (this.db.isOpen) this.db.close();
  }
}
