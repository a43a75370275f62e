// Reads of evaluations and prompt versions: a turn's page, the list's score and prompt
// filters, and the facets.
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { Evaluation, PromptVersion } from './api-types.js';
import { Where } from './sql-where.js';

const str = (v: SQLOutputValue | undefined): string | null => (typeof v === 'string' ? v : null);
const num = (v: SQLOutputValue | undefined): number | null => (typeof v === 'number' ? v : null);

/** Most evaluations a turn's page receives. */
export const MAX_TURN_EVALUATIONS = 1000;

export function turnEvaluations(db: DatabaseSync, traceId: string): Evaluation[] {
  return db
    .prepare(
      `SELECT span_id, time_ms, name, score, label, explanation, source, user_id, prompt_name, prompt_version
       FROM evaluations WHERE trace_id = ? ORDER BY time_ms, id LIMIT ${MAX_TURN_EVALUATIONS}`,
    )
    .all(traceId)
    .map((r) => ({
      spanId: String(r.span_id),
      timeMs: Number(r.time_ms),
      name: String(r.name),
      score: num(r.score),
      label: str(r.label),
      explanation: str(r.explanation),
      source: str(r.source),
      userId: str(r.user_id),
      promptName: str(r.prompt_name),
      promptVersion: str(r.prompt_version),
    }));
}

export function turnPrompts(db: DatabaseSync, traceId: string): PromptVersion[] {
  return db
    .prepare(
      'SELECT p.name, p.version FROM turn_prompts p JOIN turns t ON t.id = p.turn_id WHERE t.trace_id = ? ORDER BY p.name, p.version',
    )
    .all(traceId)
    .map((r) => ({ name: String(r.name), version: String(r.version) }));
}

/** `name@version`, or the name alone for a prompt without versions. */
export function promptLabel(p: PromptVersion): string {
  return p.version === '' ? p.name : `${p.name}@${p.version}`;
}

/** The prompt version a filter value names: split at its last '@'. */
export function parsePromptLabel(label: string): PromptVersion {
  const at = label.lastIndexOf('@');
  return at <= 0 ? { name: label, version: '' } : { name: label.slice(0, at), version: label.slice(at + 1) };
}

/** Facets: the prompt versions of the newest turns, and the evaluation names that carry a score. */
export function evaluationFacets(db: DatabaseSync, limit: number): { prompts: string[]; evaluations: string[] } {
  const prompts = db
    .prepare(
      `SELECT p.name, p.version FROM turn_prompts p JOIN turns t ON t.id = p.turn_id
       GROUP BY p.name, p.version ORDER BY max(t.start_ms) DESC LIMIT ${limit}`,
    )
    .all()
    .map((r) => promptLabel({ name: String(r.name), version: String(r.version) }));
  const evaluations = db
    .prepare(`SELECT name FROM evaluations WHERE score IS NOT NULL GROUP BY name ORDER BY max(id) DESC LIMIT ${limit}`)
    .all()
    .map((r) => String(r.name));
  return { prompts, evaluations };
}

/** The list's conditions on prompt versions and scores (turn columns unqualified, as turnWhere writes them). */
export function addEvaluationConditions(
  where: Where,
  filter: { prompt?: string; evaluation?: string; minScore?: number; maxScore?: number },
): void {
  if (filter.prompt !== undefined) {
    const p = parsePromptLabel(filter.prompt);
    where.when('id IN (SELECT turn_id FROM turn_prompts WHERE name = ? AND version = ?)', p.name);
    where.params.push(p.version);
  }
  if (filter.evaluation === undefined && filter.minScore === undefined && filter.maxScore === undefined) return;
  // A turn matches when one of its scores (of the named evaluation, if given) is in the range.
  const inner = new Where().always('score IS NOT NULL').when('name = ?', filter.evaluation).range('score', filter.minScore, filter.maxScore);
  where.always(`trace_id IN (SELECT trace_id FROM evaluations ${inner.sql})`);
  where.params.push(...inner.params);
}
