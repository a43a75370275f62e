// Writes decoded spans, their turns' summaries and the turns' full-text documents.
import { createHash } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { binOf } from './histogram.js';
import type { IngestSpan } from './ingest-span.js';
import { documents, spanSearchText } from './search-text.js';
import type { Slicer } from './slicer.js';
import { type SpanFacts, spanFacts } from './span-facts.js';
import { rowToState, TURN_COLUMNS, turnValues } from './turn-row.js';
import { addSpan, emptyTurn, type TurnState } from './turn-summary.js';

export interface WriteResult {
  /** Spans stored (duplicates of stored spans are not counted). */
  stored: number;
  /** Turns seen for the first time. */
  newTurns: number;
}

/** Full-text rowids are turn id * 2^20 + document number: a hit names its turn without a lookup. */
export const DOCS_PER_TURN = 2 ** 20;
/**
 * Spans per transaction: a big payload commits this often (a commit of 50,000 spans at once
 * holds the event loop for hundreds of milliseconds), a small one once.
 */
const SPANS_PER_COMMIT = 2000;
/** Resource ids remembered by their JSON (a process sends the same few resources). */
const RESOURCE_CACHE = 256;

interface PendingTurn {
  id: number;
  /** Not yet in the turns table. */
  isNew: boolean;
  textDocs: number;
  state: TurnState;
  texts: string[];
}

export class SpanWriter {
  private readonly insertSpan: StatementSync;
  private readonly selectTurn: StatementSync;
  private readonly insertTurn: StatementSync;
  private readonly updateTurn: StatementSync;
  private readonly insertText: StatementSync;
  private readonly insertPrompt: StatementSync;
  private readonly selectResource: StatementSync;
  private readonly insertResource: StatementSync;
  /** Resource JSON → id, most recently used last. */
  private readonly resourceIds = new Map<string, number>();
  /** The resource JSON of each decoded resource object (every span of a batch shares one). */
  private resourceJson = new WeakMap<object, string>();
  /** Ids of new turns are given here (one writer), so that their spans can name them. */
  private nextTurnId: number;

