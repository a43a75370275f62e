import { SpanKind } from '@opentelemetry/api';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectedS1 } from '../src/expected.js';
import { normalizeTrace, roundCost } from '../src/normalize.js';
import { handMadeTrace, type SpanSpec } from './support/hand-made-spans.js';

const ids = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };
const op = (operation: string, extra: Record<string, string | number | boolean | string[]> = {}) => ({
  ...ids,
  'gen_ai.operation.name': operation,
  ...extra,
});

/** S1 by hand, with the fields a test wants changed. */
function s1Spans(change: { toolCallId?: string; chat1Cost?: number; extraMiddleware?: boolean } = {}): SpanSpec {
  const chat = (start: number, attrs: Record<string, string | number | boolean | string[]>): SpanSpec => ({
    name: 'chat gpt-4o-mini',
    kind: SpanKind.CLIENT,
    start,
    end: start + 10,
    attributes: op('chat', {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'server.address': 'api.openai.com',
      ...attrs,
    }),
    // A provider HTTP client span below the chat: folded away.
    children: [{ name: 'POST', kind: SpanKind.CLIENT, start: start + 1, end: start + 9 }],
  });
  const children: SpanSpec[] = [
    {
      name: 'search_memory',
      kind: SpanKind.CLIENT,
      start: 1,
      end: 5,
      attributes: op('search_memory', { 'gen_ai.memory.store.id': 'conversations', 'gen_ai.memory.record.count': 2 }),
    },
    {
      name: 'retrieval kb-policies',
      kind: SpanKind.CLIENT,
      start: 6,
      end: 10,
      attributes: op('retrieval', {
        'gen_ai.data_source.id': 'kb-policies',
        'gen_ai.retrieval.top_k': 3,
        'agentspan.retrieval.document.count': 3,
      }),
      // A vector retriever embedding its query: allowed, not compared.
      children: [
        {
          name: 'embeddings text-embedding-3-small',
          kind: SpanKind.CLIENT,
          start: 7,
          end: 8,
          attributes: op('embeddings', { 'gen_ai.provider.name': 'openai' }),
        },
      ],
    },
    chat(11, {
      'gen_ai.usage.input_tokens': 420,
      'gen_ai.usage.cache_read.input_tokens': 128,
      'gen_ai.usage.output_tokens': 24,
      'gen_ai.response.finish_reasons': ['tool_call'],
      'agentspan.cost.usd': change.chat1Cost ?? 292 * 0.15e-6 + 128 * 0.075e-6 + 24 * 0.6e-6,
    }),
    {
      name: 'execute_tool lookup_order',
      start: 22,
      end: 25,
      attributes: op('execute_tool', {
        'gen_ai.tool.name': 'lookup_order',
        'gen_ai.tool.call.id': change.toolCallId ?? 'call_1',
        'gen_ai.tool.type': 'function',
        'gen_ai.agent.name': 'support-agent',
        'gen_ai.tool.description': 'Looks up an order by id.',
      }),
    },
    chat(26, {
      'gen_ai.usage.input_tokens': 512,
      'gen_ai.usage.output_tokens': 64,
      'gen_ai.usage.reasoning.output_tokens': 16,
      'gen_ai.response.finish_reasons': ['stop'],
      'agentspan.cost.usd': 512 * 0.15e-6 + 64 * 0.6e-6,
    }),
    {
      name: 'upsert_memory',
      kind: SpanKind.CLIENT,
      start: 37,
      end: 40,
      attributes: op('upsert_memory', { 'gen_ai.memory.store.id': 'conversations', 'gen_ai.memory.record.count': 1 }),
    },
  ];
  const agent: SpanSpec = {
    name: 'invoke_agent support-agent',
    start: 0,
    end: 41,
    ok: true,
    attributes: op('invoke_agent', {
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.usage.input_tokens': 932,
      'gen_ai.usage.output_tokens': 88,
      'agentspan.cost.usd': 0.0000678 + 0.0001152,
      'agentspan.llm.calls': 2,
      'agentspan.tool.calls': 1,
    }),
    children: change.extraMiddleware
      ? [{ name: 'graph node: agent', start: 0.5, end: 40.5, children }]
      : children,
  };
  return agent;
}

