// The conformance runner for the AI SDK: every scenario's turn through the support agent,
// its model the offline fixture model, the loop through generateText / streamText or a
// ToolLoopAgent. `conformanceAdapter` is the ToolLoopAgent one.
import type { ConformanceAdapter, TurnRequest } from '@agentspan/conformance/runner';
import { type Tool, ToolLoopAgent, generateText, streamText } from 'ai';
import { fixtureModel } from './fixture-model.js';
import { prepareTurn } from './support-agent.js';
import { runHandoff, runSupervisor } from './team.js';
import { context } from '@opentelemetry/api';

export type Driver = 'functions' | 'tool-loop-agent';

type LoopSettings = Awaited<ReturnType<typeof prepareTurn>>['settings'];

interface ModelLoop {
  generate(): Promise<unknown>;
  stream(signal: AbortSignal): Promise<{ textStream: AsyncIterable<string>; text: PromiseLike<string> }>;
}

function modelLoop(driver: Driver, prompt: string, settings: LoopSettings): ModelLoop {
  if (driver === 'tool-loop-agent') {
    const agent = new ToolLoopAgent(settings);
    return {
      generate: () => agent.generate({ prompt }),
      stream: (abortSignal) => agent.stream({ prompt, abortSignal }),
    };
  }
  return {
    generate: () => generateText({ ...settings, prompt }),
    stream: async (abortSignal) => streamText({ ...settings, prompt, abortSignal }),
  };
}

async function runTurnBody(driver: Driver, turn: TurnRequest, lookupOrder: Tool | undefined): Promise<void> {
  const f = turn.fixture;
  const model = fixtureModel(f, { firstCallError: turn.variant === 'model_error' ? turn.modelError : undefined });
  const toolError = turn.variant === 'tool_error' ? turn.toolError : undefined;
  const { settings, remember } = await prepareTurn(
    { fixture: f, model, agentspan: turn.agentspan, ...(toolError ? { toolError } : {}), ...(lookupOrder ? { lookupOrder } : {}), ...(turn.prompt ? { prompt: turn.prompt } : {}) },
    turn.conversationId,
    turn.userMessage,
  );
  const loop = modelLoop(driver, turn.userMessage, settings);

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
  await remember();
}

/** Why the AI SDK cannot run S7 (its README says the same). */
export const AI_SDK_CANNOT_EXPRESS_S7 =
  'the AI SDK has no sequence or workflow of its own: memory and retrieval are application code around its calls (prepareCall, prepareStep and callbacks run outside any telemetry hook), so a turn of several steps needs the application\'s root (the core\'s agent helper, or an HTTP adapter)';

/** `lookupOrder`: another lookup_order tool for the loop (an MCP server's, in the MCP scenarios). */
export function aiSdkAdapter(driver: Driver, lookupOrder?: () => Tool): ConformanceAdapter {
  return {
    name: `@agentspan/ai-sdk (${driver === 'functions' ? 'generateText / streamText' : 'ToolLoopAgent'})`,
    cannotExpress: { S7: AI_SDK_CANNOT_EXPRESS_S7 },
    async runTurn(turn) {
      const as = turn.agentspan;
      if (turn.variant === 'supervisor' || turn.variant === 'handoff') {
        const ids = as.withTurn({ conversationId: turn.conversationId, userId: turn.userId });
        const run = turn.variant === 'supervisor' ? runSupervisor : runHandoff;
        await context.with(ids, () => run(turn.fixture, as, turn.userMessage));
        return;
      }
      const identity = { name: turn.fixture.agentName, conversationId: turn.conversationId, userId: turn.userId };
      if (turn.variant === 'stream_idle') {
        // An abandoned stream: the application never gets to end its agent.
        const agent = as.startAgent(identity);
        await agent.run(() => runTurnBody(driver, turn, lookupOrder?.()));
        return;
      }
      await as.agent(identity, () => runTurnBody(driver, turn, lookupOrder?.()));
    },
  };
}

export const conformanceAdapter: ConformanceAdapter = aiSdkAdapter('tool-loop-agent');
