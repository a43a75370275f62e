// The support agent as an AI SDK application writes it: the conversation's memory and the
// knowledge base read before the model loop (through this package's traced helpers), the
// turn written back after it, the loop a ToolLoopAgent (or generateText / streamText with
// the same settings) carrying the agentspan integration.
import type { Agentspan } from '@agentspan/core';
import { type ConformancePrompt, type S1Fixture, renderPrompt } from '@agentspan/conformance/runner';
import { type AgentspanTelemetry, agentspanTelemetry, traceMemoryStore, tracedRetrieval } from '@agentspan/ai-sdk';
import { type LanguageModel, type Tool, ToolLoopAgent, stepCountIs } from 'ai';
import { ConversationStore, KnowledgeBase, lookupOrderTool } from './support-app.js';

export interface SupportAgentOptions {
  fixture: S1Fixture;
  /** The model the loop calls: `openai('gpt-4o-mini')`, or the offline `fixtureModel(fixture)`. */
  model: LanguageModel;
  agentspan: Agentspan;
  /** S2: the error lookup_order throws. */
  toolError?: Error;
  /** The lookup_order tool to give the loop (an MCP server's, from @ai-sdk/mcp); default the app's own. */
  lookupOrder?: Tool;
  /** Retries of a failed model call (default 0). */
  maxRetries?: number;
  /**
   * A versioned prompt the instructions are rendered from (scenario E1): the call names it in
   * its runtimeContext, and the integration puts it on every chat span of the call.
   */
  prompt?: ConformancePrompt;
}

export interface TurnIdentity {
  conversationId: string;
  userId: string;
  message: string;
}

const integrations = new WeakMap<Agentspan, AgentspanTelemetry>();

/** One integration per core instance. */
export function integrationFor(as: Agentspan): AgentspanTelemetry {
  let integration = integrations.get(as);
  if (!integration) {
    integration = agentspanTelemetry({ agentspan: as });
    integrations.set(as, integration);
  }
  return integration;
}

/** Reads memory and knowledge for the turn and binds the tool: the model loop's settings. */
export async function prepareTurn(o: SupportAgentOptions, conversationId: string, message: string) {
  const f = o.fixture;
  const as = o.agentspan;
  const memory = traceMemoryStore(new ConversationStore(f.memory.records), { storeId: f.memory.storeId, agentspan: as });
  const kb = new KnowledgeBase(f.retrieval.documents);
  const searchKb = tracedRetrieval((query: string, topK: number) => kb.search(query, topK), {
    dataSourceId: f.retrieval.dataSourceId,
    topK: (_query, topK) => topK,
    agentspan: as,
  });

  const lookupOrder: Tool = o.lookupOrder ?? lookupOrderTool(f, o.toolError);
  const history = await memory.search(conversationId);
  const documents = await searchKb(message, f.retrieval.topK);
  const p = o.prompt;
  const systemPrompt = p ? renderPrompt(p) : f.systemPrompt;
  const settings = {
    model: o.model,
    tools: { [f.tool.name]: lookupOrder },
    instructions: [systemPrompt, ...history.map((m) => m.content), ...documents.map((d) => d.content)].join('\n'),
    stopWhen: stepCountIs(5),
    maxRetries: o.maxRetries ?? 0,
    runtimeContext: p ? { prompt: { name: p.name, version: p.version, variables: { ...p.variables } } } : {},
    telemetry: {
      functionId: f.agentName,
      integrations: [integrationFor(as)],
      includeRuntimeContext: { prompt: p !== undefined },
    },
  };
  /** Writes the turn to memory, once answered. */
  const remember = () => memory.save(conversationId, f.memory.written);
  return { settings, remember };
}

/** One whole turn inside the agent span: memory, knowledge, the ToolLoopAgent; the answer. */
export function answer(o: SupportAgentOptions, turn: TurnIdentity): Promise<string> {
  const identity = { name: o.fixture.agentName, conversationId: turn.conversationId, userId: turn.userId };
  return o.agentspan.agent(identity, async () => {
    const { settings, remember } = await prepareTurn(o, turn.conversationId, turn.message);
    const result = await new ToolLoopAgent(settings).generate({ prompt: turn.message });
    await remember();
    return result.text;
  });
}