describe('normalizeTrace', () => {
  it('turns a hand-made S1 trace into exactly the expected S1 tree', () => {
    const { roots, problems } = normalizeTrace(handMadeTrace(s1Spans()));
    expect(problems).toEqual([]);
    expect(roots).toEqual([expectedS1()]);
  });

  it('fails the comparison when one compared value is wrong', () => {
    const { roots } = normalizeTrace(handMadeTrace(s1Spans({ toolCallId: 'call_2' })));
    expect(isDeepStrictEqual(roots, [expectedS1()])).toBe(false);
    expect(() => expect(roots).toEqual([expectedS1()])).toThrow();
  });

  it('folds non-GenAI spans into their nearest kept ancestor', () => {
    const { roots } = normalizeTrace(handMadeTrace(s1Spans({ extraMiddleware: true })));
    expect(roots).toEqual([expectedS1()]);
  });

  it('compares costs to 1e-12: float noise passes, a real difference fails', () => {
    const noisy = normalizeTrace(handMadeTrace(s1Spans({ chat1Cost: 0.0000678 + 1e-17 })));
    expect(noisy.roots).toEqual([expectedS1()]);
    const wrong = normalizeTrace(handMadeTrace(s1Spans({ chat1Cost: 0.0000678 + 3e-12 })));
    expect(wrong.roots).not.toEqual([expectedS1()]);
    expect(roundCost(0.1 + 0.2)).toBe(0.3);
  });

  it('keeps the request SERVER span only for the HTTP transport, folding spans around it', () => {
    const spans = handMadeTrace({
      name: 'POST',
      kind: SpanKind.CLIENT,
      start: 0,
      end: 50,
      children: [
        {
          name: 'POST /chat',
          kind: SpanKind.SERVER,
          start: 1,
          end: 49,
          attributes: { ...ids, 'agentspan.llm.calls': 2, 'http.route': '/chat' },
          children: [{ name: 'middleware - query', start: 2, end: 3 }, s1Spans()],
        },
      ],
    });
    const http = normalizeTrace(spans, { keepServerSpan: true }).roots;
    expect(http).toHaveLength(1);
    expect(http[0]).toMatchObject({
      name: 'POST /chat',
      kind: 'SERVER',
      attributes: { ...ids, 'agentspan.llm.calls': 2 },
      children: [expectedS1()],
    });
    expect(normalizeTrace(spans).roots).toEqual([expectedS1()]);
  });

  it('keeps an opt-in framework span so that one produced by default shows in the diff', () => {
    const { roots } = normalizeTrace(
      handMadeTrace({
        name: 'invoke_agent a',
        start: 0,
        end: 10,
        attributes: op('invoke_agent'),
        children: [{ name: 'prompt', start: 1, end: 2, attributes: { 'agentspan.framework': 'prompt' } }],
      }),
    );
    expect(roots[0]?.children).toEqual([
      { name: 'prompt', kind: 'INTERNAL', status: 'UNSET', attributes: { 'agentspan.framework': 'prompt' }, events: [], children: [] },
    ]);
  });

  it('maps OK to UNSET, keeps ERROR, error keys and event names, drops other keys', () => {
    const { roots } = normalizeTrace(
      handMadeTrace({
        name: 'execute_tool t',
        start: 0,
        end: 1,
        error: true,
        events: ['exception'],
        attributes: op('execute_tool', {
          'gen_ai.tool.name': 't',
          'error.type': 'OrderServiceError',
          'agentspan.error.category': 'timeout',
          'gen_ai.tool.call.arguments': '{}',
        }),
      }),
    );
    expect(roots).toEqual([
      {
        name: 'execute_tool t',
        kind: 'INTERNAL',
        status: 'ERROR',
        attributes: op('execute_tool', {
          'gen_ai.tool.name': 't',
          'error.type': 'OrderServiceError',
          'agentspan.error.category': 'timeout',
        }),
        events: ['exception'],
        children: [],
      },
    ]);
  });

  it('orders siblings by start then end, and parallel tool calls by call id then name', () => {
    const tool = (callId: string, start: number, end: number): SpanSpec => ({
      name: `execute_tool ${callId}`,
      start,
      end,
      attributes: op('execute_tool', { 'gen_ai.tool.call.id': callId }),
    });
    const { roots } = normalizeTrace(
      handMadeTrace({
        name: 'invoke_agent a',
        start: 0,
        end: 100,
        attributes: op('invoke_agent'),
        children: [
          { name: 'chat late', start: 60, end: 70, attributes: op('chat') },
          // Parallel: started in the order b, a, c but overlapping: ordered by call id.
          tool('call_b', 10, 30),
          tool('call_a', 11, 20),
          tool('call_c', 12, 40),
          { name: 'chat short', start: 1, end: 2, attributes: op('chat') },
          // Same start, another operation: the one that ends first comes first.
          { name: 'retrieval r', start: 1, end: 5, attributes: op('retrieval') },
          // Same operation but not overlapping the others: ordered by time.
          tool('call_0', 50, 55),
        ],
      }),
    );
    expect(roots[0]?.children.map((child) => child.name)).toEqual([
      'chat short',
      'retrieval r',
      'execute_tool call_a',
      'execute_tool call_b',
      'execute_tool call_c',
      'execute_tool call_0',
      'chat late',
    ]);
  });

  it('checks 0 < time to first chunk <= duration before dropping it', () => {
    const chat = (ttft: number | string): SpanSpec => ({
      name: 'chat m',
      kind: SpanKind.CLIENT,
      start: 0,
      end: 100,
      attributes: op('chat', { 'gen_ai.response.time_to_first_chunk': ttft, 'gen_ai.request.stream': true }),
    });
    const inRange = normalizeTrace(handMadeTrace(chat(0.05)));
    expect(inRange.problems).toEqual([]);
    expect(inRange.roots[0]?.attributes).not.toHaveProperty('gen_ai.response.time_to_first_chunk');
    expect(normalizeTrace(handMadeTrace(chat(0.1))).problems).toEqual([]);
    expect(normalizeTrace(handMadeTrace(chat(0.2))).problems).toHaveLength(1);
    expect(normalizeTrace(handMadeTrace(chat(0))).problems).toHaveLength(1);
    expect(normalizeTrace(handMadeTrace(chat('fast'))).problems).toHaveLength(1);
  });
});

describe('orderSiblings on overlapping siblings of one operation', () => {
  it('orders them by name when they carry no call id (the scheduler cannot decide)', () => {
    const { roots } = normalizeTrace(
      handMadeTrace({
        name: 'invoke_agent a',
        start: 0,
        end: 10,
        attributes: op('invoke_agent'),
        children: [
          { name: 'chat b', start: 1, end: 3, attributes: op('chat') },
          { name: 'chat a', start: 2, end: 4, attributes: op('chat') },
        ],
      }),
    );
    expect(roots[0]?.children.map((child) => child.name)).toEqual(['chat a', 'chat b']);
  });
});
