// One question to the AI SDK support agent, traced by agentspan. Offline by default (the AI
// SDK's mock model, scripted); with OPENAI_API_KEY set, @ai-sdk/openai (OPENAI_MODEL, default
// gpt-4o-mini). Spans go to OTEL_EXPORTER_OTLP_ENDPOINT when it is set, else print as a tree.
import { S1 } from '@agentspan/conformance/runner';
import { Agentspan } from '@agentspan/core';
import { startTelemetry } from '@agentspan/example-kit';
import { openai } from '@ai-sdk/openai';
import { fixtureModel } from './fixture-model.js';
import { answer } from './support-agent.js';

const telemetry = startTelemetry({ serviceName: 'agentspan-example-ai-sdk' });
const agentspan = new Agentspan({ tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });

// Chat Completions (what OpenAI-compatible servers speak too); `openai(...)` is the Responses API.
const model = process.env.OPENAI_API_KEY ? openai.chat(process.env.OPENAI_MODEL ?? 'gpt-4o-mini') : fixtureModel(S1);

const question = process.argv[2] ?? S1.userMessage;
const text = await answer({ fixture: S1, model, agentspan }, { conversationId: S1.conversationId, userId: S1.userId, message: question });
process.stdout.write(`> ${question}\n< ${text}\n\n`);

await telemetry.shutdown();
