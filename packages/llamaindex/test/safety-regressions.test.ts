// Regressions of issue 17 through the LlamaIndex instrumentation: a tool's or a model's own
// promise comes back as the same object (extra methods kept); a misspelt option fails at
// creation.
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { hostileTracing } from '@agentspan/testing-hostile';
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentLLM, instrumentLlamaIndex } from '../src/index.js';
import { wrapTool } from '../src/tool-wrapper.js';

const tracing = hostileTracing();
let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  dispose = undefined;
  tracing.reset();
});

describe("the caller's own value", () => {
  it('a tool called outside a workflow (as legacy agents call it) returns its own promise, with its extra methods', async () => {
    dispose = instrumentLlamaIndex({ agentspan: new Agentspan({ tracerProvider: tracing.provider }) });
    const own = Object.assign(Promise.resolve('42 in stock'), { cancel: () => 'cancelled' });
    const lookup = tool({ name: 'lookup', description: 'looks up', parameters: z.object({}), execute: () => own as never });
    wrapTool(lookup as never);
    const returned = (lookup as unknown as { call(input: unknown): Promise<string> & { cancel(): string } }).call({});
    expect(returned).toBe(own);
    expect(returned.cancel()).toBe('cancelled');
    expect(await returned).toBe('42 in stock');
    expect(await tracing.openAfter(2000)).toEqual([]);
    expect(tracing.spans().map((s) => s.name)).toEqual(['execute_tool lookup']);
  });

  it("a model's whole-response promise comes back as the same object", async () => {
    dispose = instrumentLlamaIndex({ agentspan: new Agentspan({ tracerProvider: tracing.provider }) });
    const response = { message: { role: 'assistant', content: 'hi' }, raw: null };
    const own = Object.assign(Promise.resolve(response), { abort: () => {} });
    const llm = instrumentLLM({ metadata: { model: 'gpt-4o-mini' }, chat: (_params: unknown) => own });
    const returned = llm.chat({ messages: [{ role: 'user', content: 'hi' }] } as never);
    expect(returned).toBe(own);
    expect(await returned).toBe(response);
    expect(await tracing.openAfter(2000)).toEqual([]);
    expect(tracing.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
  });
});

describe('options', () => {
  it('a misspelt option fails at creation, naming the closest valid one', () => {
    expect(() => instrumentLlamaIndex({ verbos: true } as never)).toThrow(AgentspanConfigError);
    expect(() => instrumentLlamaIndex({ dataSourceID: () => 'kb' } as never)).toThrow(/unknown option "dataSourceID"; did you mean "dataSourceId"\?/);
  });
});