  constructor(private readonly db: DatabaseSync) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms,
         status_code, status_message, scope_name, scope_version, model, provider, input_tokens,
         output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, ttft_ms, duration_bin, ttft_bin,
         resource_id, turn_id, attributes, events)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectTurn = db.prepare('SELECT * FROM turns WHERE trace_id = ?');
    this.insertTurn = db.prepare(
      `INSERT INTO turns (id, trace_id, received_ms, ${TURN_COLUMNS.join(', ')})
       VALUES (?, ?, ?, ${TURN_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.nextTurnId = Number(db.prepare('SELECT max(id) AS id FROM turns').get()?.id ?? 0) + 1;
    this.updateTurn = db.prepare(`UPDATE turns SET ${TURN_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
    this.insertText = db.prepare('INSERT INTO turn_text (rowid, text) VALUES (?, ?)');
    this.insertPrompt = db.prepare('INSERT OR IGNORE INTO turn_prompts (turn_id, name, version) VALUES (?, ?, ?)');
    this.selectResource = db.prepare('SELECT id FROM resources WHERE hash = ?');
    this.insertResource = db.prepare('INSERT INTO resources (hash, json) VALUES (?, ?) RETURNING id');
  }

  /** Forgets cached resource ids (retention may have deleted their rows). */
  forgetResources(): void {
    this.resourceIds.clear();
  }

  private resourceId(span: IngestSpan): number {
    let json = this.resourceJson.get(span.resource);
    if (json === undefined) {
      json = JSON.stringify(span.resource);
      this.resourceJson.set(span.resource, json);
    }
    const cached = this.resourceIds.get(json);
    if (cached !== undefined) {
      this.resourceIds.delete(json);
      this.resourceIds.set(json, cached);
      return cached;
    }
    const hash = createHash('sha256').update(json).digest('base64');
    const row = this.selectResource.get(hash) ?? this.insertResource.get(hash, json);
    const id = Number(row?.id);
    this.resourceIds.set(json, id);
    if (this.resourceIds.size > RESOURCE_CACHE) this.resourceIds.delete(this.resourceIds.keys().next().value as string);
    return id;
  }

  /**
   * Stores the spans and updates their turns. The payload is written in slices of a few
   * milliseconds (the event loop runs between them; the store's queue keeps other writes
   * out) and committed every SPANS_PER_COMMIT spans; a span already stored is ignored, so if
   * the store fails midway, the exporter's retry completes the payload without counting
   * anything twice.
   */
  async write(spans: readonly IngestSpan[], slicer: Slicer, receivedMs: number): Promise<WriteResult> {
    const turns = new Map<string, PendingTurn>();
    const dirty = new Set<PendingTurn>();
    let stored = 0;
    let newTurns = 0;
    let open = false;
    let sinceCommit = 0;
    const begin = (): void => {
      this.db.exec('BEGIN IMMEDIATE');
      open = true;
    };
    const commit = (): void => {
      for (const turn of dirty) this.saveTurn(turn, receivedMs);
      dirty.clear();
      this.db.exec('COMMIT');
      open = false;
      sinceCommit = 0;
    };
    begin();
    try {
      for (const span of spans) {
        if (slicer.due()) {
          if (sinceCommit >= SPANS_PER_COMMIT) {
            commit();
            await slicer.pause();
            begin();
          } else await slicer.pause();
        }
        sinceCommit += 1;
        const facts = spanFacts(span.attributes);
        let turn = turns.get(span.traceId);
        if (turn === undefined) {
          turn = this.loadTurn(span);
          turns.set(span.traceId, turn);
        }
        if (!this.storeSpan(span, facts, turn.id)) continue; // already stored: an exporter retry
        stored += 1;
        if (turn.isNew && turn.state.spanCount === 0) newTurns += 1;
        addSpan(turn.state, span, facts);
        turn.texts.push(spanSearchText(span));
        dirty.add(turn);
      }
      commit();
    } catch (error) {
      if (open) this.db.exec('ROLLBACK');
      // Ids given or inserted by the rolled-back transaction are free again.
      this.resourceIds.clear();
      this.nextTurnId = Number(this.db.prepare('SELECT max(id) AS id FROM turns').get()?.id ?? 0) + 1;
      throw error;
    } finally {
      this.resourceJson = new WeakMap();
    }
    return { stored, newTurns };
  }

  private storeSpan(span: IngestSpan, facts: SpanFacts, turnId: number): boolean {
    const isCall = facts.model !== null;
    const result = this.insertSpan.run(
      span.traceId,
      span.spanId,
      span.parentSpanId,
      span.name,
      span.kind,
      span.startTimeMs,
      span.endTimeMs,
      span.statusCode,
      span.statusMessage === '' ? null : span.statusMessage,
      span.scopeName,
      span.scopeVersion === '' ? null : span.scopeVersion,
      facts.model,
      facts.provider,
      facts.inputTokens,
      facts.outputTokens,
      facts.cachedInputTokens,
      facts.reasoningTokens,
      facts.costUsd,
      facts.ttftMs,
      isCall ? binOf(span.endTimeMs - span.startTimeMs) : null,
      isCall ? binOf(facts.ttftMs) : null,
      this.resourceId(span),
      turnId,
      JSON.stringify(span.attributes),
      JSON.stringify(span.events),
    );
    if (result.changes === 0) return false;
    if (facts.promptName !== null) this.insertPrompt.run(turnId, facts.promptName, facts.promptVersion ?? '');
    return true;
  }

  private loadTurn(span: IngestSpan): PendingTurn {
    const row = this.selectTurn.get(span.traceId);
    if (row === undefined) return { id: this.nextTurnId++, isNew: true, textDocs: 0, state: emptyTurn(span), texts: [] };
    return { id: Number(row.id), isNew: false, textDocs: Number(row.text_docs), state: rowToState(row), texts: [] };
  }

  /** Writes the turn's summary and the text of its new spans to the full-text index. */
  private saveTurn(turn: PendingTurn, receivedMs: number): void {
    // Beyond a million documents (batches) of one trace, the rest is not searchable.
    const docs = documents(turn.texts).slice(0, Math.max(0, DOCS_PER_TURN - turn.textDocs));
    turn.texts = [];
    const values = turnValues(turn.state, turn.textDocs + docs.length);
    if (turn.isNew) this.insertTurn.run(turn.id, turn.state.traceId, receivedMs, ...values);
    else this.updateTurn.run(...values, turn.id);
    turn.isNew = false;
    for (const doc of docs) this.insertText.run(turn.id * DOCS_PER_TURN + turn.textDocs++, doc);
  }
}
