// One question to the LangChain support agent, traced by agentspan. Offline by default (a
// scripted model); with OPENAI_API_KEY set, ChatOpenAI (OPENAI_MODEL, default gpt-4o-mini).
// Spans go to OTEL_EXPORTER_OTLP_ENDPOINT when it is set, else print as a tree at the end.
import { S1 } from '@agentspan/conformance/runner';
import { Agentspan } from '@agentspan/core';
import { startTelemetry } from '@agentspan/example-kit';
import { AgentspanCallbackHandler } from '@agentspan/langchain';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import { ChatOpenAI } from '@langchain/openai';
import { buildSupportAgent } from './support-agent.js';

const telemetry = startTelemetry({ serviceName: 'agentspan-example-langchain' });
const agentspan = new Agentspan({ tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });

const model = process.env.OPENAI_API_KEY ? new ChatOpenAI({ model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini' }) : undefined;
const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, ...(model ? { model } : {}) });

const question = process.argv[2] ?? S1.userMessage;
const result = await agent.invoke(
  { messages: [{ role: 'user', content: question }] },
  {
    callbacks: [new AgentspanCallbackHandler({ agentspan })],
    configurable: { thread_id: S1.conversationId },
    metadata: { user_id: S1.userId },
  },
);
process.stdout.write(`> ${question}\n< ${result.messages.at(-1)?.text}\n\n`);

await awaitAllCallbacks();
await telemetry.shutdown();
