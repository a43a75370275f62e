// The other AI SDK calls and options: object generation, embeddings, rerank, turn ids from
// runtimeContext, an agent called from inside a tool, and verbose step spans.
import { S1 } from '@agentspan/conformance';
import { embed, embedMany, generateObject, generateText, rerank, simulateReadableStream, stepCountIs, streamObject, tool } from 'ai';
import { MockEmbeddingModelV4, MockLanguageModelV4, MockRerankingModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentspanTelemetry } from '@agentspan/ai-sdk';
import { PROVIDER_ID, fixtureModel, v4Usage } from '../src/fixture-model.js';
import { byOperation, tree, useTestEnv } from '../../../packages/ai-sdk/test/support/harness.js';
import { lookupOrderTool } from '../src/support-app.js';

const env = useTestEnv();

const objectUsage = v4Usage({ inputTokens: 10, outputTokens: 5 });
const objectResult = {
  content: [{ type: 'text' as const, text: '{"status":"delivered"}' }],
  finishReason: { unified: 'stop' as const, raw: 'stop' },
  usage: objectUsage,
  warnings: [],
  response: { id: 'r', modelId: S1.responseModel },
};

describe('object generation', () => {
  it('generateObject: invoke_agent and one chat with usage and response model', async () => {
    const integration = agentspanTelemetry({ agentspan: env.agentspan() });
    const { object } = await generateObject({
      model: new MockLanguageModelV4({ provider: PROVIDER_ID, modelId: 'gpt-4o-mini', doGenerate: objectResult }),
      schema: z.object({ status: z.string() }),
      prompt: 'status?',
      telemetry: { functionId: 'extractor', integrations: [integration] },
    });
    expect(object).toEqual({ status: 'delivered' });
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent extractor', '  chat gpt-4o-mini']);
    const [chat] = byOperation(spans, 'chat');
    expect(chat?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': S1.responseModel,
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(integration.activeCalls).toBe(0);
  });

  it('streamObject: the spans end when the stream is consumed', async () => {
    const model = new MockLanguageModelV4({
      provider: PROVIDER_ID,
      modelId: 'gpt-4o-mini',
      doStream: {
        stream: simulateReadableStream({
          chunks: [
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: '{"status":' },
            { type: 'text-delta', id: 't', delta: '"delivered"}' },
            { type: 'text-end', id: 't' },
            { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: objectUsage },
          ],
        }),
      },
    });
    const result = streamObject({
      model,
      schema: z.object({ status: z.string() }),
      prompt: 'status?',
      telemetry: { functionId: 'extractor', integrations: [agentspanTelemetry({ agentspan: env.agentspan() })] },
    });
    for await (const _ of result.partialObjectStream) {
      // consume
    }
    expect(await result.object).toEqual({ status: 'delivered' });
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent extractor', '  chat gpt-4o-mini']);
    expect(byOperation(spans, 'chat')[0]?.attributes['gen_ai.request.stream']).toBe(true);
  });
});

describe('embeddings and rerank', () => {
  const embeddingModel = () =>
    new MockEmbeddingModelV4({
      provider: 'openai.embedding',
      modelId: 'text-embedding-3-small',
      maxEmbeddingsPerCall: 2,
      doEmbed: async ({ values }) => ({ embeddings: values.map(() => [0.1, 0.2, 0.3]), usage: { tokens: 4 * values.length }, warnings: [] }),
    });

  it('embed and embedMany (chunked): one embeddings span per model call, under the active agent', async () => {
    const as = env.agentspan();
    const integration = agentspanTelemetry({ agentspan: as });
    await as.agent({ name: 'indexer' }, async () => {
      await embed({ model: embeddingModel(), value: 'q', telemetry: { integrations: [integration] } });
      await embedMany({ model: embeddingModel(), values: ['a', 'b', 'c'], maxParallelCalls: 1, telemetry: { integrations: [integration] } });
    });
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'invoke_agent indexer',
      '  embeddings text-embedding-3-small',
      '  embeddings text-embedding-3-small',
      '  embeddings text-embedding-3-small',
    ]);
    const embeddings = byOperation(spans, 'embeddings');
    expect(embeddings.map((s) => s.attributes['gen_ai.usage.input_tokens'])).toEqual([4, 8, 4]);
    expect(embeddings[0]?.attributes['gen_ai.provider.name']).toBe('openai');
    expect(embeddings[0]?.attributes['gen_ai.embeddings.dimension.count']).toBe(3);
    expect(integration.activeCalls).toBe(0);
  });

  it('rerank: one rerank span with model and document count', async () => {
    const model = new MockRerankingModelV4({
      provider: 'cohere.reranking',
      modelId: 'rerank-v3.5',
      doRerank: async () => ({ ranking: [{ index: 1, relevanceScore: 0.9 }, { index: 0, relevanceScore: 0.2 }] }),
    });
    const integration = agentspanTelemetry({ agentspan: env.agentspan() });
    await rerank({ model, documents: ['a', 'b'], query: 'q', topN: 2, telemetry: { integrations: [integration] } });
    const spans = await env.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'rerank',
      'gen_ai.provider.name': 'cohere',
      'gen_ai.request.model': 'rerank-v3.5',
    });
  });
});

