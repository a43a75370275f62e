// LLM calls → chat spans. LlamaIndex's llm-* events carry neither the LLM nor an error,
// and run after the call has started, so the chat method of each LLM instance is wrapped:
// the span starts at call time (context captured then), is active while the provider
// request runs (its HTTP span nests under it), and ends on the response, on the
// stream's end, on a rejection, or as cancelled when the stream is dropped.
import type { ChatOperation, ChatResult, ChatStart, GenAIMessage, MessagePart } from '@agentspan/core';
import {
  isAsyncIterable,
  isNativePromise,
  isPromiseLike,
  observeSettlement,
  type ProviderResponseFacts,
  readProviderResponse,
  reportInternal,
} from '@agentspan/core';
import type { ChatResponse, ChatResponseChunk, LLM, LLMChatParamsBase } from '@llamaindex/core/llms';
import { context as otelContext } from '@opentelemetry/api';
import { type Tracing, FRAMEWORK, activeTracing } from './active.js';
import { systemInstructions, toGenAIMessage, toGenAIMessages, toolDefinitions } from './messages.js';
import { type OpenEntry, trackOpen } from './expiry.js';
import { promptOfMessages } from './prompt-templates.js';
import { resolveProvider } from './provider.js';

const WRAPPED = Symbol.for('agentspan.llamaindex.chat');

type ChatParams = LLMChatParamsBase & { stream?: boolean };
type ChatFn = (this: LLM, params: ChatParams) => unknown;
type ToolCalls = Map<string, { name: string; input: unknown }>;
interface ChatTarget {
  chat?: unknown;
  [WRAPPED]?: true;
}

/**
 * Wraps an LLM instance's `chat` (and so `complete` and `exec`, which call it) once.
 * Returns the same instance. Safe on any value: non-LLMs are returned untouched.
 */
export function instrumentLLM<T>(llm: T): T {
  if (typeof llm !== 'object' || llm === null) return llm;
  try {
    wrapChat(llm as unknown as ChatTarget);
  } catch (error) {
    reportInternal('instrument llm', error);
  }
  return llm;
}

