// From the finished spans of one trace to its normalised tree (spec, "Normalised form").
import {
  ATTR_AGENTSPAN_FRAMEWORK,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_MCP_METHOD_NAME,
} from '@agentspan/semconv';
import { type AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { COST_KEYS, comparedKeysFor, HTTP_ROOT_KEYS } from './compared-keys.js';
import type { NormalizedSpan, NormalizedTrace, SpanKindName } from './normalized-span.js';
import { type OrderedSibling, orderSiblings } from './sibling-order.js';
import { hrTimeToNanos, hrTimeToSeconds } from './span-time.js';

export interface NormalizeOptions {
  /**
   * HTTP transport: keep the outermost SERVER span (the request's) with the turn's rollups,
   * and fold every other non-GenAI span. Default false: only GenAI spans are kept.
   */
  keepServerSpan?: boolean;
}

export interface NormalizeResult {
  roots: NormalizedTrace;
  /** Violations found before dropping what is not compared (time to first chunk out of range). */
  problems: string[];
}

/** Cost values are compared with an absolute tolerance of 1e-12: round to 12 decimals. */
export function roundCost(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/**
 * Float slack for `ttft <= duration`: span times are fractional milliseconds near 1.7e12,
 * whose doubles resolve about 0.25 µs, while ttft is a difference of the same clock.
 */
const TTFT_SLACK_SECONDS = 1e-6;

const KIND_NAMES: Record<SpanKind, SpanKindName> = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

function operationOf(span: ReadableSpan): string | undefined {
  const value = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  return typeof value === 'string' ? value : undefined;
}

function pickAttributes(span: ReadableSpan, keys: readonly string[]): Record<string, AttributeValue> {
  const picked: Record<string, AttributeValue> = {};
  for (const key of keys) {
    const value = span.attributes[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) picked[key] = [...value] as AttributeValue;
    else if (typeof value === 'number' && COST_KEYS.has(key)) picked[key] = roundCost(value);
    else picked[key] = value;
  }
  return picked;
}

/** Checks 0 < ttft <= duration (seconds) on a span that reports a time to first chunk. */
export function checkTimeToFirstChunk(span: ReadableSpan): string | undefined {
  const ttft = span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (ttft === undefined) return undefined;
  const duration = hrTimeToSeconds(span.duration);
  if (typeof ttft !== 'number' || !(ttft > 0) || ttft > duration + TTFT_SLACK_SECONDS) {
    return `${span.name}: ${ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK}=${String(ttft)} is not in (0, ${duration}] (the span's duration in seconds)`;
  }
  return undefined;
}

interface Sortable extends OrderedSibling {
  node: NormalizedSpan;
}

/** Normalises the finished spans of one trace (use groupByTrace for several). */
export function normalizeTrace(
  spans: readonly ReadableSpan[],
  options: NormalizeOptions = {},
): NormalizeResult {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const childrenOf = new Map<string, ReadableSpan[]>();
  const topLevel: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId !== undefined && ids.has(parentId)) {
      const siblings = childrenOf.get(parentId) ?? [];
      siblings.push(span);
      childrenOf.set(parentId, siblings);
    } else {
      topLevel.push(span);
    }
  }

  const problems: string[] = [];
  for (const span of spans) {
    const problem = checkTimeToFirstChunk(span);
    if (problem) problems.push(problem);
  }

  // The kept spans this span yields: itself with its kept descendants, or, when it is
  // folded, its kept descendants (they move up to its nearest kept ancestor).
  const collect = (span: ReadableSpan, keptAncestor: boolean, inRetrieval: boolean): Sortable[] => {
    const operation = operationOf(span);
    const isServerRoot =
      options.keepServerSpan === true && !keptAncestor && span.kind === SpanKind.SERVER;
    // Embeddings inside a retrieval (a vector retriever embedding its query) are not compared.
    const isGenAI = operation !== undefined && !(operation === 'embeddings' && inRetrieval);
    const isFramework = span.attributes[ATTR_AGENTSPAN_FRAMEWORK] !== undefined;
    const isMcp = span.attributes[ATTR_MCP_METHOD_NAME] !== undefined;
    const kept = isServerRoot || isGenAI || isFramework || isMcp;
    const below = (childrenOf.get(span.spanContext().spanId) ?? []).flatMap((child) =>
      collect(child, keptAncestor || kept, inRetrieval || operation === 'retrieval'),
    );
    if (!kept) return below;
    const node: NormalizedSpan = {
      name: span.name,
      kind: KIND_NAMES[span.kind] ?? 'INTERNAL',
      status: span.status.code === SpanStatusCode.ERROR ? 'ERROR' : 'UNSET',
      attributes: pickAttributes(
        span,
        isServerRoot && !isGenAI && !isMcp ? HTTP_ROOT_KEYS : comparedKeysFor(isGenAI ? operation : undefined, isMcp),
      ),
      events: span.events.map((event) => event.name),
      children: orderSiblings(below).map((sibling) => sibling.node),
    };
    const toolCallId = span.attributes[ATTR_GEN_AI_TOOL_CALL_ID];
    return [
      {
        node,
        start: hrTimeToNanos(span.startTime),
        end: hrTimeToNanos(span.endTime),
        operation,
        toolCallId: typeof toolCallId === 'string' ? toolCallId : undefined,
        name: span.name,
      },
    ];
  };

  const roots = orderSiblings(topLevel.flatMap((span) => collect(span, false, false))).map(
    (sibling) => sibling.node,
  );
  return { roots, problems };
}
