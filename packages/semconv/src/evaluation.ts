// Evaluations, user feedback and prompt versions. Names read in
// open-telemetry/semantic-conventions-genai: model/gen-ai/events.yaml @0387091683b4
// (the gen_ai.evaluation.result event), model/gen-ai/registry.yaml @e8fc5751506 and
// @002c8a6ea1c8 (gen_ai.evaluation.*, gen_ai.prompt.name), and the generated registry of the
// newest development version (gen_ai.prompt.version, gen_ai.prompt.variable.<key>).

/** The event recording one evaluation result, parented to the evaluated span. */
export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result';

/** Name of the evaluation metric ("Relevance", "user_feedback"). Required on the event. */
export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name';
/** The score (double). */
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value';
/** Human-readable, low-cardinality interpretation of the score ("pass", "thumbs_down"). */
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label';
/** Free-form explanation of the score (a user's comment, an evaluator's reasoning). */
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation';

/** The prompt's name, unique in the application ("support-answer"). On inference spans. */
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
/** The prompt template's version, as the prompt management system names it. */
export const ATTR_GEN_AI_PROMPT_VERSION = 'gen_ai.prompt.version';
/**
 * Prefix of the template variables, `gen_ai.prompt.variable.<key>`, each value a string.
 * Opt-in content: written only while content capture is on.
 */
export const ATTR_GEN_AI_PROMPT_VARIABLE_PREFIX = 'gen_ai.prompt.variable.';

/** `gen_ai.prompt.variable.<key>` for one variable. */
export function promptVariableAttribute(key: string): string {
  return `${ATTR_GEN_AI_PROMPT_VARIABLE_PREFIX}${key}`;
}

/** Prefixes of content attributes with a key of the application's (opt-in like CONTENT_ATTRIBUTES). */
export const CONTENT_ATTRIBUTE_PREFIXES = [ATTR_GEN_AI_PROMPT_VARIABLE_PREFIX] as const;

/** Who produced an evaluation: the end user's feedback, an evaluator run on the turn, or the application. */
export const ATTR_AGENTSPAN_EVALUATION_SOURCE = 'agentspan.evaluation.source';
export const EVALUATION_SOURCES = ['feedback', 'evaluator', 'application'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];

/** The evaluation name user feedback is recorded under unless configured otherwise. */
export const EVALUATION_NAME_USER_FEEDBACK = 'user_feedback';
/** Thumbs up and down as scores and labels: the mean score is the share of thumbs up. */
export const FEEDBACK_RATINGS = {
  up: { score: 1, label: 'thumbs_up' },
  down: { score: 0, label: 'thumbs_down' },
} as const;
export type FeedbackRating = keyof typeof FEEDBACK_RATINGS;

/**
 * Histogram of evaluation scores (the conventions define none): attributes
 * gen_ai.evaluation.name, gen_ai.evaluation.score.label, agentspan.evaluation.source,
 * gen_ai.agent.name, gen_ai.prompt.name, gen_ai.prompt.version — never user or trace ids.
 */
export const METRIC_AGENTSPAN_EVALUATION_SCORE = 'agentspan.evaluation.score';
export const UNIT_SCORE = '{score}';
/** Buckets that resolve 0–1 scores (thumbs, pass rates) and 1–5 or 1–10 scales alike. */
export const EVALUATION_SCORE_BUCKETS: readonly number[] = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1, 2, 3, 4, 5, 7.5, 10];

/**
 * W3C Trace Context Level 2 response header: `00-<trace-id>-<span-id>-<flags>` of the
 * server's span, which a client hands back to rate the turn.
 */
export const HEADER_TRACERESPONSE = 'traceresponse';
