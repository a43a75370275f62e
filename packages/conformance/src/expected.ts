// The expected normalised trees of the scenarios (spec S1-S4b), as data built from the fixture.
import type { AttributeValue } from '@opentelemetry/api';
import { S1 } from './fixture.js';
import { S7 } from './team-fixture.js';
import type { NormalizedSpan } from './normalized-span.js';

/** The spec's numbers for S1 (the fixture's usage priced with FIXTURE_PRICES). */
export const S1_NUMBERS = {
  chat1CostUsd: 0.0000678,
  chat2CostUsd: 0.0001152,
  agentInputTokens: 932,
  agentOutputTokens: 88,
  agentCostUsd: 0.000183,
  llmCalls: 2,
  toolCalls: 1,
} as const;

/** Stands for "any non-empty string": what a cancelled span's error.type is compared as (S4b). */
export const ANY_ERROR_TYPE = '<any non-empty error.type>';

export interface TurnIds {
  conversationId: string;
  userId: string;
}

export const S1_IDS: TurnIds = { conversationId: S1.conversationId, userId: S1.userId };

type Attrs = Record<string, AttributeValue>;

export function idAttributes(ids: TurnIds): Attrs {
  return { 'gen_ai.conversation.id': ids.conversationId, 'user.id': ids.userId };
}

export function span(
  name: string,
  kind: 'INTERNAL' | 'CLIENT',
  attributes: Attrs,
  extra: Partial<Pick<NormalizedSpan, 'status' | 'events' | 'children'>> = {},
): NormalizedSpan {
  return {
    name,
    kind,
    status: extra.status ?? 'UNSET',
    attributes,
    events: extra.events ?? [],
    children: extra.children ?? [],
  };
}

function searchMemory(ids: TurnIds): NormalizedSpan {
  return span('search_memory', 'CLIENT', {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'search_memory',
    'gen_ai.memory.store.id': S1.memory.storeId,
    'gen_ai.memory.record.count': S1.memory.records.length,
  });
}

function retrieval(ids: TurnIds): NormalizedSpan {
  return span(`retrieval ${S1.retrieval.dataSourceId}`, 'CLIENT', {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'retrieval',
    'gen_ai.data_source.id': S1.retrieval.dataSourceId,
    'gen_ai.retrieval.top_k': S1.retrieval.topK,
    'agentspan.retrieval.document.count': S1.retrieval.documents.length,
  });
}

function chatRequest(ids: TurnIds): Attrs {
  return {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': S1.provider,
    'gen_ai.request.model': S1.requestModel,
  };
}

function chat1(ids: TurnIds): NormalizedSpan {
  return span(`chat ${S1.requestModel}`, 'CLIENT', {
    ...chatRequest(ids),
    'gen_ai.response.model': S1.responseModel,
    'gen_ai.usage.input_tokens': S1.chat1.usage.inputTokens,
    'gen_ai.usage.cache_read.input_tokens': S1.chat1.usage.cacheReadInputTokens,
    'gen_ai.usage.output_tokens': S1.chat1.usage.outputTokens,
    'gen_ai.response.finish_reasons': ['tool_call'],
    'agentspan.cost.usd': S1_NUMBERS.chat1CostUsd,
  });
}

function chat2(ids: TurnIds): NormalizedSpan {
  return span(`chat ${S1.requestModel}`, 'CLIENT', {
    ...chatRequest(ids),
    'gen_ai.response.model': S1.responseModel,
    'gen_ai.usage.input_tokens': S1.chat2.usage.inputTokens,
    'gen_ai.usage.output_tokens': S1.chat2.usage.outputTokens,
    'gen_ai.usage.reasoning.output_tokens': S1.chat2.usage.reasoningOutputTokens,
    'gen_ai.response.finish_reasons': ['stop'],
    'agentspan.cost.usd': S1_NUMBERS.chat2CostUsd,
  });
}

function tool(ids: TurnIds): NormalizedSpan {
  return span(`execute_tool ${S1.tool.name}`, 'INTERNAL', {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': S1.tool.name,
    'gen_ai.tool.call.id': S1.chat1.toolCall.id,
    'gen_ai.tool.type': 'function',
    'gen_ai.agent.name': S1.agentName,
  });
}

function upsertMemory(ids: TurnIds): NormalizedSpan {
  return span('upsert_memory', 'CLIENT', {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'upsert_memory',
    'gen_ai.memory.store.id': S1.memory.storeId,
    'gen_ai.memory.record.count': 1,
  });
}

function agentAttributes(ids: TurnIds): Attrs {
  return {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': S1.agentName,
  };
}

function agent(
  attributes: Attrs,
  children: NormalizedSpan[],
  extra: Partial<Pick<NormalizedSpan, 'status' | 'events'>> = {},
): NormalizedSpan {
  return span(`invoke_agent ${S1.agentName}`, 'INTERNAL', attributes, { ...extra, children });
}

/** S1 (also S4 and every turn of S5 / S6, with their ids). */
export function expectedS1(ids: TurnIds = S1_IDS): NormalizedSpan {
  return agent(
    {
      ...agentAttributes(ids),
      'gen_ai.usage.input_tokens': S1_NUMBERS.agentInputTokens,
      'gen_ai.usage.output_tokens': S1_NUMBERS.agentOutputTokens,
      'agentspan.cost.usd': S1_NUMBERS.agentCostUsd,
      'agentspan.llm.calls': S1_NUMBERS.llmCalls,
      'agentspan.tool.calls': S1_NUMBERS.toolCalls,
    },
    [searchMemory(ids), retrieval(ids), chat1(ids), tool(ids), chat2(ids), upsertMemory(ids)],
  );
}

