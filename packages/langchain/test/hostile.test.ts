// The LangChain handler under hostile input (issue 17), property-based with a fixed seed.
// Real @langchain/core runnables, tools and a BaseChatModel subclass, and a real createAgent
// agent, whose bodies throw hostile errors, return hostile values or odd promises, and
// whose model reports hostile usage: each turn runs twice, without and with the handler,
// and the caller must see the same thing (its own objects); no span stays open and no run
// stays recorded. Then the handler's callbacks, called directly in any order.
import {
  type BodySpec,
  type ErrorSpec,
  type HostileLimits,
  type ScriptEvent,
  type ValueSpec,
  bodySpec,
  buildBody,
  buildError,
  buildUsage,
  buildValue,
  checkProperty,
  errorSpec,
  eventScript,
  fc,
  fuzzParams,
  hostileTracing,
  roleOf,
  runsSummary,
  usageSpec,
  valueSpec,
} from '@agentspan/testing-hostile';
import { Agentspan } from '@agentspan/core';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ScriptStep, ScriptedChatModel } from '../../../examples/langchain/src/scripted-chat-model.js';
import { AgentspanCallbackHandler } from '../src/index.js';
import { registryFor } from '../src/run-registry.js';

const LIMITS: HostileLimits = { hugeString: 8192, message: 2048, hugeArray: 5_000, depth: 300 };
const FUZZ_TIMEOUT = 120_000;
const tracing = hostileTracing();
afterAll(() => console.log(runsSummary('langchain')));

const body = bodySpec(LIMITS);
type Reply = { kind: 'answer'; usage: ReturnType<typeof usageSpec> extends fc.Arbitrary<infer U> ? U : never } | { kind: 'tool-call' } | { kind: 'error'; error: ErrorSpec };
// ScriptedChatModel throws the steps that are Errors: error kinds built on an Error.
const modelError = errorSpec(LIMITS).filter((e) => ['plain', 'cycle', 'deep-cause', 'frozen', 'bigint-fields', 'cancellation', 'inherited-names'].includes(e.kind) || (e.kind === 'throwing-getters' && e.base === 'error'));
const reply: fc.Arbitrary<Reply> = fc.oneof(
  usageSpec(LIMITS).map((usage) => ({ kind: 'answer', usage }) as const),
  fc.constant({ kind: 'tool-call' } as const),
  modelError.map((error) => ({ kind: 'error', error }) as const),
);

function buildScript(replies: readonly Reply[], roles: Map<unknown, string>): ScriptStep[] {
  return replies.map((r, i): ScriptStep => {
    if (r.kind === 'error') {
      const error = buildError(r.error) as Error;
      roles.set(error, `model error ${i}`);
      return error;
    }
    if (r.kind === 'tool-call') {
      return { text: '', toolCalls: [{ id: `call-${i}`, name: 'lookup', args: {} }], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, finishReason: 'tool_calls' };
    }
    return { text: 'answer', usage: buildUsage(r.usage) as never, finishReason: 'stop' };
  });
}

type Shape = 'lambda' | 'tool' | 'model' | 'agent';

