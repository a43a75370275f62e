// The conformance runner for the OpenAI Agents SDK: tracing enabled once (the SDK's own
// tracing switched on: it is off under NODE_ENV=test), every turn the support app of
// support-agent.ts through a real Runner and OpenAI's real Chat Completions model over the
// scripted client; streamed turns read the run's events as a chat server would.
import { setAgentspan } from '@agentspan/core';
import { type ConformanceAdapter, type TurnRequest, renderPrompt } from '@agentspan/conformance/runner';
import { instrumentOpenAIAgents } from '@agentspan/openai-agents';
import { Runner, setTracingDisabled } from '@openai/agents';
import { context } from '@opentelemetry/api';
import { CallerReads } from './scripted-openai-client.js';
import { type SupportApp, type Turn, prepareAgent, remember, scriptedProvider, turnStores } from './support-agent.js';
import { runHandoff, runSupervisor } from './team.js';

/** Why the Agents SDK cannot run S7 (its README says the same). */
export const OPENAI_AGENTS_CANNOT_EXPRESS_S7 =
  'the Agents SDK has no sequence or workflow of steps: model calls and tools run only inside an agent run (its own invoke_agent), and withTrace() groups runs in the SDK\'s tracing without a context for the application\'s code between them, so memory and retrieval around a run need the application\'s root (the core\'s agent helper, or an HTTP adapter)';

function isAnswerChunk(event: unknown): boolean {
  const e = event as { type?: unknown; data?: { type?: unknown } } | null;
  return e?.type === 'raw_model_stream_event' && e.data?.type === 'output_text_delta';
}

async function runBody(req: TurnRequest, gate: CallerReads | undefined): Promise<void> {
  const f = req.fixture;
  const streaming = req.variant === 'stream' || req.variant === 'stream_abort' || req.variant === 'stream_idle';
  const app: SupportApp = {
    fixture: f,
    agentspan: req.agentspan,
    modelProvider: scriptedProvider(f, { firstCallError: req.variant === 'model_error' ? req.modelError : undefined, gate }),
    toolError: req.variant === 'tool_error' ? req.toolError : undefined,
    ...(req.prompt ? { systemPrompt: renderPrompt(req.prompt) } : {}),
  };
  const turn: Turn = { conversationId: req.conversationId, userId: req.userId, message: req.userMessage };
  const stores = turnStores(f, turn.conversationId);
  const agent = await prepareAgent(app, turn, stores);
  const runner = new Runner({ modelProvider: app.modelProvider });
  if (!streaming) {
    await runner.run(agent, turn.message);
    await remember(app, turn, stores);
    return;
  }
  const abort = new AbortController();
  const result = await runner.run(agent, turn.message, { stream: true, signal: abort.signal });
  let answerChunks = 0;
  if (req.variant === 'stream_idle') {
    // The caller reads the first chunks of the answer and walks away without a word.
    const reader = result[Symbol.asyncIterator]();
    while (answerChunks < f.abortAfterChunks) {
      const next = await reader.next();
      if (next.done) return;
      if (isAnswerChunk(next.value)) {
        answerChunks += 1;
        gate?.chunkRead();
      }
    }
    return;
  }
  for await (const event of result) {
    if (!isAnswerChunk(event)) continue;
    answerChunks += 1;
    if (req.variant === 'stream_abort' && answerChunks === f.abortAfterChunks) abort.abort();
  }
  await result.completed;
  // A cancelled run resolves quietly; the caller that aborted says so itself.
  if (abort.signal.aborted) throw abort.signal.reason;
  await remember(app, turn, stores);
}

/**
 * E1: the app renders its system prompt from a versioned template of its own and names the
 * version to the core around the run. The SDK's own prompt templates (an Agent's `prompt`,
 * which the adapter reads) are OpenAI-hosted Responses API prompts: the Chat Completions
 * model this app uses ignores them, and their text never reaches the app.
 */
function runTurn(req: TurnRequest): Promise<void> {
  const p = req.prompt;
  if (!p) return runPlainTurn(req);
  return req.agentspan.prompt({ name: p.name, version: p.version, variables: p.variables }, () => runPlainTurn(req));
}

async function runPlainTurn(req: TurnRequest): Promise<void> {
  setAgentspan(req.agentspan);
  if (req.variant === 'supervisor' || req.variant === 'handoff') {
    // Nothing of the application around the run: its ids ride on the context.
    const ids = req.agentspan.withTurn({ conversationId: req.conversationId, userId: req.userId });
    const run = req.variant === 'supervisor' ? runSupervisor : runHandoff;
    await context.with(ids, () => run(req.fixture, req.userMessage));
    return;
  }
  const identity = { name: req.fixture.agentName, conversationId: req.conversationId, userId: req.userId };
  if (req.variant === 'stream_idle') {
    // An abandoned stream: the application never gets to end its agent.
    const agent = req.agentspan.startAgent(identity);
    await agent.run(() => runBody(req, new CallerReads()));
    return;
  }
  await req.agentspan.agent(identity, () => runBody(req, undefined));
}

export function createOpenAIAgentsAdapter(): ConformanceAdapter {
  let dispose: (() => void) | undefined;
  return {
    name: '@agentspan/openai-agents (Runner + OpenAIChatCompletionsModel)',
    cannotExpress: { S7: OPENAI_AGENTS_CANNOT_EXPRESS_S7 },
    setup() {
      setTracingDisabled(false);
      // The scripted client stands for OpenAI; OpenAI's own exporter is not wanted offline.
      dispose = instrumentOpenAIAgents({ keepOtherProcessors: false });
    },
    teardown() {
      dispose?.();
    },
    runTurn,
  };
}

export const conformanceAdapter: ConformanceAdapter = createOpenAIAgentsAdapter();
