// Writes decoded evaluations (one transaction per payload; a payload holds few of them).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { IngestEvaluation } from './ingest-evaluation.js';

export class EvaluationWriter {
  private readonly insert: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(
      `INSERT INTO evaluations (trace_id, span_id, received_ms, time_ms, name, score, label, explanation, source,
         user_id, agent_name, prompt_name, prompt_version, attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  write(evaluations: readonly IngestEvaluation[], receivedMs: number): number {
    if (evaluations.length === 0) return 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const e of evaluations) {
        this.insert.run(e.traceId, e.spanId, receivedMs, e.timeMs, e.name, e.score, e.label, e.explanation, e.source,
          e.userId, e.agentName, e.promptName, e.promptVersion, JSON.stringify(e.attributes));
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return evaluations.length;
  }
}
