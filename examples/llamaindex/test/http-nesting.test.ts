// Spans made inside the model call and the tool (the provider's HTTP request) nest under
// ours: a model that makes a real HTTP request (fetch) to a local server while
// @opentelemetry/instrumentation-undici is registered.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S1 } from '@agentspan/conformance';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { agent } from '@llamaindex/workflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instrumentLlamaIndex } from '@agentspan/llamaindex';
import { type TestTracing, setupTracing } from './support/otel.js';
import { ScriptedLLM } from '../src/scripted-llm.js';

let server: Server;
let url: string;
let t: TestTracing;
let undici: UndiciInstrumentation;
let dispose: () => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = setupTracing();
  undici = new UndiciInstrumentation();
  undici.setTracerProvider(t.provider);
  undici.enable();
  dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider: () => 'openai' });
});

afterAll(async () => {
  dispose();
  undici.disable();
  await t.shutdown();
  await new Promise((resolve) => server.close(resolve));
});

it('the provider request of each chat and the request made by the tool are children of our spans', async () => {
  const usage = { inputTokens: 10, outputTokens: 2 };
  const llm = new ScriptedLLM({
    model: S1.requestModel,
    responseModel: S1.responseModel,
    steps: [
      { kind: 'tool_call', id: 'call_1', name: 'lookup_order', arguments: { orderId: '42' }, usage, finishReason: 'tool_calls' },
      { kind: 'answer', chunks: ['done'], usage, finishReason: 'stop' },
    ],
    // Stands for the provider client's request (openai, anthropic and ollama clients use fetch).
    beforeResponse: async () => {
      await (await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' })).json();
    },
  });
  const lookup = tool({
    name: 'lookup_order',
    description: 'Looks up an order',
    parameters: z.object({ orderId: z.string() }),
    execute: async ({ orderId }) => (await (await fetch(`${url}/orders/${orderId}`)).json()) as { path: string },
  });
  await agent({ name: S1.agentName, llm, tools: [lookup] }).run('where is 42?');

  expect(t.trees()).toEqual([
    [
      'invoke_agent support-agent',
      '  chat gpt-4o-mini',
      '    POST',
      '  execute_tool lookup_order',
      '    GET',
      '  chat gpt-4o-mini',
      '    POST',
    ].join('\n'),
  ]);
  const clientSpans = t.spans().filter((s) => s.instrumentationScope.name.includes('undici'));
  expect(clientSpans).toHaveLength(3);
  const parents = clientSpans.map((s) => t.spans().find((p) => p.spanContext().spanId === s.parentSpanContext?.spanId)?.name);
  expect(parents.sort()).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool lookup_order']);
});
