// Values the spec leaves uncompared in S4b, removed from an actual normalised tree so that
// the rest of it can be compared deep-equal with the expected data.
import { ANY_ERROR_TYPE } from './expected.js';
import type { NormalizedSpan } from './normalized-span.js';

/** A cancelled span's usage and response model are compared only if the stream delivered them. */
const NOT_COMPARED_WHEN_CANCELLED = [
  'gen_ai.response.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'agentspan.cost.usd',
];

/** The request span's token and cost rollups include the cancelled call's partial usage. */
const NOT_COMPARED_ON_SERVER_SPAN = [
  'agentspan.usage.input_tokens',
  'agentspan.usage.output_tokens',
  'agentspan.cost.usd',
];

function without(
  attributes: NormalizedSpan['attributes'],
  keys: readonly string[],
): NormalizedSpan['attributes'] {
  const kept = { ...attributes };
  for (const key of keys) delete kept[key];
  return kept;
}

/**
 * On every span with `agentspan.error.category=cancelled`: error.type, when a non-empty
 * string, becomes ANY_ERROR_TYPE, and usage, cost and response model are removed.
 */
export function maskCancelledTurn(node: NormalizedSpan): NormalizedSpan {
  let attributes = node.attributes;
  if (attributes['agentspan.error.category'] === 'cancelled') {
    attributes = without(attributes, NOT_COMPARED_WHEN_CANCELLED);
    const errorType = attributes['error.type'];
    if (typeof errorType === 'string' && errorType.length > 0) {
      attributes['error.type'] = ANY_ERROR_TYPE;
    }
  }
  if (node.kind === 'SERVER') attributes = without(attributes, NOT_COMPARED_ON_SERVER_SPAN);
  return { ...node, attributes, children: node.children.map(maskCancelledTurn) };
}
