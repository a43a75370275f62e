// One question to a support agent whose order tool is an MCP server in another process.
// Offline by default (S1's scripted replies); with OPENAI_API_KEY, OpenAI's Chat Completions
// API. The order service is started over stdio (or reached at MCP_URL over Streamable HTTP).
// Spans go to OTEL_EXPORTER_OTLP_ENDPOINT from both processes when it is set; else the turn
// is printed as one tree, the server's spans (read from the file it writes) in their place.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S1, SPANS_FILE_ENV, SpanFile } from '@agentspan/conformance/runner';
import { Agentspan } from '@agentspan/core';
import { renderTree, startTelemetry } from '@agentspan/example-kit';
import { instrumentMcp } from '@agentspan/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openAIModel, scriptedModel } from './model.js';
import { stdioOrderServer } from './servers.js';
import { answer } from './support-agent.js';

const telemetry = startTelemetry({ serviceName: 'support-agent', print: () => {} });
const agentspan = new Agentspan({ tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });
instrumentMcp({ agentspan, propagateTurnIds: true });

// Printing: the server writes its spans to a file this process reads back.
const serverSpans = telemetry.mode === 'print' ? new SpanFile(join(mkdtempSync(join(tmpdir(), 'order-service-')), 'spans.jsonl')) : undefined;
const orders = new Client({ name: 'support-agent', version: '1.0.0' });
await orders.connect(
  process.env.MCP_URL
    ? new StreamableHTTPClientTransport(new URL(process.env.MCP_URL))
    : new StdioClientTransport(stdioOrderServer(serverSpans ? { [SPANS_FILE_ENV]: serverSpans.path } : {})),
);

const model = process.env.OPENAI_API_KEY
  ? openAIModel(process.env.OPENAI_API_KEY, process.env.OPENAI_BASE_URL)
  : scriptedModel(S1);
const question = process.argv[2] ?? S1.userMessage;
const text = await answer(
  { agentspan, fixture: { ...S1, requestModel: process.env.OPENAI_MODEL ?? S1.requestModel } as typeof S1, model, orders },
  { conversationId: S1.conversationId, userId: S1.userId, message: question },
);
process.stdout.write(`> ${question}\n< ${text}\n\n`);

await orders.close();
if (serverSpans) {
  const turn = telemetry.finishedSpans().filter((s) => !s.name.startsWith('initialize') && !s.name.startsWith('tools/list'));
  const remote = serverSpans.read().filter((s) => s.spanContext().traceId === turn[0]?.spanContext().traceId);
  process.stdout.write(`${renderTree([...turn, ...remote]).join('\n')}\n`);
}
await telemetry.shutdown();
