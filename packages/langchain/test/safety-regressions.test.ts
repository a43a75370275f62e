// Regressions of issue 17 through real LangChain runs: an error whose getters throw, thrown
// by a tool, reaches the caller unchanged and leaves no span open (before the fix the tool
// span stayed open, out of the run map); a model output that cannot be read still ends its
// span; a misspelt option fails at creation.
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { hostileTracing, revokedProxy } from '@agentspan/testing-hostile';
import { HumanMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryStore } from '@langchain/langgraph';
import { AgentspanCallbackHandler, traceStore } from '../src/index.js';
import { registryFor } from '../src/run-registry.js';

const tracing = hostileTracing();

function hostileError(): Error {
  const error = new Error('lookup failed');
  void error.stack;
  for (const key of ['cause', 'name', 'message']) {
    Object.defineProperty(error, key, {
      get() {
        throw new TypeError(`${key} getter`);
      },
    });
  }
  return error;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a hostile error through real LangChain runs', () => {
  // (A revoked Proxy thrown by a tool is not here: LangChain itself reads the error.)
  it('a tool that throws an error whose getters throw: the caller gets it, the tool and agent spans end', async () => {
      tracing.reset();
      const error = hostileError();
      const agentspan = new Agentspan({ tracerProvider: tracing.provider });
      const handler = new AgentspanCallbackHandler({ agentspan, agentNames: ['turn'] });
      const lookup = tool(
        () => {
          throw error;
        },
        { name: 'lookup', description: 'looks up', schema: z.object({}) },
      );
      const turn = RunnableLambda.from(async () => lookup.invoke({})).withConfig({ runName: 'turn' });
      const caught = await rejection(turn.invoke('hi', { callbacks: [handler] }));
      expect(caught === error).toBe(true);
      expect(tracing.counter.openSpans()).toEqual([]);
      expect(tracing.spans().map((s) => s.name).sort()).toEqual(['execute_tool lookup', 'invoke_agent turn']);
      expect(registryFor(agentspan).size).toBe(0);
    });

  it('a model output that cannot be read still ends the chat span', async () => {
    tracing.reset();
    const agentspan = new Agentspan({ tracerProvider: tracing.provider });
    const handler = new AgentspanCallbackHandler({ agentspan });
    const llm = { lc: 1, type: 'not_implemented' as const, id: ['langchain', 'chat_models', 'openai', 'ChatOpenAI'] };
    await handler.handleChatModelStart(llm, [[new HumanMessage('hi')]], 'run-1', undefined, { invocation_params: { model: 'gpt-4o-mini' } });
    await handler.handleLLMEnd(revokedProxy({}) as never, 'run-1');
    await handler.handleRetrieverStart(llm, 'q', 'run-2');
    await handler.handleRetrieverEnd(revokedProxy([]) as never, 'run-2');
    await handler.handleToolStart(llm, '{}', 'run-3');
    await handler.handleChainEnd({}, 'run-3'); // an end reported by another kind's callback
    expect(tracing.counter.openSpans()).toEqual([]);
    expect(registryFor(agentspan).size).toBe(0);
  });
});

describe('options', () => {
  it('a misspelt option fails at creation, naming the closest valid one', () => {
    expect(() => new AgentspanCallbackHandler({ verbos: true } as never)).toThrow(AgentspanConfigError);
    expect(() => new AgentspanCallbackHandler({ agentName: ['a'] } as never)).toThrow(/unknown option "agentName"; did you mean "agentNames"\?/);
    expect(() => new AgentspanCallbackHandler({ wrapExecutions: false } as never)).toThrow(/did you mean "wrapExecution"/);
    expect(() => traceStore(new InMemoryStore(), { storeID: 'm' } as never)).toThrow(/traceStore: unknown option "storeID"; did you mean "storeId"/);
  });
});
