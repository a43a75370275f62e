// The support agent (the spec's S1 application), written as a LangChain user would
// write it. A real createAgent agent with a real tool, a real retriever and a
// LangGraph store (traced); memory and knowledge are read before the agent's first
// model call and the turn is written back after its last, by agent middleware.
import type { Agentspan } from '@agentspan/core';
import type { ConformancePrompt, FixtureUsage, S1Fixture } from '@agentspan/conformance/runner';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ToolMessage, type UsageMetadata } from '@langchain/core/messages';
import { PromptTemplate } from '@langchain/core/prompts';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { type StructuredToolInterface, tool } from '@langchain/core/tools';
import { type BaseStore, InMemoryStore } from '@langchain/langgraph';
import { createAgent, createMiddleware } from 'langchain';
import { z } from 'zod';
import { traceStore } from '@agentspan/langchain';
import { type ScriptStep, ScriptedChatModel, type StreamGate } from './scripted-chat-model.js';

/** A knowledge-base retriever: returns its documents, best first, at most k. */
export class KnowledgeBaseRetriever extends BaseRetriever {
  lc_namespace = ['agentspan', 'example', 'retrievers'];
  constructor(
    private readonly documents: readonly DocumentInterface[],
    private readonly k: number,
    fields?: BaseRetrieverInput,
  ) {
    super(fields);
  }
  override async _getRelevantDocuments(): Promise<DocumentInterface[]> {
    return this.documents.slice(0, this.k);
  }
}

export interface SupportAgentOptions {
  fixture: S1Fixture;
  userId: string;
  agentspan: Agentspan;
  /** The model the agent calls (e.g. ChatOpenAI); default: a ScriptedChatModel playing `script`. */
  model?: BaseChatModel;
  script?: readonly ScriptStep[];
  toolError?: Error;
  /** The lookup_order tool to give the agent (an MCP server's, loaded by @langchain/mcp-adapters); default the app's own. */
  lookupOrder?: StructuredToolInterface;
  gate?: StreamGate;
  onModelRequest?: () => Promise<void>;
  /** A versioned prompt the system prompt is rendered from before each model call (scenario E1). */
  prompt?: ConformancePrompt;
}

/**
 * Renders the system prompt from a versioned template before each model call. The template's
 * metadata names the prompt: the adapter puts its name, version and variables on the chat spans.
 */
function versionedSystemPrompt(prompt: ConformancePrompt) {
  const template = PromptTemplate.fromTemplate(prompt.template).withConfig({
    metadata: { 'gen_ai.prompt.name': prompt.name, 'gen_ai.prompt.version': prompt.version },
  });
  return createMiddleware({
    name: 'versioned-system-prompt',
    wrapModelCall: async (request, handler) => {
      const rendered = await template.invoke({ ...prompt.variables });
      return handler({ ...request, systemPrompt: rendered.toString() });
    },
  });
}

/** Fixture usage as LangChain's UsageMetadata (what ChatOpenAI reports). */
function usageMetadata(u: FixtureUsage): UsageMetadata {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    ...(u.cacheReadInputTokens ? { input_token_details: { cache_read: u.cacheReadInputTokens } } : {}),
    ...(u.reasoningOutputTokens ? { output_token_details: { reasoning: u.reasoningOutputTokens } } : {}),
  };
}

/** S1's model replies, in the fixture's numbers and the provider's (OpenAI's) spelling. */
export function s1Script(fixture: S1Fixture): ScriptStep[] {
  const { chat1, chat2 } = fixture;
  return [
    {
      text: '',
      toolCalls: [{ id: chat1.toolCall.id, name: chat1.toolCall.name, args: { ...chat1.toolCall.arguments } }],
      usage: usageMetadata(chat1.usage),
      finishReason: chat1.finishReason,
    },
    { text: chat2.text, chunks: chat2.chunks, usage: usageMetadata(chat2.usage), finishReason: chat2.finishReason },
  ];
}

export function buildSupportAgent(o: SupportAgentOptions) {
  const { fixture, userId } = o;
  const namespace = [fixture.memory.storeId, userId];
  const memory = new InMemoryStore();
  const seeded = Promise.all(fixture.memory.records.map((r) => memory.put(namespace, r.id, { content: r.content })));
  const store = traceStore(memory, { storeId: fixture.memory.storeId, agentspan: o.agentspan });

  const retriever = new KnowledgeBaseRetriever(
    fixture.retrieval.documents.map((d) => new Document({ id: d.id, pageContent: d.content, metadata: { score: d.score } })),
    fixture.retrieval.topK,
    { metadata: { 'gen_ai.data_source.id': fixture.retrieval.dataSourceId, 'gen_ai.retrieval.top_k': fixture.retrieval.topK } },
  );

  const lookupOrder =
    o.lookupOrder ??
    tool(
    async () => {
      if (o.toolError) throw o.toolError;
      return JSON.stringify(fixture.tool.result);
    },
    { name: fixture.tool.name, description: fixture.tool.description, schema: z.object({ orderId: z.string() }) },
  );

  // The agent's store reaches middleware as runtime.store from langchain 1.2.28 on (through
  // LangGraph's batching wrapper); older 1.x releases leave it undefined, so fall back to it.
  const storeOf = (runtime: { store?: BaseStore }): BaseStore => runtime.store ?? store;
  const memoryAndKnowledge = createMiddleware({
    name: 'memory-and-knowledge',
    beforeAgent: async (state, runtime) => {
      await seeded;
      await storeOf(runtime).search(namespace);
      const lastMessage = state.messages[state.messages.length - 1];
      await retriever.invoke(typeof lastMessage?.content === 'string' ? lastMessage.content : '');
    },
    afterAgent: async (_state, runtime) => {
      await storeOf(runtime).put(namespace, fixture.memory.written.id, { content: fixture.memory.written.content });
    },
    // createAgent rethrows a tool's own error; this app lets the model see it instead.
    wrapToolCall: async (request, handler) => {
      try {
        return await handler(request);
      } catch (error) {
        return new ToolMessage({
          content: `Error: ${error instanceof Error ? error.message : String(error)}`,
          tool_call_id: request.toolCall.id ?? '',
          name: request.toolCall.name,
          status: 'error',
        });
      }
    },
  });

  const model =
    o.model ??
    new ScriptedChatModel({
      script: o.script ?? s1Script(fixture),
      provider: fixture.provider,
      requestModel: fixture.requestModel,
      responseModel: fixture.responseModel,
      ...(o.gate ? { gate: o.gate } : {}),
      ...(o.onModelRequest ? { onRequest: o.onModelRequest } : {}),
    });

  return createAgent({
    model,
    tools: [lookupOrder],
    name: fixture.agentName,
    systemPrompt: fixture.systemPrompt,
    middleware: o.prompt ? [memoryAndKnowledge, versionedSystemPrompt(o.prompt)] : [memoryAndKnowledge],
    store,
  });
}
