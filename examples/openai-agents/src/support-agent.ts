// The support agent (the spec's S1 application), written as an OpenAI Agents SDK user writes
// it: an Agent with a function tool, run by a Runner whose model provider is OpenAI's (Chat
// Completions). The SDK has no retriever and its sessions keep chat history rather than
// records, so the conversation memory and the knowledge base are the application's own,
// read before the run and written after it through agentspan's core helpers.
import type { Agentspan } from '@agentspan/core';
import { ConversationStore, KnowledgeBase, type S1Fixture } from '@agentspan/conformance/runner';
import { toolErrorFunction } from '@agentspan/openai-agents';
import { Agent, type ModelProvider, Runner, tool } from '@openai/agents';
import { z } from 'zod';
import { type ScriptedReply, ScriptedOpenAIClient, type ReadGate } from './scripted-openai-client.js';
import { OpenAIProvider } from '@openai/agents';

/** S1's two model replies: the tool call, then (once the tool's result is in) the answer. */
export function s1Reply(f: S1Fixture) {
  return (request: { messages: readonly { role: string }[] }): ScriptedReply => {
    if (request.messages.some((m) => m.role === 'tool')) {
      const { text, chunks, usage, finishReason } = f.chat2;
      return { text, chunks, usage, finishReason };
    }
    const { toolCall, usage, finishReason } = f.chat1;
    return { toolCalls: [{ id: toolCall.id, name: toolCall.name, arguments: toolCall.arguments }], usage, finishReason };
  };
}

export interface ScriptedProviderOptions {
  /** The first model call rejects with this error (S3). */
  firstCallError?: Error;
  gate?: ReadGate;
}

/** OpenAI's model provider over the scripted client: offline, everything but the network is real. */
export function scriptedProvider(f: S1Fixture, options: ScriptedProviderOptions = {}): OpenAIProvider {
  const reply = s1Reply(f);
  const client = new ScriptedOpenAIClient({
    responseModel: f.responseModel,
    gate: options.gate,
    reply: (request, call) => (call === 1 && options.firstCallError ? options.firstCallError : reply(request)),
  });
  return new OpenAIProvider({ openAIClient: client as never, useResponses: false });
}

/** lookup_order as an Agents SDK function tool; a failure is reported to the model as its text. */
export function lookupOrder(f: S1Fixture, error?: Error) {
  return tool({
    name: f.tool.name,
    description: f.tool.description,
    parameters: z.object({ orderId: z.string() }),
    execute: async () => {
      await Promise.resolve();
      if (error) throw error;
      return f.tool.result;
    },
    // toolErrorFunction records the exception on the tool's span; the model reads its text.
    errorFunction: toolErrorFunction((_context, e) => `Error: ${e instanceof Error ? e.message : String(e)}`),
  });
}

export interface SupportApp {
  fixture: S1Fixture;
  agentspan: Agentspan;
  /** The model provider: `new OpenAIProvider({ useResponses: false })` with a key, else scriptedProvider(). */
  modelProvider: ModelProvider;
  /** The model name (default: the fixture's, gpt-4o-mini). */
  model?: string;
  toolError?: Error;
  /** The system prompt the app rendered (from a versioned template); default the fixture's. */
  systemPrompt?: string;
}

export interface Turn {
  conversationId: string;
  userId: string;
  message: string;
}

/** One turn's conversation memory and knowledge base (the application's own stores). */
export function turnStores(f: S1Fixture, conversationId: string) {
  return {
    memory: new ConversationStore([...f.memory.records], conversationId),
    kb: new KnowledgeBase(f.retrieval.documents),
  };
}

/** Steps 1-2: read the memory and the knowledge base; the agent that will answer with them. */
export async function prepareAgent(app: SupportApp, turn: Turn, stores = turnStores(app.fixture, turn.conversationId)) {
  const f = app.fixture;
  const as = app.agentspan;
  const history = await as.memory(
    { operation: 'search_memory', storeId: f.memory.storeId, query: turn.message },
    () => stores.memory.search(turn.conversationId),
  );
  const documents = await as.retrieval(
    { dataSourceId: f.retrieval.dataSourceId, topK: f.retrieval.topK, query: turn.message },
    () => stores.kb.search(turn.message, f.retrieval.topK),
  );
  return new Agent({
    name: f.agentName,
    instructions: [app.systemPrompt ?? f.systemPrompt, ...history.map((r) => r.content), ...documents.map((d) => d.content)].join('\n'),
    model: app.model ?? f.requestModel,
    tools: [lookupOrder(f, app.toolError)],
  });
}

/** Step 6: the turn written back to memory. */
export function remember(app: SupportApp, turn: Turn, stores: ReturnType<typeof turnStores>): Promise<void> {
  const { written, storeId } = app.fixture.memory;
  return app.agentspan.memory({ operation: 'upsert_memory', storeId, records: [written] }, () =>
    stores.memory.put(turn.conversationId, written),
  );
}

/** One whole turn inside the application's agent span: memory, knowledge, the run, memory. */
export function answer(app: SupportApp, turn: Turn): Promise<string> {
  const identity = { name: app.fixture.agentName, conversationId: turn.conversationId, userId: turn.userId };
  return app.agentspan.agent(identity, async () => {
    const stores = turnStores(app.fixture, turn.conversationId);
    const agent = await prepareAgent(app, turn, stores);
    const result = await new Runner({ modelProvider: app.modelProvider }).run(agent, turn.message);
    await remember(app, turn, stores);
    return String(result.finalOutput ?? '');
  });
}
