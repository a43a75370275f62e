// Retention by count and age, so the database file cannot grow without bound.
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export interface RetentionLimits {
  maxTurns: number;
  maxAgeMs: number;
}

/**
 * Deletes the turns (and their spans) beyond the newest maxTurns or older than maxAgeMs. Cheap
 * when nothing is due: the age check is an index range probe and the count is kept in memory.
 */
export class Retention {
  private turnCount: number;
  private readonly deleteOldSpans: StatementSync;
  private readonly deleteOldTurns: StatementSync;
  private readonly deleteExtraSpans: StatementSync;
  private readonly deleteExtraTurns: StatementSync;

  constructor(
    private readonly db: DatabaseSync,
    private readonly limits: RetentionLimits,
    private readonly now: () => number = Date.now,
  ) {
    const row = db.prepare('SELECT count(*) AS n FROM turns').get();
    this.turnCount = typeof row?.n === 'number' ? row.n : 0;
    this.deleteOldSpans = db.prepare(
      'DELETE FROM spans WHERE trace_id IN (SELECT trace_id FROM turns WHERE start_ms < ?)',
    );
    this.deleteOldTurns = db.prepare('DELETE FROM turns WHERE start_ms < ?');
    const beyond = 'SELECT trace_id FROM turns ORDER BY start_ms DESC LIMIT -1 OFFSET ?';
    this.deleteExtraSpans = db.prepare(`DELETE FROM spans WHERE trace_id IN (${beyond})`);
    this.deleteExtraTurns = db.prepare(`DELETE FROM turns WHERE trace_id IN (${beyond})`);
  }

  /** Records turns the writer created; call enforce() afterwards. */
  added(newTurns: number): void {
    this.turnCount += newTurns;
  }

  get turns(): number {
    return this.turnCount;
  }

  /** Returns the number of turns deleted. */
  enforce(): number {
    let deleted = 0;
    const cutoff = this.now() - this.limits.maxAgeMs;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.deleteOldSpans.run(cutoff);
      deleted += Number(this.deleteOldTurns.run(cutoff).changes);
      if (this.turnCount - deleted > this.limits.maxTurns) {
        this.deleteExtraSpans.run(this.limits.maxTurns);
        deleted += Number(this.deleteExtraTurns.run(this.limits.maxTurns).changes);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    this.turnCount -= deleted;
    return deleted;
  }
}
