// Writes one decoded payload in ONE transaction: spans (duplicates ignored) and their turns' summaries.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { IngestSpan } from './ingest-span.js';
import { spanFacts } from './span-facts.js';
import { addSpan, emptyTurn, type TurnState, toApiTurn, turnStartMs } from './turn-summary.js';

export interface WriteResult {
  /** Spans stored (duplicates of stored spans are not counted). */
  stored: number;
  /** Turns seen for the first time. */
  newTurns: number;
}

export class SpanWriter {
  private readonly insertSpan: StatementSync;
  private readonly selectTurn: StatementSync;
  private readonly upsertTurn: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms,
         status_code, status_message, scope_name, scope_version, model, provider, input_tokens,
         output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, attributes, events, resource)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectTurn = db.prepare('SELECT state FROM turns WHERE trace_id = ?');
    this.upsertTurn = db.prepare(
      `INSERT OR REPLACE INTO turns (trace_id, start_ms, agent_name, conversation_id, user_id, has_error,
         models, input_tokens, output_tokens, cost_usd, turn, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  write(spans: readonly IngestSpan[]): WriteResult {
    const turns = new Map<string, TurnState>();
    let stored = 0;
    let newTurns = 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const span of spans) {
        const facts = spanFacts(span.attributes);
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
          JSON.stringify(span.attributes),
          JSON.stringify(span.events),
          JSON.stringify(span.resource),
        );
        if (result.changes === 0) continue; // already stored: an exporter retry
        stored += 1;
        let turn = turns.get(span.traceId);
        if (turn === undefined) {
          const row = this.selectTurn.get(span.traceId);
          if (typeof row?.state === 'string') {
            turn = JSON.parse(row.state) as TurnState;
          } else {
            turn = emptyTurn(span);
            newTurns += 1;
          }
          turns.set(span.traceId, turn);
        }
        addSpan(turn, span, facts);
      }
      for (const turn of turns.values()) this.saveTurn(turn);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return { stored, newTurns };
  }

  private saveTurn(turn: TurnState): void {
    this.upsertTurn.run(
      turn.traceId,
      turnStartMs(turn),
      turn.agentName.value,
      turn.conversationId.value,
      turn.userId.value,
      turn.hasError ? 1 : 0,
      JSON.stringify(turn.models),
      turn.inputTokens,
      turn.outputTokens,
      turn.costUsd,
      JSON.stringify(toApiTurn(turn)),
      JSON.stringify(turn),
    );
  }
}