/** Runs one turn of `shape` and tells what the caller got, by role. */
async function callerView(shape: Shape, b: BodySpec, replies: readonly Reply[], stream: boolean, handler: AgentspanCallbackHandler | undefined): Promise<string> {
  const roles = new Map<unknown, string>();
  const fn = buildBody(b, roles);
  const config = handler ? { callbacks: [handler] } : {};
  const script = buildScript(replies, roles);
  const model = () => new ScriptedChatModel({ script, provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18' });
  const lookup = tool(fn as never, { name: 'lookup', description: 'looks up', schema: z.object({}) });
  try {
    let result: unknown;
    if (shape === 'lambda') result = await RunnableLambda.from(fn as never).invoke('input', config);
    else if (shape === 'tool') result = await lookup.invoke({}, config);
    else if (shape === 'model') {
      const m = model();
      if (stream) {
        let text = '';
        for await (const chunk of await m.stream([new HumanMessage('hi')], config)) text += String(chunk.content);
        result = text;
      } else result = (await m.invoke([new HumanMessage('hi')], config)).content;
    } else {
      const agent = createAgent({ model: model(), tools: [lookup], name: 'support-agent' });
      const state = await agent.invoke({ messages: [new HumanMessage('hi')] }, { ...config, recursionLimit: 8 });
      const last = state.messages[state.messages.length - 1];
      result = last instanceof AIMessage ? `ai: ${String(last.content)}` : roleOf(last, roles);
    }
    return `returned ${typeof result === 'string' ? JSON.stringify(result.slice(0, 40)) : roleOf(result, roles)}`;
  } catch (error) {
    return `threw ${roleOf(error, roles)}`;
  }
}

describe('real runnables, tools, a chat model and createAgent with hostile bodies', () => {
  const scenario = fc.record({
    shape: fc.constantFrom('lambda', 'tool', 'model', 'agent') as fc.Arbitrary<Shape>,
    body,
    replies: fc.array(reply, { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    capture: fc.boolean(),
    verbose: fc.boolean(),
  });

  it('the caller gets what it gets without tracing (its own objects); every span ends; no run stays recorded', async () => {
    await checkProperty(
      fc.asyncProperty(scenario, async ({ shape, body: b, replies, stream, capture, verbose }) => {
        tracing.reset();
        const baseline = await callerView(shape, b, replies, stream, undefined);
        const agentspan = new Agentspan({ tracerProvider: tracing.provider, captureContent: capture });
        const handler = new AgentspanCallbackHandler({ agentspan, verbose });
        const traced = await callerView(shape, b, replies, stream, handler);
        expect(traced).toBe(baseline);
        expect(await tracing.openAfter(2000)).toEqual([]);
        expect(registryFor(agentspan).size).toBe(0);
      }),
      fuzzParams('runnables, tools, model, createAgent', 120),
    );
  }, FUZZ_TIMEOUT);
});

// ---- callbacks, called directly in any order ----

const KINDS = ['chain', 'chat', 'llm', 'tool', 'retriever'] as const;

async function play(h: AgentspanCallbackHandler, script: readonly ScriptEvent[], payloads: readonly ValueSpec[], errors: readonly ErrorSpec[]): Promise<void> {
  let i = 0;
  for (const e of script) {
    const payload = buildValue(payloads[i % payloads.length] as ValueSpec) as never;
    const error = buildError(errors[i % errors.length] as ErrorSpec);
    i++;
    const run = e.run < 0 ? 'never-started' : `run-${e.run}`;
    const parent = e.parent < 0 ? undefined : `run-${e.parent}`;
    const kind = KINDS[e.kind % KINDS.length];
    // Every callback returns normally: the handler never throws into LangChain.
    switch (`${kind}:${e.action}`) {
      case 'chain:start':
        await h.handleChainStart(payload, payload, run, parent, undefined, e.parent % 2 ? { conversation_id: payload } : payload, payload, e.parent % 3 ? 'agent' : payload);
        break;
      case 'chain:end':
        await h.handleChainEnd(payload, run);
        break;
      case 'chat:start':
        await h.handleChatModelStart(payload, e.parent % 2 ? [[new HumanMessage('hi')]] : payload, run, parent, payload, undefined, payload);
        break;
      case 'llm:start':
        await h.handleLLMStart(payload, payload, run, parent, payload, undefined, payload);
        break;
      case 'chat:chunk':
      case 'llm:chunk':
        await h.handleLLMNewToken(payload, payload, run);
        break;
      case 'chat:end':
      case 'llm:end':
        await h.handleLLMEnd(e.parent % 2 ? ({ generations: [[{ text: 'ok', message: new AIMessage({ content: 'ok', usage_metadata: payload }) }]], llmOutput: payload } as never) : payload, run);
        break;
      case 'tool:start':
        await h.handleToolStart(payload, payload, run, parent, undefined, payload, payload, payload);
        break;
      case 'tool:end':
        await h.handleToolEnd(payload, run);
        break;
      case 'retriever:start':
        await h.handleRetrieverStart(payload, payload, run, parent, undefined, payload, payload);
        break;
      case 'retriever:end':
        await h.handleRetrieverEnd(payload, run);
        break;
      case 'chain:error':
      case 'chain:chunk':
        await h.handleChainError(error, run);
        break;
      case 'chat:error':
      case 'llm:error':
        await h.handleLLMError(error, run);
        break;
      case 'tool:error':
      case 'tool:chunk':
        await h.handleToolError(error, run);
        break;
      default:
        await h.handleRetrieverError(error, run);
    }
  }
}

describe('the handler callbacks in any order, with hostile payloads', () => {
  it('no callback throws; the run map stays bounded; every open span is recorded and ends at expiry', async () => {
    await checkProperty(
      fc.asyncProperty(
        eventScript({ runs: 4, kinds: KINDS.length, maxLength: 30 }),
        fc.array(valueSpec(LIMITS), { minLength: 1, maxLength: 5 }),
        fc.array(errorSpec(LIMITS), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        async (script, payloads, errors, verbose, capture) => {
          tracing.reset();
          const agentspan = new Agentspan({ tracerProvider: tracing.provider, captureContent: capture, runRegistry: { maxSize: 3 } });
          const handler = new AgentspanCallbackHandler({ agentspan, verbose, agentNames: ['agent'] });
          await play(handler, script, payloads, errors);
          const registry = registryFor(agentspan);
          expect(registry.size).toBeLessThanOrEqual(3);
          // What LangChain never ended ends at expiry (clear() expires every recorded run now).
          registry.clear();
          expect(tracing.counter.openSpans()).toEqual([]);
        },
      ),
      fuzzParams('handler callbacks, any order', 200),
    );
  }, FUZZ_TIMEOUT);
});
