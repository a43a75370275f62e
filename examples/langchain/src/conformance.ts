// The conformance runner for LangChain: "run this turn of the scenario" with the support
// agent, our handler passed per call, the way an application would call its agent.
import type { ConformanceAdapter, TurnRequest } from '@agentspan/conformance/runner';
import { AIMessageChunk } from '@langchain/core/messages';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { AgentspanCallbackHandler } from '@agentspan/langchain';
import type { StreamGate } from './scripted-chat-model.js';
import { buildSupportAgent, s1Script } from './support-agent.js';
import { buildSupervisor, buildSupportSequence, buildSwarm } from './team.js';

/** The caller's reading drives the final answer's stream, as a provider's network stream would. */
class ReaderPacedGate implements StreamGate {
  private read = 0;
  private waiters: { index: number; resolve: () => void }[] = [];
  wait(index: number): Promise<void> {
    if (index <= this.read) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ index, resolve }));
  }
  chunkRead(): void {
    this.read += 1;
    const ready = this.waiters.filter((w) => w.index <= this.read);
    this.waiters = this.waiters.filter((w) => w.index > this.read);
    for (const w of ready) w.resolve();
  }
}

function isAnswerChunk(item: unknown): boolean {
  const message = Array.isArray(item) ? item[0] : undefined;
  return AIMessageChunk.isInstance(message) && typeof message.content === 'string' && message.content.length > 0;
}

/** S7-S9: the sequence, the supervisor, the swarm; nothing of the application around them. */
async function runTeamTurn(turn: TurnRequest): Promise<void> {
  const handler = new AgentspanCallbackHandler({ agentspan: turn.agentspan });
  const ids = { conversation_id: turn.conversationId, user_id: turn.userId };
  if (turn.variant === 'no_app_root') {
    const sequence = buildSupportSequence(turn.fixture, turn.agentspan, turn.userId);
    await sequence.invoke({ question: turn.userMessage }, { callbacks: [handler], metadata: ids });
    return;
  }
  const input = { messages: [{ role: 'user', content: turn.userMessage }] };
  const config = { callbacks: [handler], configurable: { thread_id: turn.conversationId }, metadata: { user_id: turn.userId } };
  if (turn.variant === 'supervisor') await buildSupervisor(turn.fixture).invoke(input, config);
  else await buildSwarm(turn.fixture).invoke(input, config);
}

async function runTurn(turn: TurnRequest, lookupOrder?: StructuredToolInterface): Promise<void> {
  const { fixture, variant } = turn;
  if (variant === 'no_app_root' || variant === 'supervisor' || variant === 'handoff') return runTeamTurn(turn);
  const script = variant === 'model_error' ? [turn.modelError] : s1Script(fixture);
  const streaming = variant === 'stream' || variant === 'stream_abort' || variant === 'stream_idle';
  const gate = variant === 'stream_idle' ? new ReaderPacedGate() : undefined;
  const agent = buildSupportAgent({
    fixture,
    userId: turn.userId,
    agentspan: turn.agentspan,
    script,
    ...(variant === 'tool_error' ? { toolError: turn.toolError } : {}),
    ...(gate ? { gate } : {}),
    ...(lookupOrder ? { lookupOrder } : {}),
    ...(turn.prompt ? { prompt: turn.prompt } : {}),
  });
  const handler = new AgentspanCallbackHandler({ agentspan: turn.agentspan });
  const input = { messages: [{ role: 'user', content: turn.userMessage }] };
  const config = {
    callbacks: [handler],
    configurable: { thread_id: turn.conversationId },
    metadata: { user_id: turn.userId },
  };
  if (!streaming) {
    await agent.invoke(input, config);
    return;
  }
  const abort = new AbortController();
  const stream = await agent.stream(input, { ...config, streamMode: 'messages', signal: abort.signal });
  let answerChunks = 0;
  for await (const item of stream) {
    if (!isAnswerChunk(item)) continue;
    answerChunks += 1;
    gate?.chunkRead();
    if (answerChunks < fixture.abortAfterChunks) continue;
    if (variant === 'stream_abort') abort.abort();
    if (variant === 'stream_idle') return; // stops reading, leaves the stream unread
  }
}

export const conformanceAdapter: ConformanceAdapter = {
  name: '@agentspan/langchain (createAgent)',
  runTurn: (turn) => runTurn(turn),
  flush: () => awaitAllCallbacks(),
};

/** The same agent with another lookup_order tool (an MCP server's, in the MCP scenarios). */
export function runTurnWithTool(turn: TurnRequest, lookupOrder: StructuredToolInterface): Promise<void> {
  return runTurn(turn, lookupOrder);
}