/** No closure on the way: Settings.llm hands the same instance out on every framework call. */
function wrapChat(target: ChatTarget): void {
  if (target[WRAPPED] || typeof target.chat !== 'function') return;
  const original = target.chat as ChatFn;
  Object.defineProperty(target, 'chat', {
    value: function tracedChat(this: LLM, params: ChatParams) {
      const tracing = activeTracing();
      return tracing ? chatWithSpan(tracing, this, original, params) : original.call(this, params);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.defineProperty(target, WRAPPED, { value: true });
}

function startChat(tracing: Tracing, llm: LLM, params: ChatParams): ChatOperation {
  let metadata: LLM['metadata'] | undefined;
  try {
    metadata = llm.metadata;
  } catch (error) {
    reportInternal('llm metadata', error);
  }
  const { agentspan } = tracing;
  const start: ChatStart = {
    provider: resolveProvider(llm, tracing.provider),
    requestModel: typeof metadata?.model === 'string' ? metadata.model : undefined,
    stream: params.stream === true,
    params: {
      temperature: metadata?.temperature,
      topP: metadata?.topP,
      maxTokens: metadata?.maxTokens,
    },
    framework: FRAMEWORK,
    prompt: promptOfMessages(params.messages),
  };
  // Content values only when captured (no spread of an empty object per call).
  if (agentspan.captureContent) addContent(start, params);
  return agentspan.startChat(start);
}

/** Captured request content; attributes only for what the request has. */
function addContent(start: ChatStart, params: LLMChatParamsBase): void {
  const system = systemInstructions(params.messages);
  start.inputMessages = () => toGenAIMessages(params.messages);
  start.systemInstructions = system.length > 0 ? system : undefined;
  start.toolDefinitions = params.tools && params.tools.length > 0 ? () => toolDefinitions(params.tools) : undefined;
}

function chatWithSpan(tracing: Tracing, llm: LLM, original: ChatFn, params: ChatParams): unknown {
  let op: ChatOperation;
  try {
    op = startChat(tracing, llm, params);
  } catch (error) {
    reportInternal('chat start', error);
    return original.call(llm, params);
  }
  // Cancellations reach the op through the core (an ancestor's cancel, the stream's owner):
  // their registry entries leave at the age limit, as no-ops.
  const open = trackOpen(tracing.agentspan, op);
  let pending: unknown;
  try {
    pending = otelContext.with(op.context, original, llm, params);
  } catch (error) {
    open?.close();
    op.fail(error);
    throw error;
  }
  if (!isPromiseLike(pending)) return finish(tracing, op, open, pending);
  // A whole response: the caller gets the model's own promise back, watched. A stream is
  // handed on wrapped (its chunks are what we record), so that promise is ours.
  if (!streamed(params) && isNativePromise(pending)) {
    const watched = observeSettlement(
      pending,
      (response) => endWith(tracing, op, open, response),
      (error) => {
        open?.close();
        op.fail(error);
      },
    );
    if (watched) return pending;
  }
  return Promise.resolve(pending).then(
    (response) => finish(tracing, op, open, response),
    (error: unknown) => {
      open?.close();
      op.fail(error);
      throw error;
    },
  );
}

function finish(tracing: Tracing, op: ChatOperation, open: OpenEntry | undefined, response: unknown): unknown {
  if (isAsyncIterable(response)) {
    try {
      return traceChatStream(tracing, op, open, response as AsyncIterable<ChatResponseChunk>);
    } catch (error) {
      reportInternal('chat stream', error);
      return response;
    }
  }
  endWith(tracing, op, open, response);
  return response;
}

function endWith(tracing: Tracing, op: ChatOperation, open: OpenEntry | undefined, response: unknown): void {
  open?.close();
  let result: ChatResult | undefined;
  try {
    result = resultOf(response as ChatResponse, tracing.agentspan.captureContent);
  } catch (error) {
    reportInternal('chat end', error);
  }
  op.end(result);
}

function streamed(params: ChatParams): boolean {
  try {
    return params?.stream === true;
  } catch {
    return false;
  }
}

function resultOf(response: ChatResponse, capture: boolean): ChatResult {
  const facts = readProviderResponse(response.raw);
  const message = response.message;
  const toolCalls = collectToolCalls(message?.options, undefined);
  return {
    responseModel: facts.responseModel,
    responseId: facts.responseId,
    usage: facts.usage,
    finishReasons: facts.finishReasons,
    toolCallCount: toolCalls ? toolCalls.size : 0,
    outputMessages: capture ? () => (message ? [toGenAIMessage(message)] : []) : undefined,
  };
}

/** Adds a message's tool calls (by id) to `into`; no map is made for a message without any. */
function collectToolCalls(options: unknown, into: ToolCalls | undefined): ToolCalls | undefined {
  const list = (options as { toolCall?: unknown } | null | undefined)?.toolCall;
  if (!Array.isArray(list)) return into;
  const calls = into ?? new Map<string, { name: string; input: unknown }>();
  const items = list as { id?: unknown; name?: unknown; input?: unknown }[];
  if (items.some((call) => call?.id == null)) {
    // A call without an id is keyed by its place among the message's own calls.
    const own = new Map<string, { name: string; input: unknown }>();
    for (const call of items) if (typeof call?.name === 'string') own.set(String(call.id ?? own.size), { name: call.name, input: call.input });
    for (const [id, call] of own) calls.set(id, call);
    return calls;
  }
  for (const call of items) if (typeof call?.name === 'string') calls.set(String(call.id), { name: call.name, input: call.input });
  return calls;
}

/** The message a stream delivered, for content capture. */
function streamedMessage(text: string, toolCalls: ToolCalls | undefined): GenAIMessage[] {
  const parts: MessagePart[] = text === '' ? [] : [{ type: 'text', content: text }];
  for (const [id, call] of toolCalls ?? []) parts.push({ type: 'tool_call', id, name: call.name, arguments: call.input });
  return [{ role: 'assistant', parts }];
}

/** The streamed answer: TTFT on the first chunk, facts from every chunk's raw, end on completion. */
function traceChatStream(
  tracing: Tracing,
  op: ChatOperation,
  open: OpenEntry | undefined,
  stream: AsyncIterable<ChatResponseChunk>,
): AsyncIterable<ChatResponseChunk> {
  const facts: ProviderResponseFacts = {};
  let toolCalls: ToolCalls | undefined;
  const capture = tracing.agentspan.captureContent;
  let text = '';
  return tracing.agentspan.traceStream(stream, {
    owners: [op],
    onChunk: (chunk) => {
      op.recordChunk();
      readProviderResponse(chunk.raw, facts);
      toolCalls = collectToolCalls(chunk.options, toolCalls);
      if (capture && typeof chunk.delta === 'string') text += chunk.delta;
    },
    onComplete: () => {
      open?.close();
      op.end({
        responseModel: facts.responseModel,
        responseId: facts.responseId,
        usage: facts.usage,
        finishReasons: facts.finishReasons,
        toolCallCount: toolCalls ? toolCalls.size : 0,
        outputMessages: capture ? () => streamedMessage(text, toolCalls) : undefined,
      });
    },
  });
}
