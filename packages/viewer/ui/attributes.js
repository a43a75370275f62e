// Which attributes the span panel shows in readable form, grouped, labelled and formatted.
// Names follow the OpenTelemetry GenAI conventions and agentspan's own (packages/semconv).
import { h } from './dom.js';
import { formatCost, formatInt, formatSeconds, formatValue } from './format.js';

/** [key, label, format] — format: text | int | cost | seconds | list | bool */
export const ATTRIBUTE_GROUPS = [
  {
    title: 'Operation',
    fields: [
      ['gen_ai.operation.name', 'Operation'],
      ['gen_ai.provider.name', 'Provider'],
      ['gen_ai.request.model', 'Request model'],
      ['gen_ai.response.model', 'Response model'],
      ['gen_ai.response.id', 'Response id'],
      ['gen_ai.agent.name', 'Agent'],
      ['gen_ai.agent.id', 'Agent id'],
      ['gen_ai.agent.description', 'Agent description'],
      ['gen_ai.workflow.name', 'Workflow'],
      ['gen_ai.output.type', 'Output type'],
      ['gen_ai.request.stream', 'Streamed', 'bool'],
      ['gen_ai.response.time_to_first_chunk', 'Time to first chunk', 'seconds'],
      ['gen_ai.response.finish_reasons', 'Finish reasons', 'list'],
      ['agentspan.framework.name', 'Framework'],
      ['gen_ai.prompt.name', 'Prompt'],
      ['gen_ai.prompt.version', 'Prompt version'],
    ],
  },
  {
    title: 'Tokens and cost',
    fields: [
      ['gen_ai.usage.input_tokens', 'Input tokens', 'int'],
      ['gen_ai.usage.cache_read.input_tokens', 'Cached input tokens', 'int'],
      ['gen_ai.usage.cache_write.input_tokens', 'Cache write tokens', 'int'],
      ['gen_ai.usage.output_tokens', 'Output tokens', 'int'],
      ['gen_ai.usage.reasoning.output_tokens', 'Reasoning tokens', 'int'],
      ['agentspan.usage.input_tokens', 'Input tokens (request)', 'int'],
      ['agentspan.usage.output_tokens', 'Output tokens (request)', 'int'],
      ['agentspan.cost.usd', 'Cost (USD)', 'cost'],
      ['agentspan.llm.calls', 'Model calls', 'int'],
      ['agentspan.tool.calls', 'Tool calls', 'int'],
    ],
  },
  {
    title: 'Tool',
    fields: [
      ['gen_ai.tool.name', 'Tool'],
      ['gen_ai.tool.call.id', 'Call id'],
      ['gen_ai.tool.type', 'Tool type'],
      ['gen_ai.tool.description', 'Description'],
    ],
  },
  {
    title: 'Retrieval',
    fields: [
      ['gen_ai.data_source.id', 'Data source'],
      ['gen_ai.retrieval.top_k', 'Top k', 'int'],
      ['agentspan.retrieval.document.count', 'Documents', 'int'],
      ['agentspan.rerank.document.count', 'Reranked documents', 'int'],
      ['agentspan.rerank.top_n', 'Rerank top n', 'int'],
      ['gen_ai.embeddings.dimension.count', 'Embedding dimensions', 'int'],
    ],
  },
  {
    title: 'Memory',
    fields: [
      ['gen_ai.memory.store.id', 'Memory store'],
      ['gen_ai.memory.record.id', 'Record id'],
      ['gen_ai.memory.record.count', 'Records', 'int'],
    ],
  },
  {
    title: 'Request parameters',
    fields: [
      ['gen_ai.request.max_tokens', 'Max tokens', 'int'],
      ['gen_ai.request.temperature', 'Temperature'],
      ['gen_ai.request.top_p', 'Top p'],
      ['gen_ai.request.top_k', 'Top k'],
      ['gen_ai.request.frequency_penalty', 'Frequency penalty'],
      ['gen_ai.request.presence_penalty', 'Presence penalty'],
      ['gen_ai.request.seed', 'Seed'],
      ['gen_ai.request.choice.count', 'Choices', 'int'],
      ['gen_ai.request.stop_sequences', 'Stop sequences', 'list'],
      ['gen_ai.request.encoding_formats', 'Encoding formats', 'list'],
    ],
  },
  {
    title: 'Turn',
    fields: [
      ['gen_ai.conversation.id', 'Conversation'],
      ['user.id', 'User'],
    ],
  },
];

/** Error fields: shown with the span's status message in their own group. */
export const ERROR_FIELDS = [
  ['error.type', 'Error type'],
  ['agentspan.error.category', 'Error category'],
  ['agentspan.budget.key', 'Budget key'],
  ['agentspan.budget.limit_usd', 'Budget limit (USD)', 'cost'],
];

/** Captured content (opt-in): shown as a conversation or as JSON, never in the table. */
export const CONTENT_KEYS = [
  'gen_ai.system_instructions',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.retrieval.query.text',
  'gen_ai.retrieval.documents',
  'gen_ai.memory.query.text',
  'gen_ai.memory.records',
];

/** Every key shown outside the "other attributes" table. */
export const SHOWN_KEYS = new Set([
  ...ATTRIBUTE_GROUPS.flatMap((group) => group.fields.map(([key]) => key)),
  ...ERROR_FIELDS.map(([key]) => key),
  ...CONTENT_KEYS,
]);

export function formatAttribute(value, format) {
  switch (format) {
    case 'int':
      return typeof value === 'number' ? formatInt(value) : formatValue(value);
    case 'cost':
      return typeof value === 'number' ? formatCost(value) : formatValue(value);
    case 'seconds':
      // Readable; the exact value in seconds as a tooltip.
      return typeof value === 'number' ? h('span', { title: `${formatValue(value)} s` }, formatSeconds(value)) : formatValue(value);
    case 'bool':
      return value === true ? 'yes' : value === false ? 'no' : formatValue(value);
    default:
      return formatValue(value);
  }
}
