// The support agent (the spec's S1 application) written with LlamaIndex as a user would:
// conversation memory in a LlamaIndex Memory whose long-term block is the `conversations`
// store, a real VectorStoreIndex (offline embeddings) queried through its retriever, and a
// real agent() with a real tool, driven by any tool-calling LLM (offline: a scripted one). The turn is wrapped in the core's
// agent helper (memory and retrieval come before the agent run); the run merges into it.
import type { AgentOperation, Agentspan } from '@agentspan/core';
import { S1, type S1Fixture, type TurnRequest } from '@agentspan/conformance/runner';
import { context } from '@opentelemetry/api';
import type { ChatMessage, ToolCallLLM } from '@llamaindex/core/llms';
import { PromptTemplate } from '@llamaindex/core/prompts';
import { type MemoryMessage, createMemory } from '@llamaindex/core/memory';
import { Document, MetadataMode } from '@llamaindex/core/schema';
import { extractText } from '@llamaindex/core/utils';
import { tool } from '@llamaindex/core/tools';
import type { BaseToolWithCall } from '@llamaindex/core/llms';
import { z } from '@llamaindex/core/zod';
import { type AgentWorkflow, agent, agentStreamEvent } from '@llamaindex/workflow';
import { Settings, VectorStoreIndex } from 'llamaindex';
import { nameDataSource } from '@agentspan/llamaindex';
import { ConversationBlock } from './conversation-block.js';
import { LetterEmbedding } from './fake-embedding.js';
import { type ScriptStep, ScriptedLLM } from './scripted-llm.js';

/** Builds the knowledge base offline (before tracing is enabled: ingestion is not a turn). */
export async function buildKnowledgeBase(fixture: S1Fixture): Promise<VectorStoreIndex> {
  Settings.embedModel = new LetterEmbedding();
  const documents = fixture.retrieval.documents.map((d) => new Document({ text: d.content, id_: d.id }));
  const index = await VectorStoreIndex.fromDocuments(documents);
  return nameDataSource(index, fixture.retrieval.dataSourceId);
}

/**
 * Pacing of the streamed final answer. LlamaIndex drains the model's stream whatever the
 * caller reads, so a caller who stops can only find the model call still open if the
 * model is slower than the caller: when the caller aborts after 2 chunks (S4b), or leaves
 * the stream unread for the suite's idle time, the answer is still streaming (chunks come at
 * 4/5 of that time). (If a gap ever exceeds the idle time, the chat's own watchdog cancels the
 * turn instead: the same expected tree.) A fully read stream (S4) needs no pacing.
 */
export const CHUNK_DELAY_MS: Partial<Record<TurnRequest['variant'], number>> = {
  stream_abort: 15,
  stream_idle: Math.round(S1.streamIdleTimeoutMs * 0.8),
};

/** What a turn needs to be set up: the fixture and, for the scenarios' variants, their errors. */
export type TurnSetup = Pick<TurnRequest, 'variant' | 'fixture'> &
  Partial<Pick<TurnRequest, 'modelError' | 'toolError' | 'prompt'>> & {
    /** The lookup_order tool to give the agent (an MCP server's, from @llamaindex/tools' mcp()); default the app's own. */
    lookupOrder?: BaseToolWithCall;
  };

/** Who asks what: the turn's ids, the question and the core instance recording it. */
export type TurnIdentity = Pick<TurnRequest, 'agentspan' | 'fixture' | 'conversationId' | 'userId' | 'userMessage'>;

export function scriptFor(turn: TurnSetup): ScriptStep[] {
  const { fixture: f, variant } = turn;
  if (variant === 'model_error') return [{ kind: 'error', error: turn.modelError }];
  const streaming = variant === 'stream' || variant === 'stream_abort' || variant === 'stream_idle';
  return [
    {
      kind: 'tool_call',
      id: f.chat1.toolCall.id,
      name: f.chat1.toolCall.name,
      arguments: { ...f.chat1.toolCall.arguments },
      usage: f.chat1.usage,
      finishReason: f.chat1.finishReason,
    },
    {
      kind: 'answer',
      chunks: streaming ? f.chat2.chunks : [f.chat2.text],
      usage: f.chat2.usage,
      finishReason: f.chat2.finishReason,
      chunkDelayMs: CHUNK_DELAY_MS[variant] ?? 0,
    },
  ];
}

/**
 * The agent's system prompt: S1's, or (scenario E1) rendered from a versioned PromptTemplate
 * whose metadata names it; the instrumentation links the chat calls that send it to the prompt.
 */
function systemPromptOf(turn: TurnSetup): string {
  const p = turn.prompt;
  if (!p) return turn.fixture.systemPrompt;
  const template = new PromptTemplate({
    template: p.template,
    metadata: { 'gen_ai.prompt.name': p.name, 'gen_ai.prompt.version': p.version },
  });
  return template.format({ ...p.variables });
}

