// S4: which chats streamed, and that each streamed one reports its time to first chunk
// (its range, 0 < ttft <= duration, is checked by the normaliser on every span).
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
} from '@agentspan/semconv';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToNanos } from './span-time.js';

export function checkStreamedChats(spans: readonly ReadableSpan[]): string[] {
  const chats = spans
    .filter((span) => span.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat')
    .sort((a, b) => {
      const [startA, startB] = [hrTimeToNanos(a.startTime), hrTimeToNanos(b.startTime)];
      return startA < startB ? -1 : startA > startB ? 1 : 0;
    });
  const problems: string[] = [];
  chats.forEach((chat, index) => {
    const streamed = chat.attributes[ATTR_GEN_AI_REQUEST_STREAM] === true;
    if (streamed && typeof chat.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] !== 'number') {
      problems.push(`chat #${index + 1} (${chat.name}) streamed but has no ${ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK}`);
    }
    if (index === chats.length - 1 && !streamed) {
      problems.push(`the final chat (${chat.name}) has no ${ATTR_GEN_AI_REQUEST_STREAM}=true`);
    }
  });
  if (chats.length === 0) problems.push('no chat span');
  return problems;
}
