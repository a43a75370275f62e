// Records a checked evaluation: the gen_ai.evaluation.result event through the Logs API,
// carrying the evaluated span's context (its trace and span ids), and a point of the score
// histogram per evaluation name, agent and prompt version.
import { ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import type { ContentCapture } from '../content/capture.js';
import type { Metrics } from '../metrics.js';
import { reportInternal, warnOnce } from '../safety.js';
import type { NormalizedEvaluation } from './input.js';
import type { EventLogger, EventRecord, LogsBridge } from './logs-bridge.js';
import type { TurnFacts } from './turn-index.js';

const INFO = 9;
const WARN = 13;

export interface RecorderDeps {
  readonly content: ContentCapture;
  /** Longest explanation kept (the content limit). */
  readonly maxLength: number;
  readonly metrics: Metrics;
  readonly logs: LogsBridge;
  /** What this process remembers of the evaluated turn (agent, prompt, conversation). */
  factsOf(traceId: string): TurnFacts | undefined;
}

type Attrs = Record<string, string | number | boolean>;

/** The score metric's attributes: names and versions of the application's, never ids. */
function metricAttributes(ev: NormalizedEvaluation, agentName: string | undefined, prompt: TurnFacts['prompt']): Attrs {
  const attrs: Attrs = {
    [S.ATTR_GEN_AI_EVALUATION_NAME]: ev.name,
    [S.ATTR_AGENTSPAN_EVALUATION_SOURCE]: ev.source,
  };
  if (ev.label !== undefined) attrs[S.ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = ev.label;
  if (agentName !== undefined) attrs[S.ATTR_GEN_AI_AGENT_NAME] = agentName;
  if (prompt) {
    attrs[S.ATTR_GEN_AI_PROMPT_NAME] = prompt.name;
    if (prompt.version !== undefined) attrs[S.ATTR_GEN_AI_PROMPT_VERSION] = prompt.version;
  }
  return attrs;
}

export class EvaluationRecorder {
  constructor(private readonly d: RecorderDeps) {}

  /**
   * Records `ev` against the span. Resolves true once the event was handed to an enabled
   * logger; never rejects.
   */
  record(spanContext: SpanContext, ev: NormalizedEvaluation): Promise<boolean> {
    try {
      const facts = this.d.factsOf(spanContext.traceId);
      const agentName = ev.agentName ?? facts?.agentName;
      const prompt = ev.prompt ?? facts?.prompt;
      const dimensions = metricAttributes(ev, agentName, prompt);
      if (ev.score !== undefined) this.d.metrics.evaluation(ev.score, dimensions);
      // A copy: the metric SDK may keep the object it was given.
      const attributes: Attrs = { ...dimensions };
      if (ev.score !== undefined) attributes[S.ATTR_GEN_AI_EVALUATION_SCORE_VALUE] = ev.score;
      if (ev.explanation !== undefined) {
        attributes[S.ATTR_GEN_AI_EVALUATION_EXPLANATION] = this.d.content.redactMessage(cutAtWord(ev.explanation, this.d.maxLength));
      }
      if (ev.responseId !== undefined) attributes[S.ATTR_GEN_AI_RESPONSE_ID] = ev.responseId;
      if (ev.errorType !== undefined) attributes[S.ATTR_ERROR_TYPE] = ev.errorType;
      if (ev.userId !== undefined) attributes[S.ATTR_USER_ID] = ev.userId;
      if (facts?.conversationId !== undefined) attributes[S.ATTR_GEN_AI_CONVERSATION_ID] = facts.conversationId;
      const failed = ev.errorType !== undefined;
      const record: EventRecord = {
        eventName: S.EVENT_GEN_AI_EVALUATION_RESULT,
        timestamp: Date.now(),
        severityNumber: failed ? WARN : INFO,
        severityText: failed ? 'WARN' : 'INFO',
        attributes,
        context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
      };
      const logger = this.d.logs.resolve();
      if (logger === undefined || !('then' in logger)) return Promise.resolve(emit(logger, record));
      return logger.then(
        (l) => emit(l, record),
        () => false,
      );
    } catch (error) {
      reportInternal('evaluation: record', error);
      return Promise.resolve(false);
    }
  }
}

/**
 * Text longer than `max` cut at its last whitespace before `max`, so that the redaction that
 * follows sees whole words (no half of an e-mail address or key is kept) and a huge text
 * costs no more than a long one.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).search(/\s\S*$/);
  return `${cut > 0 ? text.slice(0, cut) : ''}…`;
}

function emit(logger: EventLogger | undefined, record: EventRecord): boolean {
  if (!logger) return false;
  try {
    if (logger.enabled && !logger.enabled({ context: record.context, eventName: record.eventName })) {
      warnOnce(
        'evaluation: logger disabled',
        'evaluation events are dropped: no LoggerProvider is registered (or it drops gen_ai.evaluation.result); the score metric is still recorded',
      );
      return false;
    }
    logger.emit(record);
    return true;
  } catch (error) {
    reportInternal('evaluation: emit', error);
    return false;
  }
}
