// Writes one decoded payload in ONE transaction: spans (duplicates ignored), their turns'
// summaries and the turns' full-text documents. A big payload is written in slices: the
// transaction stays open while the event loop serves other requests (the store's write queue
// keeps other writes out of it).
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { IngestSpan } from './ingest-span.js';
import { documents, spanSearchText } from './search-text.js';
import type { Slicer } from './slicer.js';
import { type SpanFacts, spanFacts } from './span-facts.js';
import { addSpan, emptyTurn, type TurnState, toApiTurn, turnStartMs } from './turn-summary.js';

export interface WriteResult {
  /** Spans stored (duplicates of stored spans are not counted). */
  stored: number;
  /** Turns seen for the first time. */
  newTurns: number;
}

/** Full-text rowids are turn id * 2^20 + document number: a hit names its turn without a lookup. */
export const DOCS_PER_TURN = 2 ** 20;

interface PendingTurn {
  id: number | null;
  textDocs: number;
  state: TurnState;
  texts: string[];
}

const TURN_COLUMNS = [
  'start_ms',
  'duration_ms',
  'root_span_id',
  'root_name',
  'agent_name',
  'conversation_id',
  'user_id',
  'service_name',
  'framework',
  'status',
  'has_error',
  'error_type',
  'error_category',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
  'total_tokens',
  'cost_usd',
  'unpriced_calls',
  'ttft_ms',
  'models',
  'span_count',
  'text_docs',
] as const;

function turnValues(state: TurnState, textDocs: number): SQLInputValue[] {
  const t = toApiTurn(state);
  return [
    turnStartMs(state),
    t.durationMs,
    t.rootSpanId,
    t.rootName,
    t.agentName,
    t.conversationId,
    t.userId,
    t.serviceName,
    t.framework,
    t.status,
    t.hasError ? 1 : 0,
    t.errorType,
    t.errorCategory,
    t.inputTokens,
    t.outputTokens,
    t.cachedInputTokens,
    t.reasoningTokens,
    t.inputTokens + t.outputTokens,
    t.costUsd,
    t.unpricedCalls,
    t.ttftMs,
    JSON.stringify(t.models),
    t.spanCount,
    textDocs,
  ];
}

export class SpanWriter {
  private readonly insertSpan: StatementSync;
  private readonly selectTurn: StatementSync;
  private readonly insertTurn: StatementSync;
  private readonly updateTurn: StatementSync;
  private readonly insertState: StatementSync;
  private readonly updateState: StatementSync;
  private readonly insertText: StatementSync;
  private readonly setTextDocs: StatementSync;
  private readonly setTtft: StatementSync;
  /** The resource JSON, once per decoded resource (every span of a batch shares it). */
  private resourceJson = new WeakMap<object, string>();

  constructor(private readonly db: DatabaseSync) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms,
         status_code, status_message, scope_name, scope_version, model, provider, input_tokens,
         output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, ttft_ms, attributes, events, resource)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectTurn = db.prepare(
      'SELECT t.id, t.text_docs, s.state FROM turns t JOIN turn_state s ON s.id = t.id WHERE t.trace_id = ?',
    );
    this.insertTurn = db.prepare(
      `INSERT INTO turns (trace_id, received_ms, ${TURN_COLUMNS.join(', ')})
       VALUES (?, ?, ${TURN_COLUMNS.map(() => '?').join(', ')}) RETURNING id`,
    );
    this.updateTurn = db.prepare(`UPDATE turns SET ${TURN_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
    this.insertState = db.prepare('INSERT INTO turn_state (id, state) VALUES (?, ?)');
    this.updateState = db.prepare('UPDATE turn_state SET state = ? WHERE id = ?');
    this.insertText = db.prepare('INSERT INTO turn_text (rowid, text) VALUES (?, ?)');
    this.setTextDocs = db.prepare('UPDATE turns SET text_docs = ? WHERE id = ?');
    this.setTtft = db.prepare('UPDATE spans SET ttft_ms = ? WHERE trace_id = ? AND span_id = ?');
  }

  private resource(span: IngestSpan): string {
    let json = this.resourceJson.get(span.resource);
    if (json === undefined) {
      json = JSON.stringify(span.resource);
      this.resourceJson.set(span.resource, json);
    }
    return json;
  }

  /**
   * Stores the spans and updates their turns atomically; the event loop runs between slices.
   * `rebuild`: the spans are stored already (an older file's), only their turns are written.
   */
  async write(spans: readonly IngestSpan[], slicer: Slicer, receivedMs: number, rebuild = false): Promise<WriteResult> {
    const turns = new Map<string, PendingTurn>();
    let stored = 0;
    let newTurns = 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const span of spans) {
        if (slicer.due()) await slicer.pause();
        const facts = spanFacts(span.attributes);
        if (rebuild) {
          if (facts.ttftMs !== null) this.setTtft.run(facts.ttftMs, span.traceId, span.spanId);
        } else if (!this.storeSpan(span, facts)) continue; // already stored: an exporter retry
        stored += 1;
        let turn = turns.get(span.traceId);
        if (turn === undefined) {
          turn = this.loadTurn(span);
          if (turn.id === null) newTurns += 1;
          turns.set(span.traceId, turn);
        }
        addSpan(turn.state, span, facts);
        turn.texts.push(spanSearchText(span));
      }
      for (const turn of turns.values()) {
        if (slicer.due()) await slicer.pause();
        this.saveTurn(turn, receivedMs);
        const first = turn.textDocs;
        for (const doc of documents(turn.texts)) {
          if (turn.textDocs >= DOCS_PER_TURN) break; // a million batches of one trace: the rest is not searchable
          this.insertText.run((turn.id as number) * DOCS_PER_TURN + turn.textDocs, doc);
          turn.textDocs += 1;
          if (slicer.spent()) await slicer.pause();
        }
        if (turn.textDocs !== first) this.setTextDocs.run(turn.textDocs, turn.id);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.resourceJson = new WeakMap();
    }
    return { stored, newTurns };
  }

  private storeSpan(span: IngestSpan, facts: SpanFacts): boolean {
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
      JSON.stringify(span.attributes),
      JSON.stringify(span.events),
      this.resource(span),
    );
    return result.changes !== 0;
  }

  private loadTurn(span: IngestSpan): PendingTurn {
    const row = this.selectTurn.get(span.traceId);
    if (row === undefined || typeof row.state !== 'string') {
      return { id: null, textDocs: 0, state: emptyTurn(span), texts: [] };
    }
    return { id: Number(row.id), textDocs: Number(row.text_docs), state: JSON.parse(row.state) as TurnState, texts: [] };
  }

  private saveTurn(turn: PendingTurn, receivedMs: number): void {
    const state = JSON.stringify(turn.state);
    if (turn.id === null) {
      const row = this.insertTurn.get(turn.state.traceId, receivedMs, ...turnValues(turn.state, turn.textDocs));
      turn.id = Number(row?.id);
      this.insertState.run(turn.id, state);
    } else {
      this.updateTurn.run(...turnValues(turn.state, turn.textDocs), turn.id);
      this.updateState.run(state, turn.id);
    }
  }
}