export interface SupportTurn<L extends ToolCallLLM = ToolCallLLM> {
  llm: L;
  workflow: AgentWorkflow;
  memory: ReturnType<typeof createMemory>;
  block: ConversationBlock;
}

/** The turn's agent, memory and model; the model defaults to a ScriptedLLM playing the fixture. */
export function createSupportTurn(turn: TurnSetup): SupportTurn<ScriptedLLM>;
export function createSupportTurn<L extends ToolCallLLM>(turn: TurnSetup, llm: L): SupportTurn<L>;
export function createSupportTurn(turn: TurnSetup, llm?: ToolCallLLM): SupportTurn {
  const f = turn.fixture;
  llm ??= new ScriptedLLM({ model: f.requestModel, responseModel: f.responseModel, steps: scriptFor(turn) });
  const lookupOrder =
    turn.lookupOrder ??
    tool({
    name: f.tool.name,
    description: f.tool.description,
    parameters: z.object({ orderId: z.string() }),
    execute: async () => {
      if (turn.variant === 'tool_error') throw turn.toolError;
      return { ...f.tool.result };
    },
  });
  const workflow = agent({ name: f.agentName, llm, tools: [lookupOrder], systemPrompt: systemPromptOf(turn) });
  const stored: MemoryMessage[] = f.memory.records.map((r) => ({ id: r.id, role: 'memory', content: r.content }));
  const block = new ConversationBlock(f.memory.storeId, stored);
  // Short-term share 0: every message is written through to the long-term block at once.
  const memory = createMemory({ memoryBlocks: [block], shortTermTokenLimitRatio: 0 });
  return { llm, workflow, memory, block };
}

async function readAndRetrieve(t: SupportTurn, index: VectorStoreIndex, turn: TurnIdentity): Promise<ChatMessage[]> {
  const history = await t.memory.getLLM();
  const nodes = await index.asRetriever({ similarityTopK: turn.fixture.retrieval.topK }).retrieve({ query: turn.userMessage });
  const knowledge = nodes.map((n) => n.node.getContent(MetadataMode.NONE)).join('\n');
  return [...history, { role: 'system', content: `Knowledge base:\n${knowledge}` }];
}

async function writeTurn(t: SupportTurn, turn: TurnIdentity): Promise<void> {
  await t.memory.add({ role: 'assistant', content: turn.fixture.memory.written.content });
}

function isAnswerChunk(event: unknown): boolean {
  return agentStreamEvent.include(event as never) && (event as { data: { delta: string } }).data.delta !== '';
}

/** Streams the run through the core's stream helper, owned by the app's agent operation. */
async function streamTurn(as: Agentspan, op: AgentOperation, t: SupportTurn, index: VectorStoreIndex, turn: TurnRequest): Promise<void> {
  try {
    await readStream(as, op, t, index, turn);
  } catch (error) {
    op.fail(error);
    throw error;
  }
}

async function readStream(as: Agentspan, op: AgentOperation, t: SupportTurn, index: VectorStoreIndex, turn: TurnRequest): Promise<void> {
  const chatHistory = await op.run(() => readAndRetrieve(t, index, turn));
  const events = as.traceStream(
    op.run(() => t.workflow.runStream(turn.userMessage, { chatHistory })),
    { owners: [op], onComplete: () => {} },
  );
  const iterator = events[Symbol.asyncIterator]();
  let answerChunks = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    if (isAnswerChunk(next.value)) answerChunks++;
    if (answerChunks === turn.fixture.abortAfterChunks) {
      if (turn.variant === 'stream_abort') {
        await iterator.return?.();
        return;
      }
      if (turn.variant === 'stream_idle') return; // stops reading; the idle time ends the turn
    }
  }
  await op.run(() => writeTurn(t, turn));
  op.end();
}

/** One question answered in full, inside the agent span: memory, knowledge, the agent run. */
export function answer(index: VectorStoreIndex, turn: TurnIdentity, t: SupportTurn): Promise<string> {
  const as = turn.agentspan;
  const turnContext = as.withTurn({ conversationId: turn.conversationId, userId: turn.userId });
  return context.with(turnContext, () =>
    as.agent({ name: turn.fixture.agentName }, async () => {
      const chatHistory = await readAndRetrieve(t, index, turn);
      const result = await t.workflow.run(turn.userMessage, { chatHistory });
      await writeTurn(t, turn);
      return extractText(result.data.result);
    }),
  );
}

/** One S1 turn (and its variants) of the support agent. */
export async function runSupportTurn(index: VectorStoreIndex, turn: TurnRequest, t: SupportTurn = createSupportTurn(turn)): Promise<void> {
  if (turn.variant !== 'stream' && turn.variant !== 'stream_abort' && turn.variant !== 'stream_idle') {
    await answer(index, turn, t);
    return;
  }
  const as = turn.agentspan;
  const turnContext = as.withTurn({ conversationId: turn.conversationId, userId: turn.userId });
  await context.with(turnContext, () => streamTurn(as, as.startAgent({ name: turn.fixture.agentName }), t, index, turn));
}
