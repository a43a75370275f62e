// The conformance runner for LlamaIndex: tracing enabled once, the knowledge base built
// offline before it, every turn the support app of support-app.ts. `conformanceAdapter` is one
// instance of it.
import { setAgentspan } from '@agentspan/core';
import { type ConformanceAdapter, S1 } from '@agentspan/conformance/runner';
import type { VectorStoreIndex } from 'llamaindex';
import { instrumentLlamaIndex } from '@agentspan/llamaindex';
import { ScriptedLLM } from './scripted-llm.js';
import { buildKnowledgeBase, runSupportTurn } from './support-app.js';

export function createLlamaIndexAdapter(): ConformanceAdapter {
  let index: VectorStoreIndex | undefined;
  let dispose: (() => void) | undefined;
  return {
    name: '@agentspan/llamaindex (agent() + VectorStoreIndex + Memory)',
    async setup() {
      index = await buildKnowledgeBase(S1);
      // The scripted model stands for an OpenAI model; the instance is the suite's, per scenario.
      dispose = instrumentLlamaIndex({ provider: (llm) => (llm instanceof ScriptedLLM ? S1.provider : undefined) });
    },
    teardown() {
      dispose?.();
    },
    runTurn(turn) {
      if (!index) throw new Error('setup() has not run');
      setAgentspan(turn.agentspan);
      return runSupportTurn(index, turn);
    },
  };
}

export const conformanceAdapter: ConformanceAdapter = createLlamaIndexAdapter();
