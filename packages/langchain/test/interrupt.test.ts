// LangGraph's human-in-the-loop interrupt travels as an error through nested graphs: it is
// control flow, so the agents it passes through end normally.
import { Annotation, MemorySaver, StateGraph, interrupt } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { AgentspanCallbackHandler } from '../src/index.js';
import { testSdk } from './support/otel.js';

const sdk = testSdk();
const State = Annotation.Root({ answer: Annotation<string> });

describe('interrupts', () => {
  it('a sub-graph interrupted for approval ends its agent and workflow spans without error', async () => {
    const agentspan = sdk.agentspan();
    const approver = new StateGraph(State)
      .addNode('ask', () => ({ answer: String(interrupt('approve?')) }))
      .addEdge('__start__', 'ask')
      .compile({ name: 'approver' });
    const main = new StateGraph(State)
      .addNode('approval', approver)
      .addEdge('__start__', 'approval')
      .compile({ name: 'planner', checkpointer: new MemorySaver() });
    const result = await main.invoke({ answer: '' }, { callbacks: [new AgentspanCallbackHandler({ agentspan, agentNames: ['approver'] })], configurable: { thread_id: 't1' } });
    expect(result).toHaveProperty('__interrupt__');
    const spans = sdk.exporter.getFinishedSpans();
    // planner: an application's graph (no tool loop), a workflow; approver: named an agent.
    expect(spans.map((s) => s.name).sort()).toEqual(['invoke_agent approver', 'invoke_workflow planner']);
    for (const s of spans) expect(s.status.code, s.name).toBe(0);
  });
});
