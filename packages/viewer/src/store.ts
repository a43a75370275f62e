// The viewer's storage: a node:sqlite file (WAL) with spans, turn summaries and retention.
import type { DatabaseSync } from 'node:sqlite';
import type { Facets, Totals, TurnDetail, TurnList } from './api-types.js';
import type { IngestSpan } from './ingest-span.js';
import { Retention, type RetentionLimits } from './retention.js';
import { migrate } from './schema.js';
import { openDatabase } from './sqlite-open.js';
import { SpanWriter, type WriteResult } from './span-writer.js';
import { facets, totals } from './totals-queries.js';
import { getTurn, listTurns, listTurnsJson, type TurnFilter } from './turn-queries.js';

export class TraceStore {
  private readonly writer: SpanWriter;
  readonly retention: Retention;

  private constructor(
    private readonly db: DatabaseSync,
    limits: RetentionLimits,
    now: () => number,
  ) {
    migrate(db);
    this.writer = new SpanWriter(db);
    this.retention = new Retention(db, limits, now);
    this.retention.enforce();
  }

  static async open(path: string, limits: RetentionLimits, now: () => number = Date.now): Promise<TraceStore> {
    const db = await openDatabase(path);
    try {
      return new TraceStore(db, limits, now);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Stores a whole payload atomically, then applies retention. */
  ingest(spans: readonly IngestSpan[]): WriteResult {
    const result = this.writer.write(spans);
    this.retention.added(result.newTurns);
    this.retention.enforce();
    return result;
  }

  listTurns(filter: TurnFilter): TurnList {
    return listTurns(this.db, filter);
  }

  /** The same as listTurns, as JSON text (what the API sends). */
  listTurnsJson(filter: TurnFilter): string {
    return listTurnsJson(this.db, filter);
  }

  getTurn(traceId: string): TurnDetail | null {
    return getTurn(this.db, traceId);
  }

  totals(fromMs?: number, toMs?: number): Totals {
    return totals(this.db, fromMs, toMs);
  }

  facets(): Facets {
    return facets(this.db);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