/**
 * S2: the tool fails with OrderServiceError. The spec fixes error.type, status and the one
 * exception event; the category is the core's classification of the error (`classifyError`),
 * the same for every adapter.
 */
export function expectedS2(toolErrorCategory: string, ids: TurnIds = S1_IDS): NormalizedSpan {
  const tree = expectedS1(ids);
  return {
    ...tree,
    children: tree.children.map((child) =>
      child.attributes['gen_ai.operation.name'] === 'execute_tool'
        ? {
            ...child,
            status: 'ERROR',
            attributes: {
              ...child.attributes,
              'error.type': 'OrderServiceError',
              'agentspan.error.category': toolErrorCategory,
            },
            events: ['exception'],
          }
        : child,
    ),
  };
}

/** S3: the first chat call rejects with RateLimitError; the agent gives up. */
export function expectedS3(ids: TurnIds = S1_IDS): NormalizedSpan {
  const error = { 'error.type': 'RateLimitError', 'agentspan.error.category': 'rate_limit' };
  const failedChat = span(
    `chat ${S1.requestModel}`,
    'CLIENT',
    { ...chatRequest(ids), ...error },
    { status: 'ERROR', events: ['exception'] },
  );
  return agent(
    {
      ...agentAttributes(ids),
      ...error,
      'agentspan.llm.calls': 1,
      'agentspan.tool.calls': 0,
    },
    [searchMemory(ids), retrieval(ids), failedChat],
    { status: 'ERROR', events: ['exception'] },
  );
}

/** S4: the same tree as S1 (stream and time to first chunk are checked apart). */
export function expectedS4(ids: TurnIds = S1_IDS): NormalizedSpan {
  return expectedS1(ids);
}

/**
 * S4b (abort and idle): the final chat is cancelled after 2 chunks; no memory write.
 * The cancelled chat's usage, cost and response model and the agent's token and cost totals
 * are not compared (maskCancelledTurn removes them from the actual tree); no finish reason was
 * delivered, so none is expected.
 */
export function expectedS4b(ids: TurnIds = S1_IDS): NormalizedSpan {
  const cancelled = { 'error.type': ANY_ERROR_TYPE, 'agentspan.error.category': 'cancelled' };
  const cancelledChat = span(
    `chat ${S1.requestModel}`,
    'CLIENT',
    { ...chatRequest(ids), ...cancelled },
    { status: 'ERROR' },
  );
  return agent(
    {
      ...agentAttributes(ids),
      ...cancelled,
      'agentspan.llm.calls': S1_NUMBERS.llmCalls,
      'agentspan.tool.calls': S1_NUMBERS.toolCalls,
    },
    [searchMemory(ids), retrieval(ids), chat1(ids), tool(ids), cancelledChat],
    { status: 'ERROR' },
  );
}

/** HTTP transport: the turn's tree under the request's SERVER span, which carries the rollups. */
export function expectedUnderServerSpan(
  serverSpanName: string,
  turn: NormalizedSpan,
  ids: TurnIds = S1_IDS,
  /** What hangs under the server span when not `turn` itself (S7: the turn's steps). */
  children: readonly NormalizedSpan[] = [turn],
): NormalizedSpan {
  const rollups: Attrs = {};
  const copy = (from: string, to: string): void => {
    const value = turn.attributes[from];
    if (value !== undefined) rollups[to] = value;
  };
  copy('gen_ai.usage.input_tokens', 'agentspan.usage.input_tokens');
  copy('gen_ai.usage.output_tokens', 'agentspan.usage.output_tokens');
  copy('agentspan.cost.usd', 'agentspan.cost.usd');
  copy('agentspan.llm.calls', 'agentspan.llm.calls');
  copy('agentspan.tool.calls', 'agentspan.tool.calls');
  return {
    name: serverSpanName,
    kind: 'SERVER',
    status: 'UNSET',
    attributes: { ...idAttributes(ids), ...rollups },
    events: [],
    children: [...children],
  };
}

/** The six steps of S1 with no agent around them: the tool names no agent. */
function workflowSteps(ids: TurnIds): NormalizedSpan[] {
  const { 'gen_ai.agent.name': _agent, ...toolAttributes } = tool(ids).attributes;
  return [
    searchMemory(ids),
    retrieval(ids),
    chat1(ids),
    { ...tool(ids), attributes: toolAttributes },
    chat2(ids),
    upsertMemory(ids),
  ];
}

/**
 * S7: the S1 steps inside the framework's own sequence / workflow, nothing around it: the
 * framework's outermost run is the turn's root, `invoke_workflow support-turn`, with the
 * turn's rollups and ids; the steps are its children.
 */
export function expectedS7(ids: TurnIds = S1_IDS): NormalizedSpan {
  return span(
    `invoke_workflow ${S7.workflowName}`,
    'INTERNAL',
    {
      ...idAttributes(ids),
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': S7.workflowName,
      'gen_ai.usage.input_tokens': S1_NUMBERS.agentInputTokens,
      'gen_ai.usage.output_tokens': S1_NUMBERS.agentOutputTokens,
      'agentspan.cost.usd': S1_NUMBERS.agentCostUsd,
      'agentspan.llm.calls': S1_NUMBERS.llmCalls,
      'agentspan.tool.calls': S1_NUMBERS.toolCalls,
    },
    { children: workflowSteps(ids) },
  );
}

/** S7 under an HTTP server span: a root exists, so no workflow span; the steps hang under it. */
export function expectedS7Steps(ids: TurnIds = S1_IDS): NormalizedSpan[] {
  return workflowSteps(ids);
}
