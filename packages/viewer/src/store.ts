// The viewer's storage: a node:sqlite file (WAL) with spans, turn summaries, a full-text index
// and retention. Writes go through one queue: a big payload is written in slices inside one
// transaction, and nothing else may write (or start a transaction) until it has committed.
import type { DatabaseSync } from 'node:sqlite';
import type { Conversation, Facets, Totals, Trends, TurnDetail, TurnList } from './api-types.js';
import { getConversation } from './conversation-queries.js';
import type { IngestSpan } from './ingest-span.js';
import { Retention, type RetentionLimits } from './retention.js';
import { migrate } from './schema.js';
import { Slicer } from './slicer.js';
import { rowToIngestSpan } from './span-rows.js';
import { SpanWriter, type WriteResult } from './span-writer.js';
import { openDatabase } from './sqlite-open.js';
import { facets, totals } from './totals-queries.js';
import { type TrendFilter, trends } from './trends-queries.js';
import { getTurn, listTurns, type TurnFilter } from './turn-queries.js';

/** Payloads that may wait for the writer; beyond it the receiver answers 503 (OTLP exporters retry). */
export const MAX_QUEUED_WRITES = 64;
/** Spans of an older file re-summarised per transaction while it is upgraded. */
const REBUILD_CHUNK = 5000;

export class TraceStore {
  private readonly writer: SpanWriter;
  readonly retention: Retention;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  private constructor(
    private readonly db: DatabaseSync,
    limits: RetentionLimits,
    private readonly now: () => number,
  ) {
    this.writer = new SpanWriter(db);
    this.retention = new Retention(db, limits, now);
  }

  static async open(path: string, limits: RetentionLimits, now: () => number = Date.now): Promise<TraceStore> {
    const db = await openDatabase(path);
    try {
      const { rebuildTurns } = migrate(db);
      const store = new TraceStore(db, limits, now);
      if (rebuildTurns) await store.rebuildTurns();
      store.retention.enforceNow();
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** A file of version 1: its spans are kept and their turns summarised again. */
  private async rebuildTurns(): Promise<void> {
    const read = this.db.prepare('SELECT rowid AS r, * FROM spans WHERE rowid > ? ORDER BY rowid LIMIT ?');
    const slicer = new Slicer();
    let last = 0;
    for (;;) {
      const rows = read.all(last, REBUILD_CHUNK);
      if (rows.length === 0) break;
      last = Number(rows.at(-1)?.r);
      const result = await this.writer.write(rows.map(rowToIngestSpan), slicer, this.now(), true);
      this.retention.added(result.newTurns);
    }
  }

  /** Runs `task` after every write queued before it (one writer at a time). */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const run = this.tail.then(task, task).finally(() => {
      this.queued -= 1;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** True when MAX_QUEUED_WRITES payloads already wait: the caller should ask the client to retry. */
  get busy(): boolean {
    return this.queued >= MAX_QUEUED_WRITES;
  }

  /** Stores a whole payload atomically (in slices), then applies retention. */
  ingest(spans: readonly IngestSpan[]): Promise<WriteResult> {
    return this.enqueue(async () => {
      const slicer = new Slicer();
      const result = await this.writer.write(spans, slicer, this.now());
      this.retention.added(result.newTurns);
      await this.retention.enforce(slicer);
      return result;
    });
  }

  /** Age-based retention when nothing is being ingested. */
  enforceRetention(): Promise<number> {
    return this.enqueue(() => this.retention.enforce(new Slicer()));
  }

  listTurns(filter: TurnFilter): TurnList {
    return listTurns(this.db, filter);
  }

  getTurn(traceId: string): TurnDetail | null {
    return getTurn(this.db, traceId);
  }

  getConversation(conversationId: string): Conversation | null {
    return getConversation(this.db, conversationId);
  }

  totals(fromMs?: number, toMs?: number): Totals {
    return totals(this.db, fromMs, toMs);
  }

  trends(filter: TrendFilter): Trends {
    return trends(this.db, filter, this.now());
  }

  facets(): Facets {
    return facets(this.db);
  }

  /** Waits for queued writes, then closes the file. */
  async close(): Promise<void> {
    await this.tail;
    if (this.db.isOpen) this.db.close();
  }
}
