// Retention by count and age, so the database file cannot grow without bound. Both go by the
// time the viewer RECEIVED a turn, never by the times in its spans: a client whose clock says
// 2500 (or 1970) cannot make the viewer delete real turns.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Slicer } from './slicer.js';
import { DOCS_PER_TURN } from './span-writer.js';

export interface RetentionLimits {
  maxTurns: number;
  maxAgeMs: number;
}

/** Evaluations kept per turn the limits allow, on average. */
export const EVALUATIONS_PER_TURN = 20;
/** Turns deleted per transaction: one chunk holds the event loop for a few milliseconds. */
const CHUNK = 50;

export class Retention {
  private turnCount: number;
  private readonly oldest: StatementSync;
  private readonly olderThan: StatementSync;
  private readonly deleteSpans: StatementSync;
  private readonly deleteText: StatementSync;
  private readonly deleteTurn: StatementSync;
  private readonly deleteUnusedResources: StatementSync;
  private readonly deleteTurnPrompts: StatementSync;
  private readonly deleteTraceEvaluations: StatementSync;
  private readonly deleteOldEvaluations: StatementSync;
  private readonly deleteExcessEvaluations: StatementSync;

  constructor(
    private readonly db: DatabaseSync,
    private readonly limits: RetentionLimits,
    private readonly now: () => number = Date.now,
  ) {
    const row = db.prepare('SELECT count(*) AS n FROM turns').get();
    this.turnCount = Number(row?.n ?? 0);
    const victim = 'SELECT id, trace_id, text_docs FROM turns';
    this.oldest = db.prepare(`${victim} ORDER BY received_ms, id LIMIT ?`);
    this.olderThan = db.prepare(`${victim} WHERE received_ms < ? ORDER BY received_ms, id LIMIT ?`);
    this.deleteSpans = db.prepare('DELETE FROM spans WHERE trace_id = ?');
    this.deleteText = db.prepare('DELETE FROM turn_text WHERE rowid = ?');
    this.deleteTurn = db.prepare('DELETE FROM turns WHERE id = ?');
    this.deleteTurnPrompts = db.prepare('DELETE FROM turn_prompts WHERE turn_id = ?');
    this.deleteTraceEvaluations = db.prepare('DELETE FROM evaluations WHERE trace_id = ?');
    this.deleteOldEvaluations = db.prepare('DELETE FROM evaluations WHERE received_ms < ?');
    this.deleteExcessEvaluations = db.prepare(
      'DELETE FROM evaluations WHERE id <= (SELECT id FROM evaluations ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.deleteUnusedResources = db.prepare(
      'DELETE FROM resources WHERE NOT EXISTS (SELECT 1 FROM spans WHERE spans.resource_id = resources.id)',
    );
  }

  /** Records turns the writer created; call enforce() afterwards. */
  added(newTurns: number): void {
    this.turnCount += newTurns;
  }

  get turns(): number {
    return this.turnCount;
  }

  /** Deletes one chunk of the turns that are due, in one transaction; returns how many. */
  enforceChunk(): number {
    const excess = Math.min(CHUNK, this.turnCount - this.limits.maxTurns);
    const victims =
      excess > 0 ? this.oldest.all(excess) : this.olderThan.all(this.now() - this.limits.maxAgeMs, CHUNK);
    if (victims.length === 0) return 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const v of victims) {
        const id = Number(v.id);
        this.deleteSpans.run(v.trace_id as string);
        this.deleteTraceEvaluations.run(v.trace_id as string);
        this.deleteTurnPrompts.run(id);
        for (let doc = 0; doc < Number(v.text_docs); doc++) this.deleteText.run(id * DOCS_PER_TURN + doc);
        this.deleteTurn.run(id);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    this.turnCount -= victims.length;
    return victims.length;
  }

  /**
   * Evaluations past the age limit, and beyond EVALUATIONS_PER_TURN per allowed turn (those of
   * traces never received, or of a turn rated without end, cannot grow the file without bound).
   */
  trimEvaluations(): number {
    const old = Number(this.deleteOldEvaluations.run(this.now() - this.limits.maxAgeMs).changes);
    return old + Number(this.deleteExcessEvaluations.run(this.limits.maxTurns * EVALUATIONS_PER_TURN).changes);
  }

  /** Deletes the resources no stored span uses any more; returns how many. */
  deleteUnused(): number {
    return Number(this.deleteUnusedResources.run().changes);
  }

  /** Everything that is due, at once (start-up, before the server listens). */
  enforceNow(): number {
    let deleted = 0;
    for (let n = this.enforceChunk(); n > 0; n = this.enforceChunk()) deleted += n;
    return deleted;
  }

  /** Everything that is due, a chunk per slice; returns the number of turns deleted. */
  async enforce(slicer: Slicer): Promise<number> {
    let deleted = 0;
    for (let n = this.enforceChunk(); n > 0; n = this.enforceChunk()) {
      deleted += n;
      if (slicer.spent()) await slicer.pause();
    }
    return deleted;
  }
}
