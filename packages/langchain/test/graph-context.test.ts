// While a LangGraph graph runs, its span (a workflow: the graph is no agent) is the active context: spans another
// instrumentation makes inside a node (a database query, an HTTP call) nest under it. The
// graph's class is found and wrapped at its first run (this package never imports LangGraph).
import { trace } from '@opentelemetry/api';
import { Annotation, StateGraph } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { AgentspanCallbackHandler } from '../src/index.js';
import { testSdk } from './support/otel.js';

const sdk = testSdk();
const State = Annotation.Root({ answer: Annotation<string> });

describe('a graph run', () => {
  it("makes the graph's span active inside its nodes, from the first run on", async () => {
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    const graph = new StateGraph(State)
      .addNode('lookup', async () =>
        trace.getTracer('db').startActiveSpan('SELECT orders', async (span) => {
          span.end();
          return { answer: 'shipped' };
        }),
      )
      .addEdge('__start__', 'lookup')
      .compile({ name: 'support-agent' });
    for (const run of [1, 2]) {
      sdk.exporter.reset();
      await graph.invoke({ answer: '' }, { callbacks: [handler] });
      const spans = sdk.exporter.getFinishedSpans();
      const agent = spans.find((s) => s.name === 'invoke_workflow support-agent');
      const query = spans.find((s) => s.name === 'SELECT orders');
      expect(query?.parentSpanContext?.spanId, `run ${run}`).toBe(agent?.spanContext().spanId);
    }
  });
});
