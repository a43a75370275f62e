// The handler's edge cases: unknown parents, expiry, errors inside the handler, bad
// configuration. (The ones that need a whole agent run the support agent of
// examples/langchain, in its handler.test.ts.)
import { AgentspanConfigError } from '@agentspan/core';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AgentspanCallbackHandler } from '../src/index.js';
import { outline, spanTrees, testSdk } from './support/otel.js';

const sdk = testSdk();
const LLM = { lc: 1, type: 'not_implemented' as const, id: ['langchain', 'chat_models', 'openai', 'ChatOpenAI'] };
const EXTRA = { invocation_params: { model: 'gpt-4o-mini' } };
const outlines = () => spanTrees(sdk.exporter.getFinishedSpans()).map((t) => outline(t));

function captureDiag(): { errors: unknown[][] } {
  const errors: unknown[][] = [];
  const logger: DiagLogger = {
    error: (...args: unknown[]) => errors.push(args),
    warn: () => {},
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, DiagLogLevel.ERROR);
  return { errors };
}

afterEach(() => {
  diag.disable();
  sdk.exporter.reset();
});

describe('parenting', () => {
  it('a run whose parent we never saw parents to the context active at the call', async () => {
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    await agentspan.agent({ name: 'outer' }, async () => {
      await handler.handleChatModelStart(LLM, [[new HumanMessage('hi')]], 'run-1', 'never-seen', EXTRA);
      await handler.handleLLMEnd({ generations: [[{ text: 'ok', message: new AIMessage('ok') }]] } as never, 'run-1');
    });
    expect(outlines()).toEqual([['invoke_agent outer', '  chat gpt-4o-mini']]);
  });
});

describe('robustness', () => {
  it('errors inside the handler never reach LangChain: they are reported to diag', async () => {
    const { errors } = captureDiag();
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    // a core whose startChat throws stands in for any bug of ours
    Object.defineProperty(agentspan, 'startChat', { value: () => { throw new Error('boom'); } });
    expect(() => handler.handleChatModelStart(LLM, [[new HumanMessage('hi')]], 'run-x', undefined, EXTRA)).not.toThrow();
    // malformed payloads
    expect(() => handler.handleLLMEnd(null as never, 'run-x')).not.toThrow();
    expect(() => handler.handleToolStart(null as never, null as never, 'run-y')).not.toThrow();
    expect(() => handler.handleToolEnd(undefined, 'run-y')).not.toThrow();
    expect(() => handler.handleRetrieverEnd(null as never, 'run-z')).not.toThrow();
    expect(errors.map((e) => String(e[0]))).toContain('agentspan: handleChatModelStart');
  });

  it('a user exception reaches the caller unchanged', async () => {
    const agentspan = sdk.agentspan();
    const failure = new TypeError('user bug');
    const broken = tool(async () => { throw failure; }, { name: 'broken', description: 'x', schema: z.object({}) });
    await expect(broken.invoke({}, { callbacks: [new AgentspanCallbackHandler({ agentspan })] })).rejects.toBe(failure);
    const [span] = sdk.exporter.getFinishedSpans();
    expect(span?.attributes['error.type']).toBe('TypeError');
  });

  it('a run that never ends is closed on expiry', async () => {
    const agentspan = sdk.agentspan({ runRegistry: { ttlMs: 20 } });
    const handler = new AgentspanCallbackHandler({ agentspan });
    await handler.handleChatModelStart(LLM, [[new HumanMessage('hi')]], 'run-never-ends', undefined, EXTRA);
    // The sweeper ticks every few ms; on a loaded machine ticks come late: wait for the expiry.
    await vi.waitFor(() => expect(sdk.exporter.getFinishedSpans()).toHaveLength(1), { timeout: 5_000, interval: 20 });
    const [span] = sdk.exporter.getFinishedSpans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.attributes['error.type']).toBe('RunExpiredError');
    // the late end finds nothing: no second span, no throw
    await handler.handleLLMEnd({ generations: [] }, 'run-never-ends');
    expect(sdk.exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('bad configuration fails at construction', () => {
    expect(() => new AgentspanCallbackHandler({ verbose: 'yes' as never })).toThrow(AgentspanConfigError);
    expect(() => new AgentspanCallbackHandler({ agentNames: [''] })).toThrow(AgentspanConfigError);
    expect(() => new AgentspanCallbackHandler({ agentspan: {} as never })).toThrow(AgentspanConfigError);
  });

  it("LangChain's copy() keeps the options", () => {
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan, verbose: true });
    const copy = handler.copy() as AgentspanCallbackHandler;
    expect(copy.options).toBe(handler.options);
    expect(copy.awaitHandlers).toBe(true);
  });
});

