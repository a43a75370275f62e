// A workflow of @llamaindex/workflow-core run on its own, marked with traceWorkflow: each run
// one invoke_workflow span (the turn's root when nothing is active), every handler inside it.
import { AgentspanConfigError } from '@agentspan/core';
import { createWorkflow, workflowEvent } from '@llamaindex/workflow';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentLlamaIndex, traceWorkflow } from '@agentspan/llamaindex';
import { ScriptedLLM } from '../src/scripted-llm.js';
import { type TestTracing, setupTracing } from './support/otel.js';

const usage = { inputTokens: 1, outputTokens: 1 };
let t: TestTracing;
let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  dispose = undefined;
});

function twoStepWorkflow(failWith?: Error) {
  const llm = new ScriptedLLM({ model: 'gpt-4o-mini', responseModel: 'gpt-4o-mini', steps: [{ kind: 'answer', chunks: ['hi'], usage, finishReason: 'stop' }] });
  const start = workflowEvent<string>();
  const middle = workflowEvent<string>();
  const stop = workflowEvent<string>();
  const workflow = traceWorkflow(createWorkflow(), { name: 'greeter', stop, llms: [llm] });
  workflow.handle([start], async (_c, e) => middle.with(e.data));
  workflow.handle([middle], async () => {
    if (failWith) throw failWith;
    const reply = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    return stop.with(String(reply.message.content));
  });
  return { workflow, start, stop };
}

describe('traceWorkflow', () => {
  it('a run: invoke_workflow {name} over the steps\' spans, ended by the stop event', async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider: () => 'openai' });
    const { workflow, start, stop } = twoStepWorkflow();
    const { stream, sendEvent } = workflow.createContext();
    sendEvent(start.with('x'));
    await stream.until(stop).toArray();
    expect(t.trees()).toEqual(['invoke_workflow greeter\n  chat gpt-4o-mini']);
    expect(t.byName('invoke_workflow greeter')[0]?.attributes['agentspan.llm.calls']).toBe(1);
  });

  it('a handler that throws fails the run\'s span with its error', async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    const error = new TypeError('step broke');
    const { workflow, start } = twoStepWorkflow(error);
    const { sendEvent } = workflow.createContext();
    sendEvent(start.with('x'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const span = t.byName('invoke_workflow greeter')[0];
    expect(span?.status.code).toBe(2);
    expect(span?.attributes['error.type']).toBe('TypeError');
  });

  it('with the instrumentation off, runs pass straight through; bad options fail at once', async () => {
    t = setupTracing();
    const { workflow, start, stop } = twoStepWorkflow();
    const { stream, sendEvent } = workflow.createContext();
    sendEvent(start.with('x'));
    expect((await stream.until(stop).toArray()).at(-1)?.data).toBe('hi');
    expect(t.trees()).toEqual([]);
    expect(() => traceWorkflow(createWorkflow(), { name: '', stop: workflowEvent() })).toThrow(AgentspanConfigError);
    expect(() => traceWorkflow({} as never, { name: 'x', stop: workflowEvent() })).toThrow(AgentspanConfigError);
  });
});
