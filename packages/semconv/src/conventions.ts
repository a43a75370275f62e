// Which state of the GenAI conventions these names follow, and the OpenTelemetry switch
// that also emits the names they replaced (for dashboards built on the older ones).

/** The repository the GenAI conventions live in (no release or tag yet). */
export const GENAI_CONVENTIONS_REPOSITORY = 'open-telemetry/semantic-conventions-genai';
/**
 * The commit of that repository every name here was checked against: the merge of #571
 * (one in-process invocation span type, `gen_ai.invocation.duration` with
 * `gen_ai.invocation.is_nested`, `handle_conversation_turn`).
 */
export const GENAI_CONVENTIONS_COMMIT = 'e9de14bafd9725937c6b0c219897260074a2896c';
/** The schema version that commit names (`1.42.0-dev`). */
export const GENAI_CONVENTIONS_SCHEMA_VERSION = '1.42.0-dev';

/** OpenTelemetry's comma-separated opt-in for semantic-convention transitions. */
export const ENV_SEMCONV_STABILITY_OPT_IN = 'OTEL_SEMCONV_STABILITY_OPT_IN';
/** The newest experimental GenAI names only (agentspan's default anyway). */
export const SEMCONV_OPT_IN_GEN_AI_LATEST = 'gen_ai_latest_experimental';
/** The newest names and, beside them, the ones they replaced. */
export const SEMCONV_OPT_IN_GEN_AI_DUP = 'gen_ai_latest_experimental/dup';

/** Whether an `OTEL_SEMCONV_STABILITY_OPT_IN` value asks for the replaced names too. */
export function semconvOptInWantsDup(value: string | undefined): boolean {
  if (!value) return false;
  return value.split(',').some((entry) => {
    const v = entry.trim().toLowerCase();
    return v === SEMCONV_OPT_IN_GEN_AI_DUP || v === 'gen_ai/dup';
  });
}
