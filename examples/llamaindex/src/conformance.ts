// The conformance runner for LlamaIndex: tracing enabled once, the knowledge base built
// offline before it, every turn the support app of support-app.ts. `conformanceAdapter` is one
// instance of it.
import { setAgentspan } from '@agentspan/core';
import { type ConformanceAdapter, S1 } from '@agentspan/conformance/runner';
import type { VectorStoreIndex } from 'llamaindex';
import { instrumentLlamaIndex } from '@agentspan/llamaindex';
import { ScriptedLLM } from './scripted-llm.js';
import { buildKnowledgeBase, runSupportTurn } from './support-app.js';
import { runHandoff, runSupervisor, runWorkflowTurn } from './team.js';
import { context } from '@opentelemetry/api';

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
    async runTurn(turn) {
      if (!index) throw new Error('setup() has not run');
      setAgentspan(turn.agentspan);
      if (turn.variant === 'no_app_root') {
        // The turn's ids ride on the context (no span: the workflow's run is the root).
        const ids = turn.agentspan.withTurn({ conversationId: turn.conversationId, userId: turn.userId });
        await context.with(ids, () => runWorkflowTurn(index!, turn));
        return;
      }
      if (turn.variant === 'supervisor' || turn.variant === 'handoff') {
        const ids = turn.agentspan.withTurn({ conversationId: turn.conversationId, userId: turn.userId });
        const run = turn.variant === 'supervisor' ? runSupervisor : runHandoff;
        await context.with(ids, () => run(turn.fixture, turn.userMessage));
        return;
      }
      return runSupportTurn(index, turn);
    },
  };
}

export const conformanceAdapter: ConformanceAdapter = createLlamaIndexAdapter();
