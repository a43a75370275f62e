// Validation of evaluation and feedback values: a value of the wrong shape is refused with
// one sentence saying why (the recorder reports it and drops the value; the HTTP feedback
// routes answer 400 with it).
import {
  EVALUATION_NAME_USER_FEEDBACK,
  EVALUATION_SOURCES,
  type EvaluationSource,
  FEEDBACK_RATINGS,
  type FeedbackRating,
} from '@agentspan/semconv';
import type { KeyList } from '../option-keys.js';
import type { EvaluationInput, FeedbackInput, PromptIdentity } from './types.js';

/** An evaluation ready to record. */
export interface NormalizedEvaluation {
  name: string;
  score?: number;
  label?: string;
  explanation?: string;
  responseId?: string;
  source: EvaluationSource;
  agentName?: string;
  prompt?: PromptIdentity;
  userId?: string;
  /** A failed evaluator's `error.type` (no score then). */
  errorType?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const MAX_NAME = 128;
const MAX_LABEL = 64;
const MAX_ID = 256;
/** Names and labels are metric attributes: printable, no line breaks. */
const PRINTABLE = /^[^\p{Cc}]+$/u;

const EVALUATION_KEYS: KeyList<EvaluationInput> = {
  name: true,
  score: true,
  label: true,
  explanation: true,
  responseId: true,
  source: true,
  agentName: true,
  prompt: true,
  userId: true,
};
const FEEDBACK_KEYS: KeyList<FeedbackInput> = { rating: true, score: true, comment: true, name: true, userId: true, agentName: true, prompt: true };

class Problem extends Error {}

function fail(message: string): never {
  throw new Problem(message);
}

function text(field: string, value: unknown, max: number, printable: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(`${field} must be a non-empty string`);
  if (value.length > max) fail(`${field} must be at most ${max} characters`);
  if (printable && !PRINTABLE.test(value)) fail(`${field} must not contain control characters`);
  return value;
}

function score(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail('score must be a finite number');
  return value;
}

function prompt(value: unknown): PromptIdentity | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) fail('prompt must be an object { name, version? }');
  const p = value as Partial<Record<keyof PromptIdentity, unknown>>;
  const name = text('prompt.name', p.name, MAX_ID, true) ?? fail('prompt.name is required');
  const version = typeof p.version === 'number' ? String(p.version) : text('prompt.version', p.version, MAX_ID, true);
  return version === undefined ? { name } : { name, version };
}

function onlyKeys(value: object, known: object, what: string): void {
  for (const key of Object.keys(value)) if (!Object.hasOwn(known, key)) fail(`${what}: unknown field ${JSON.stringify(key.slice(0, 64))}`);
}

function checked<T>(fn: () => T): Checked<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, problem: error.message };
    return { ok: false, problem: 'the value could not be read' };
  }
}

function common(o: Partial<Record<string, unknown>>): Pick<NormalizedEvaluation, 'agentName' | 'prompt' | 'userId'> {
  const out: Pick<NormalizedEvaluation, 'agentName' | 'prompt' | 'userId'> = {};
  const agentName = text('agentName', o.agentName, MAX_ID, true);
  if (agentName !== undefined) out.agentName = agentName;
  const p = prompt(o.prompt);
  if (p !== undefined) out.prompt = p;
  const userId = text('userId', o.userId, MAX_ID, true);
  if (userId !== undefined) out.userId = userId;
  return out;
}

/** Checks an evaluation. Unknown fields are refused (a misspelt `scroe` would be lost). */
export function checkEvaluation(input: unknown, source: EvaluationSource = 'application'): Checked<NormalizedEvaluation> {
  return checked(() => {
    if (typeof input !== 'object' || input === null) fail('an evaluation must be an object');
    onlyKeys(input, EVALUATION_KEYS, 'evaluation');
    const o = input as Partial<Record<keyof EvaluationInput, unknown>>;
    const out: NormalizedEvaluation = {
      name: text('name', o.name, MAX_NAME, true) ?? fail('name is required'),
      source,
      ...common(o),
    };
    if (o.source !== undefined) {
      if (!(EVALUATION_SOURCES as readonly unknown[]).includes(o.source)) fail(`source must be one of ${EVALUATION_SOURCES.join(', ')}`);
      out.source = o.source as EvaluationSource;
    }
    const s = score(o.score);
    if (s !== undefined) out.score = s;
    const label = text('label', o.label, MAX_LABEL, true);
    if (label !== undefined) out.label = label;
    if (o.explanation !== undefined) {
      if (typeof o.explanation !== 'string') fail('explanation must be a string');
      out.explanation = o.explanation;
    }
    const responseId = text('responseId', o.responseId, MAX_ID, true);
    if (responseId !== undefined) out.responseId = responseId;
    if (out.score === undefined && out.label === undefined && out.explanation === undefined) {
      fail('an evaluation needs a score, a label or an explanation');
    }
    return out;
  });
}

/** Checks a piece of user feedback and turns it into its evaluation. */
export function checkFeedback(input: unknown): Checked<NormalizedEvaluation> {
  return checked(() => {
    if (typeof input !== 'object' || input === null) fail('feedback must be an object');
    onlyKeys(input, FEEDBACK_KEYS, 'feedback');
    const o = input as Partial<Record<keyof FeedbackInput, unknown>>;
    const out: NormalizedEvaluation = {
      name: text('name', o.name, MAX_NAME, true) ?? EVALUATION_NAME_USER_FEEDBACK,
      source: 'feedback',
      ...common(o),
    };
    if (o.rating !== undefined) {
      if (!Object.hasOwn(FEEDBACK_RATINGS, o.rating as string)) fail('rating must be "up" or "down"');
      if (o.score !== undefined) fail('give a rating or a score, not both');
      const r = FEEDBACK_RATINGS[o.rating as FeedbackRating];
      out.score = r.score;
      out.label = r.label;
    } else {
      const s = score(o.score);
      if (s !== undefined) out.score = s;
    }
    if (o.comment !== undefined) {
      if (typeof o.comment !== 'string') fail('comment must be a string');
      if (o.comment.trim() !== '') out.explanation = o.comment;
    }
    if (out.score === undefined && out.explanation === undefined) fail('feedback needs a rating, a score or a comment');
    return out;
  });
}
