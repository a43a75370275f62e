// The S1 turn as an AI SDK application writes it: the turn wrapped in the core's agent
// helper; memory and retrieval through this package's helpers; the model loop through
// generateText / streamText (or a ToolLoopAgent) with the agentspan integration.
import type { Agentspan } from '@agentspan/core';
import type { ConformanceAdapter, TurnRequest } from '@agentspan/conformance';
import { type LanguageModel, type ToolSet, ToolLoopAgent, generateText, stepCountIs, streamText } from 'ai';
import { type AgentspanTelemetry, agentspanTelemetry, traceMemoryStore, tracedRetrieval } from '../src/index.js';
import { fixtureModel } from './support/fixture-model.js';
import { ConversationStore, KnowledgeBase, lookupOrderTool } from './support/support-app.js';

export type Driver = 'functions' | 'tool-loop-agent';

const integrations = new WeakMap<Agentspan, AgentspanTelemetry>();

/** One integration per core instance (the suite makes one instance per scenario). */
export function integrationFor(as: Agentspan): AgentspanTelemetry {
  let integration = integrations.get(as);
  if (!integration) {
    integration = agentspanTelemetry({ agentspan: as });
    integrations.set(as, integration);
  }
  return integration;
}

interface ModelLoop {
  generate(): Promise<unknown>;
  stream(signal: AbortSignal): Promise<{ textStream: AsyncIterable<string>; text: PromiseLike<string> }>;
}

function modelLoop(driver: Driver, turn: TurnRequest, instructions: string, tools: ToolSet): ModelLoop {
  const f = turn.fixture;
  const model: LanguageModel = fixtureModel(f, {
    firstCallError: turn.variant === 'model_error' ? turn.modelError : undefined,
  });
  const telemetry = { functionId: f.agentName, integrations: [integrationFor(turn.agentspan)] };
  const settings = { model, tools, instructions, stopWhen: stepCountIs(5), maxRetries: 0, telemetry };
  if (driver === 'tool-loop-agent') {
    const agent = new ToolLoopAgent(settings);
    return {
      generate: () => agent.generate({ prompt: turn.userMessage }),
      stream: (abortSignal) => agent.stream({ prompt: turn.userMessage, abortSignal }),
    };
  }
  return {
    generate: () => generateText({ ...settings, prompt: turn.userMessage }),
    stream: async (abortSignal) => streamText({ ...settings, prompt: turn.userMessage, abortSignal }),
  };
}

async function runTurnBody(driver: Driver, turn: TurnRequest): Promise<void> {
  const f = turn.fixture;
  const as = turn.agentspan;
  const memory = traceMemoryStore(new ConversationStore(f.memory.records), { storeId: f.memory.storeId, agentspan: as });
  const kb = new KnowledgeBase(f.retrieval.documents);
  const searchKb = tracedRetrieval((query: string, topK: number) => kb.search(query, topK), {
    dataSourceId: f.retrieval.dataSourceId,
    topK: (_query, topK) => topK,
    agentspan: as,
  });

  const history = await memory.search(turn.conversationId);
  const documents = await searchKb(turn.userMessage, f.retrieval.topK);
  const instructions = [f.systemPrompt, ...history.map((m) => m.content), ...documents.map((d) => d.content)].join('\n');
  const tools = { [f.tool.name]: lookupOrderTool(f, turn.variant === 'tool_error' ? turn.toolError : undefined) };
  const loop = modelLoop(driver, turn, instructions, tools);

  if (turn.variant === 'ok' || turn.variant === 'tool_error' || turn.variant === 'model_error') {
    await loop.generate();
  } else {
    const controller = new AbortController();
    // Reading `result.text` (any result promise) before the stream makes the AI SDK drain it
    // at once; the text is read after the stream, as a chat server does.
    const result = await loop.stream(controller.signal);
    let chunks = 0;
    if (turn.variant === 'stream_idle') {
      // The caller reads the first chunks and walks away without a word.
      const reader = result.textStream[Symbol.asyncIterator]();
      while (chunks < f.abortAfterChunks && !(await reader.next()).done) chunks++;
      return;
    }
    for await (const _chunk of result.textStream) {
      if (turn.variant === 'stream_abort' && ++chunks === f.abortAfterChunks) controller.abort();
    }
    // The AI SDK ends an aborted text stream quietly; from 7.0.1xx its result promises
    // reject, 7.0.0 resolves them: the caller that aborted says so itself.
    await result.text;
    if (controller.signal.aborted) throw controller.signal.reason;
  }
  await memory.save(turn.conversationId, f.memory.written);
}

export function aiSdkAdapter(driver: Driver): ConformanceAdapter {
  return {
    name: `@agentspan/ai-sdk (${driver === 'functions' ? 'generateText / streamText' : 'ToolLoopAgent'})`,
    async runTurn(turn) {
      const as = turn.agentspan;
      const identity = { name: turn.fixture.agentName, conversationId: turn.conversationId, userId: turn.userId };
      if (turn.variant === 'stream_idle') {
        // An abandoned stream: the application never gets to end its agent.
        const agent = as.startAgent(identity);
        await agent.run(() => runTurnBody(driver, turn));
        return;
      }
      await as.agent(identity, () => runTurnBody(driver, turn));
    },
  };
}
