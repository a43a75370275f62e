// One question to the LlamaIndex support agent, traced by agentspan. Offline by default (a
// scripted LLM, letter-frequency embeddings); with OPENAI_API_KEY set, the LLM is
// @llamaindex/openai (OPENAI_MODEL, default gpt-4o-mini). Spans go to
// OTEL_EXPORTER_OTLP_ENDPOINT when it is set, else print as a tree at the end.
import { S1 } from '@agentspan/conformance/runner';
import { Agentspan } from '@agentspan/core';
import { startTelemetry } from '@agentspan/example-kit';
import { instrumentLlamaIndex } from '@agentspan/llamaindex';
import { OpenAI } from '@llamaindex/openai';
import { ScriptedLLM } from './scripted-llm.js';
import { answer, buildKnowledgeBase, createSupportTurn } from './support-app.js';

const telemetry = startTelemetry({ serviceName: 'agentspan-example-llamaindex' });
const agentspan = new Agentspan({ tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });

// Ingestion is not a turn: the knowledge base is built before tracing starts.
const index = await buildKnowledgeBase(S1);
// OpenAI is recognised by its class; the scripted stand-in is told which provider it plays.
instrumentLlamaIndex({ agentspan, provider: (llm) => (llm instanceof ScriptedLLM ? 'openai' : undefined) });

const setup = { variant: 'ok' as const, fixture: S1 };
const turn = process.env.OPENAI_API_KEY
  ? createSupportTurn(setup, new OpenAI({ model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini' }))
  : createSupportTurn(setup);

const question = process.argv[2] ?? S1.userMessage;
const text = await answer(index, { agentspan, fixture: S1, conversationId: S1.conversationId, userId: S1.userId, userMessage: question }, turn);
process.stdout.write(`> ${question}\n< ${text}\n\n`);

await telemetry.shutdown();
