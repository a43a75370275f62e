// One gen_ai.evaluation.result log record (an evaluator's score or a user's feedback), as the
// viewer stores it against its trace and span. Other log records are not kept.
import {
  ATTR_AGENTSPAN_EVALUATION_SOURCE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROMPT_VERSION,
  ATTR_USER_ID,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@agentspan/semconv';
import type { AttributeValue } from './api-types.js';

export interface IngestEvaluation {
  traceId: string;
  spanId: string;
  timeMs: number;
  name: string;
  score: number | null;
  label: string | null;
  explanation: string | null;
  source: string | null;
  userId: string | null;
  agentName: string | null;
  promptName: string | null;
  promptVersion: string | null;
  attributes: Record<string, AttributeValue>;
}

/** A decoded log record, whatever its encoding. */
export interface IngestLogRecord {
  traceId: string | null;
  spanId: string | null;
  timeMs: number;
  eventName: string;
  attributes: Record<string, AttributeValue>;
}

/** Longest text column kept (names, labels, ids); explanations are cut at MAX_EXPLANATION. */
const MAX_TEXT = 256;
const MAX_EXPLANATION = 8192;

function textOf(value: AttributeValue | undefined, max = MAX_TEXT): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : null;
}

/** The evaluation a log record carries, or null: another kind of record, or one tied to no span. */
export function evaluationOf(record: IngestLogRecord): IngestEvaluation | null {
  const a = record.attributes;
  // Older SDKs send the event's name as an attribute rather than the record's field.
  const eventName = record.eventName !== '' ? record.eventName : textOf(a['event.name']);
  if (eventName !== EVENT_GEN_AI_EVALUATION_RESULT || record.traceId === null || record.spanId === null) return null;
  const name = textOf(a[ATTR_GEN_AI_EVALUATION_NAME]);
  if (name === null) return null;
  const score = a[ATTR_GEN_AI_EVALUATION_SCORE_VALUE];
  return {
    traceId: record.traceId,
    spanId: record.spanId,
    timeMs: record.timeMs,
    name,
    score: typeof score === 'number' && Number.isFinite(score) ? score : null,
    label: textOf(a[ATTR_GEN_AI_EVALUATION_SCORE_LABEL]),
    explanation: textOf(a[ATTR_GEN_AI_EVALUATION_EXPLANATION], MAX_EXPLANATION),
    source: textOf(a[ATTR_AGENTSPAN_EVALUATION_SOURCE]),
    userId: textOf(a[ATTR_USER_ID]),
    agentName: textOf(a[ATTR_GEN_AI_AGENT_NAME]),
    promptName: textOf(a[ATTR_GEN_AI_PROMPT_NAME]),
    promptVersion: textOf(a[ATTR_GEN_AI_PROMPT_VERSION]),
    attributes: a,
  };
}