describe('turn ids and nesting', () => {
  it('conversation and user ids from runtimeContext (keys the call includes in telemetry)', async () => {
    await generateText({
      model: fixtureModel(S1),
      tools: { [S1.tool.name]: lookupOrderTool(S1) },
      prompt: S1.userMessage,
      stopWhen: stepCountIs(5),
      runtimeContext: { conversationId: 'conv-9', userId: 'user-9', secret: 'x' },
      telemetry: {
        functionId: S1.agentName,
        includeRuntimeContext: { conversationId: true, userId: true },
        integrations: [agentspanTelemetry({ agentspan: env.agentspan() })],
      },
    });
    const spans = await env.spans();
    expect(spans).toHaveLength(4);
    for (const span of spans) {
      expect(span.attributes['gen_ai.conversation.id']).toBe('conv-9');
      expect(span.attributes['user.id']).toBe('user-9');
    }
  });

  it('runtimeContext keys not included in telemetry are not seen (the AI SDK filters them)', async () => {
    await generateText({
      model: fixtureModel(S1),
      prompt: 'hi',
      runtimeContext: { conversationId: 'conv-9' },
      telemetry: { integrations: [agentspanTelemetry({ agentspan: env.agentspan() })] },
    });
    for (const span of await env.spans()) expect(span.attributes['gen_ai.conversation.id']).toBeUndefined();
  });

  it('ids from the active context (the core turn helper)', async () => {
    const as = env.agentspan();
    const { context } = await import('@opentelemetry/api');
    await context.with(as.withTurn({ conversationId: 'conv-7', userId: 'user-7' }), () =>
      generateText({ model: fixtureModel(S1), prompt: 'hi', telemetry: { integrations: [agentspanTelemetry({ agentspan: as })] } }),
    );
    for (const span of await env.spans()) expect(span.attributes['gen_ai.conversation.id']).toBe('conv-7');
  });

  it('an agent called inside a tool nests under execute_tool', async () => {
    const as = env.agentspan();
    const integration = agentspanTelemetry({ agentspan: as });
    const research = tool({
      description: 'asks a sub-agent',
      inputSchema: z.object({ orderId: z.string() }),
      execute: async () => {
        const inner = await generateText({
          model: new MockLanguageModelV4({ provider: PROVIDER_ID, modelId: 'gpt-4o-mini', doGenerate: objectResult }),
          prompt: 'sub',
          telemetry: { functionId: 'sub-agent', integrations: [integration] },
        });
        return inner.text;
      },
    });
    await generateText({
      model: fixtureModel(S1),
      tools: { [S1.tool.name]: research },
      prompt: S1.userMessage,
      stopWhen: stepCountIs(5),
      telemetry: { functionId: S1.agentName, integrations: [integration] },
    });
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'invoke_agent support-agent',
      '  chat gpt-4o-mini',
      '  execute_tool lookup_order',
      '    invoke_agent sub-agent',
      '      chat gpt-4o-mini',
      '  chat gpt-4o-mini',
    ]);
    const outer = spans.find((s) => s.name === 'invoke_agent support-agent');
    expect(outer?.attributes['agentspan.llm.calls']).toBe(3);
  });

  it('verbose: steps kept as framework spans around their model call and tools', async () => {
    await generateText({
      model: fixtureModel(S1),
      tools: { [S1.tool.name]: lookupOrderTool(S1) },
      prompt: S1.userMessage,
      stopWhen: stepCountIs(5),
      telemetry: { functionId: S1.agentName, integrations: [agentspanTelemetry({ agentspan: env.agentspan(), verbose: true })] },
    });
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'invoke_agent support-agent',
      '  step 0',
      '    chat gpt-4o-mini',
      '    execute_tool lookup_order',
      '  step 1',
      '    chat gpt-4o-mini',
    ]);
    expect(spans.find((s) => s.name === 'step 0')?.attributes['agentspan.framework']).toBe('step');
  });
});
