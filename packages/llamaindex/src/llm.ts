// LLM calls → chat spans. LlamaIndex's llm-* events carry neither the LLM nor an error,
// and run after the call has started, so the chat method of each LLM instance is wrapped:
// the span starts at call time (context captured then), is active while the provider
// request runs (its HTTP span nests under it), and ends on the response, on the
// stream's end, on a rejection, or as cancelled when the stream is dropped.
import type { ChatOperation, ChatResult, ChatStart } from '@agentspan/core';
import { isAsyncIterable, isPromiseLike, type ProviderResponseFacts, readProviderResponse, reportInternal, safely } from '@agentspan/core';
import type { ChatResponse, ChatResponseChunk, LLM, LLMChatParamsBase } from '@llamaindex/core/llms';
import { type Tracing, FRAMEWORK, activeTracing } from './active.js';
import { systemInstructions, toGenAIMessage, toGenAIMessages, toolDefinitions } from './messages.js';
import { trackOpen } from './expiry.js';
import { resolveProvider } from './provider.js';

const WRAPPED = Symbol.for('agentspan.llamaindex.chat');

type ChatFn = (this: LLM, params: LLMChatParamsBase & { stream?: boolean }) => unknown;

/**
 * Wraps an LLM instance's `chat` (and so `complete` and `exec`, which call it) once.
 * Returns the same instance. Safe on any value: non-LLMs are returned untouched.
 */
export function instrumentLLM<T>(llm: T): T {
  safely(
    'instrument llm',
    () => {
      if (typeof llm !== 'object' || llm === null) return;
      const target = llm as unknown as { chat?: unknown; [WRAPPED]?: true };
      if (target[WRAPPED] || typeof target.chat !== 'function') return;
      const original = target.chat as ChatFn;
      Object.defineProperty(target, 'chat', {
        value: function tracedChat(this: LLM, params: LLMChatParamsBase & { stream?: boolean }) {
          const tracing = activeTracing();
          return tracing ? chatWithSpan(tracing, this, original, params) : original.call(this, params);
        },
        writable: true,
        configurable: true,
        enumerable: false,
      });
      Object.defineProperty(target, WRAPPED, { value: true });
    },
    undefined,
  );
  return llm;
}

function startChat(tracing: Tracing, llm: LLM, params: LLMChatParamsBase & { stream?: boolean }): ChatOperation {
  const metadata = safely('llm metadata', () => llm.metadata, undefined);
  const { agentspan } = tracing;
  return agentspan.startChat({
    provider: resolveProvider(llm, tracing.provider),
    requestModel: typeof metadata?.model === 'string' ? metadata.model : undefined,
    stream: params.stream === true,
    params: {
      temperature: metadata?.temperature,
      topP: metadata?.topP,
      maxTokens: metadata?.maxTokens,
    },
    framework: FRAMEWORK,
    ...(agentspan.captureContent ? contentOf(params) : {}),
  });
}

/** Captured request content; attributes only for what the request has. */
function contentOf(params: LLMChatParamsBase): Pick<ChatStart, 'inputMessages' | 'systemInstructions' | 'toolDefinitions'> {
  const system = systemInstructions(params.messages);
  return {
    inputMessages: () => toGenAIMessages(params.messages),
    systemInstructions: system.length > 0 ? system : undefined,
    toolDefinitions: params.tools && params.tools.length > 0 ? () => toolDefinitions(params.tools) : undefined,
  };
}

function chatWithSpan(tracing: Tracing, llm: LLM, original: ChatFn, params: LLMChatParamsBase & { stream?: boolean }): unknown {
  const op = safely('chat start', () => startChat(tracing, llm, params), undefined);
  if (!op) return original.call(llm, params);
  // Cancellations reach the op through the core (an ancestor's cancel, the stream's owner):
  // their registry entries leave at the age limit, as no-ops.
  const untrack = trackOpen(tracing.agentspan, op);
  const fail = (error: unknown) => {
    untrack();
    op.fail(error);
  };
  let pending: unknown;
  try {
    pending = op.run(() => original.call(llm, params));
  } catch (error) {
    fail(error);
    throw error;
  }
  if (!isPromiseLike(pending)) return finish(tracing, op, untrack, pending);
  return Promise.resolve(pending).then(
    (response) => finish(tracing, op, untrack, response),
    (error: unknown) => {
      fail(error);
      throw error;
    },
  );
}

function finish(tracing: Tracing, op: ChatOperation, untrack: () => void, response: unknown): unknown {
  if (isAsyncIterable(response)) {
    return safely(
      'chat stream',
      () => traceChatStream(tracing, op, untrack, response as AsyncIterable<ChatResponseChunk>),
      response,
    );
  }
  untrack();
  try {
    op.end(resultOf(response as ChatResponse));
  } catch (error) {
    reportInternal('chat end', error);
  }
  return response;
}

function resultOf(response: ChatResponse): ChatResult {
  const facts = readProviderResponse(response.raw);
  const message = response.message;
  return {
    ...factsResult(facts),
    toolCallCount: toolCallsOf(message?.options).size,
    outputMessages: () => (message ? [toGenAIMessage(message)] : []),
  };
}

function factsResult(facts: ProviderResponseFacts): ChatResult {
  return {
    responseModel: facts.responseModel,
    responseId: facts.responseId,
    usage: facts.usage,
    finishReasons: facts.finishReasons,
  };
}

function toolCallsOf(options: unknown): Map<string, { name: string; input: unknown }> {
  const calls = new Map<string, { name: string; input: unknown }>();
  const list = (options as { toolCall?: unknown } | null | undefined)?.toolCall;
  if (!Array.isArray(list)) return calls;
  for (const call of list as { id?: unknown; name?: unknown; input?: unknown }[]) {
    if (typeof call?.name === 'string') calls.set(String(call.id ?? calls.size), { name: call.name, input: call.input });
  }
  return calls;
}

/** The streamed answer: TTFT on the first chunk, facts from every chunk's raw, end on completion. */
function traceChatStream(
  tracing: Tracing,
  op: ChatOperation,
  untrack: () => void,
  stream: AsyncIterable<ChatResponseChunk>,
): AsyncIterable<ChatResponseChunk> {
  const facts: ProviderResponseFacts = {};
  const toolCalls = new Map<string, { name: string; input: unknown }>();
  const capture = tracing.agentspan.captureContent;
  let text = '';
  return tracing.agentspan.traceStream(stream, {
    owners: [op],
    onChunk: (chunk) => {
      op.recordChunk();
      readProviderResponse(chunk.raw, facts);
      for (const [id, call] of toolCallsOf(chunk.options)) toolCalls.set(id, call);
      if (capture && typeof chunk.delta === 'string') text += chunk.delta;
    },
    onComplete: () => {
      untrack();
      op.end({
        ...factsResult(facts),
        toolCallCount: toolCalls.size,
        outputMessages: () => [
          {
            role: 'assistant',
            parts: [
              ...(text === '' ? [] : [{ type: 'text' as const, content: text }]),
              ...[...toolCalls].map(([id, call]) => ({ type: 'tool_call' as const, id, name: call.name, arguments: call.input })),
            ],
          },
        ],
      });
    },
  });
}
