// S6: content capture off and on, truncation, and redaction of personal data everywhere.
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_MEMORY_QUERY_TEXT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  CONTENT_ATTRIBUTES,
} from '@agentspan/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { REDACTION_MARKERS, S1 } from './fixture.js';
import { partsOf, validateMessages, validateParts } from './message-schema.js';
import { hrTimeToNanos } from './span-time.js';

/** Plain-text content attributes: every other content attribute holds JSON. */
const TEXT_CONTENT = new Set<string>([ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, ATTR_GEN_AI_MEMORY_QUERY_TEXT]);
const MESSAGE_CONTENT = new Set<string>([ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES]);

function operationOf(span: ReadableSpan): unknown {
  return span.attributes[ATTR_GEN_AI_OPERATION_NAME];
}

/** Capture off: no content attribute on any span. */
export function checkNoContent(spans: readonly ReadableSpan[]): string[] {
  return spans.flatMap((span) =>
    CONTENT_ATTRIBUTES.filter((key) => span.attributes[key] !== undefined).map(
      (key) => `${span.name}: carries ${key} with content capture off`,
    ),
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Every content attribute present: a string, within the limit, JSON where JSON is due. */
function checkContentValues(spans: readonly ReadableSpan[], maxLength?: number): string[] {
  const problems: string[] = [];
  for (const span of spans) {
    for (const key of CONTENT_ATTRIBUTES) {
      const value = span.attributes[key];
      if (value === undefined) continue;
      const where = `${span.name} ${key}`;
      if (typeof value !== 'string') {
        problems.push(`${where}: not a string`);
        continue;
      }
      if (maxLength !== undefined && value.length > maxLength) {
        problems.push(`${where}: ${value.length} characters, over the limit of ${maxLength}`);
      }
      if (TEXT_CONTENT.has(key)) continue;
      const parsed = parseJson(value);
      if (!parsed.ok) problems.push(`${where}: not valid JSON: ${value.slice(0, 200)}`);
      else if (maxLength === undefined && MESSAGE_CONTENT.has(key)) {
        problems.push(...validateMessages(parsed.value, where));
      } else if (maxLength === undefined && key === ATTR_GEN_AI_SYSTEM_INSTRUCTIONS) {
        problems.push(...validateParts(parsed.value, where));
      }
    }
  }
  return problems;
}

function jsonAttribute(span: ReadableSpan | undefined, key: string): unknown {
  const value = span?.attributes[key];
  if (typeof value !== 'string') return undefined;
  const parsed = parseJson(value);
  return parsed.ok ? parsed.value : undefined;
}

function byStart(spans: ReadableSpan[]): ReadableSpan[] {
  return spans.sort((a, b) => {
    const [startA, startB] = [hrTimeToNanos(a.startTime), hrTimeToNanos(b.startTime)];
    return startA < startB ? -1 : startA > startB ? 1 : 0;
  });
}

export interface CapturedContentOptions {
  /** The configured contentMaxLength: only validity and length are checked then. */
  maxLength?: number;
}

/**
 * Capture on: the chats carry input and output messages, the tool its arguments and result,
 * all valid JSON in the message schema; the redaction markers appear in a user message.
 */
export function checkCapturedContent(
  spans: readonly ReadableSpan[],
  options: CapturedContentOptions = {},
): string[] {
  const problems = checkContentValues(spans, options.maxLength);
  const chats = byStart(spans.filter((span) => operationOf(span) === 'chat'));
  const tools = spans.filter((span) => operationOf(span) === 'execute_tool');
  for (const chat of chats) {
    for (const key of [ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES]) {
      if (chat.attributes[key] === undefined) problems.push(`${chat.name}: no ${key} with capture on`);
    }
  }
  for (const tool of tools) {
    for (const key of [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, ATTR_GEN_AI_TOOL_CALL_RESULT]) {
      if (tool.attributes[key] === undefined) problems.push(`${tool.name}: no ${key} with capture on`);
    }
  }
  if (options.maxLength !== undefined) return problems;

  const userTexts = chats.map((chat) =>
    partsOf(jsonAttribute(chat, ATTR_GEN_AI_INPUT_MESSAGES), 'user')
      .map((part) => (typeof part.content === 'string' ? part.content : ''))
      .join('\n'),
  );
  const missing = REDACTION_MARKERS.filter((marker) => !userTexts.some((text) => text.includes(marker)));
  if (missing.length > 0) {
    problems.push(`no user message in the captured input messages shows ${missing.join(' ')}`);
  }
  const [first, second] = chats;
  const toolCalls = partsOf(jsonAttribute(first, ATTR_GEN_AI_OUTPUT_MESSAGES)).filter(
    (part) => part.type === 'tool_call' && part.name === S1.tool.name,
  );
  if (first && toolCalls.length === 0) {
    problems.push(`the first chat's output messages have no tool_call part for ${S1.tool.name}`);
  }
  const responses = partsOf(jsonAttribute(second, ATTR_GEN_AI_INPUT_MESSAGES)).filter(
    (part) => part.type === 'tool_call_response',
  );
  if (second && responses.length === 0) {
    problems.push(`the second chat's input messages have no tool_call_response part`);
  }
  return problems;
}

function stringsOf(attributes: Attributes | undefined): string[] {
  if (!attributes) return [];
  return Object.entries(attributes).flatMap(([key, value]) => {
    const values = Array.isArray(value) ? value : [value];
    return [key, ...values.filter((item): item is string => typeof item === 'string')];
  });
}

/** Where any of `needles` appears in the exported spans, events or metrics. */
export function findRawStrings(
  spans: readonly ReadableSpan[],
  metrics: readonly ResourceMetrics[],
  needles: readonly string[],
): string[] {
  const found: string[] = [];
  const scan = (where: string, texts: string[]): void => {
    for (const needle of needles) {
      if (texts.some((text) => text.includes(needle))) found.push(`${where} contains "${needle}"`);
    }
  };
  for (const span of spans) {
    scan(`span ${span.name}`, [span.name, span.status.message ?? '', ...stringsOf(span.attributes)]);
    for (const event of span.events) {
      scan(`span ${span.name} event ${event.name}`, [event.name, ...stringsOf(event.attributes)]);
    }
    for (const link of span.links) scan(`span ${span.name} link`, stringsOf(link.attributes));
  }
  for (const resourceMetrics of metrics) {
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        const points = metric.dataPoints as readonly { attributes: Attributes }[];
        scan(`metric ${metric.descriptor.name}`, [
          metric.descriptor.name,
          ...points.flatMap((point) => stringsOf(point.attributes)),
        ]);
      }
    }
  }
  return found;
}
