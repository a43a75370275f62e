// One question to the Agents SDK support agent, traced by agentspan. Offline by default (OpenAI's
// Chat Completions model over a scripted client); with OPENAI_API_KEY set, OpenAI itself
// (OPENAI_MODEL, default gpt-4o-mini; OPENAI_BASE_URL for any compatible server).
// Spans go to OTEL_EXPORTER_OTLP_ENDPOINT when it is set, else print as a tree at the end.
import { S1 } from '@agentspan/conformance/runner';
import { Agentspan } from '@agentspan/core';
import { startTelemetry } from '@agentspan/example-kit';
import { instrumentOpenAIAgents } from '@agentspan/openai-agents';
import { OpenAIProvider, setTracingDisabled } from '@openai/agents';
import { answer, scriptedProvider } from './support-agent.js';

const telemetry = startTelemetry({ serviceName: 'agentspan-example-openai-agents' });
const agentspan = new Agentspan({ tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });
setTracingDisabled(false); // the SDK's own tracing (off under NODE_ENV=test) feeds guardrails and handoffs
// This example sends its traces over OpenTelemetry only: leave keepOtherProcessors out to keep
// sending them to OpenAI's Traces dashboard as well.
const stop = instrumentOpenAIAgents({ agentspan, keepOtherProcessors: false });

const online = Boolean(process.env.OPENAI_API_KEY);
const question = process.argv[2] ?? S1.userMessage;
const text = await answer(
  {
    fixture: S1,
    agentspan,
    modelProvider: online ? new OpenAIProvider({ useResponses: false }) : scriptedProvider(S1),
    model: online ? (process.env.OPENAI_MODEL ?? 'gpt-4o-mini') : undefined,
  },
  { conversationId: S1.conversationId, userId: S1.userId, message: question },
);
process.stdout.write(`> ${question}\n< ${text}\n\n`);

stop();
await telemetry.shutdown();
