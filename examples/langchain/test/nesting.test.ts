// Spans other instrumentations make while a model, tool or graph runs nest under ours:
// a model and a tool that make real HTTP requests (fetch, seen by the undici
// instrumentation) to a local server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S1 } from '@agentspan/conformance';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { context, createContextKey } from '@opentelemetry/api';
import { tool } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentspanCallbackHandler } from '@agentspan/langchain';
import { testSdk } from '../../../packages/langchain/test/support/otel.js';
import { buildSupportAgent, s1Script } from '../src/support-agent.js';

const sdk = testSdk();
let server: Server;
let url: string;
const undici = new UndiciInstrumentation();

beforeAll(async () => {
  undici.setTracerProvider(sdk.provider);
  undici.enable();
  server = createServer((_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
});

afterAll(async () => {
  undici.disable();
  await new Promise((resolve) => server.close(resolve));
});

function parentOf(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan | undefined {
  return spans.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
}

async function post(): Promise<void> {
  await (await fetch(url, { method: 'POST', body: '{}' })).text();
}

describe('context: provider HTTP spans nest under our spans', () => {
  it('the client span of a model request is a child of its chat span, in the agent trace', async () => {
    sdk.exporter.reset();
    const agentspan = sdk.agentspan();
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1), onModelRequest: post });
    await agent.invoke({ messages: [{ role: 'user', content: 'hi' }] }, { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    const spans = sdk.exporter.getFinishedSpans();
    const clients = spans.filter((s) => s.name === 'POST');
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      const parent = parentOf(client, spans);
      expect(parent?.name).toBe('chat gpt-4o-mini');
      expect(parentOf(parent!, spans)?.name).toBe('invoke_agent support-agent');
    }
    const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini').map((s) => s.spanContext().spanId);
    expect(new Set(clients.map((c) => c.parentSpanContext?.spanId))).toEqual(new Set(chats));
  });

  it('with wrapExecution off, the same request is not nested (what every callback-only tracer gets)', async () => {
    sdk.exporter.reset();
    const agentspan = sdk.agentspan();
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1), onModelRequest: post });
    const handler = new AgentspanCallbackHandler({ agentspan, wrapExecution: false });
    await agent.invoke({ messages: [{ role: 'user', content: 'hi' }] }, { callbacks: [handler] });
    const spans = sdk.exporter.getFinishedSpans();
    const clients = spans.filter((s) => s.name === 'POST');
    expect(clients).toHaveLength(2);
    for (const client of clients) expect(parentOf(client, spans)?.name).not.toBe('chat gpt-4o-mini');
    // the agent itself is still recognised, from the graph's serialized class
    expect(spans.filter((s) => s.name === 'invoke_agent support-agent')).toHaveLength(1);
  });

  it('contexts stay acyclic: a lookup of a key nobody set ends (inside the model, the tool and the graph)', async () => {
    const agentspan = sdk.agentspan();
    const absent = createContextKey('absent');
    const lookups: unknown[] = [];
    const look = async () => {
      lookups.push(context.active().getValue(absent));
    };
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1), onModelRequest: look });
    await agent.invoke({ messages: [{ role: 'user', content: 'hi' }] }, { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    expect(lookups).toEqual([undefined, undefined]);
    const spans = sdk.exporter.getFinishedSpans().filter((s) => s.name.startsWith('search_memory'));
    expect(spans.length).toBeGreaterThan(0);
  });

  it('the client span of a request a tool makes is a child of its execute_tool span', async () => {
    sdk.exporter.reset();
    const agentspan = sdk.agentspan();
    const fetchTool = tool(async () => {
      await post();
      return 'done';
    }, { name: 'fetch_status', description: 'fetches', schema: z.object({}) });
    await fetchTool.invoke({}, { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    const spans = sdk.exporter.getFinishedSpans();
    const client = spans.find((s) => s.name === 'POST');
    expect(client && parentOf(client, spans)?.name).toBe('execute_tool fetch_status');
  });

  it('without our handler the wrappers change nothing: the request is a root span', async () => {
    sdk.exporter.reset();
    const fetchTool = tool(async () => {
      await post();
      return 'done';
    }, { name: 'fetch_status', description: 'fetches', schema: z.object({}) });
    new AgentspanCallbackHandler({ agentspan: sdk.agentspan() }); // wrappers installed
    await fetchTool.invoke({});
    const spans = sdk.exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['POST']);
    expect(spans[0]?.parentSpanContext).toBeUndefined();
  });
});
