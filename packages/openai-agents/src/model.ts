// Model calls → chat spans. The SDK's generation/response spans start inside a model's
// own code, carry no error object and exist only for models that make them; so each Model
// the runner uses is wrapped in place (getResponse, getStreamedResponse): the span starts at
// call time under the run's current agent, is active while the provider request runs (its
// HTTP span nests under it), and ends on the answer, on the stream's end, on a rejection
// (the error as thrown), or as cancelled when the stream is dropped or left unread.
import type { ChatOperation, ChatStart, ProviderResponseFacts } from '@agentspan/core';
import { isPromiseLike, providerName, readProviderResponse, reportInternal, toPromptRef } from '@agentspan/core';
import { type Context, context as otelContext, createContextKey } from '@opentelemetry/api';
import { chatResult, handoffCall, responseFacts } from './chat-result.js';
import { toGenAIMessages, toolDefinitions } from './messages.js';
import { parentContext, scopeOf } from './run-context.js';
import type { RunScope } from './run-scope.js';
import { isRecord, type SdkModelRequest, type SdkModelResponse, type SdkSpan, type SdkStreamEvent, text } from './sdk.js';
import { FRAMEWORK, type Tracing, activeTracing } from './tracing.js';

const WRAPPED = Symbol.for('agentspan.openai-agents.model');
/** The chat call running in a context (for the model name the SDK's generation span names). */
const CALL_KEY = createContextKey('agentspan.openai-agents.chat-call');
/** The name a model provider was asked for, by the model it returned. */
const requestedNames = new WeakMap<object, string>();

type Method = (this: unknown, request: SdkModelRequest) => unknown;

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The request model: the name the provider was asked for, else the model's own field. */
function requestModelOf(model: object): string | undefined {
  const fields = model as { _model?: unknown; model?: unknown; modelId?: unknown };
  return requestedNames.get(model) ?? text(fields._model) ?? text(fields.model) ?? text(fields.modelId);
}

/** gen_ai.provider.name: the option's answer, else OpenAI's model classes, else a `provider` field, else the class. */
function providerOf(tracing: Tracing, model: object): string {
  const chosen = tracing.provider?.(model);
  if (chosen) return chosen;
  const className = typeof model.constructor?.name === 'string' ? model.constructor.name : '';
  if (className.startsWith('OpenAI')) return 'openai';
  const label = text((model as { provider?: unknown }).provider);
  return providerName(label ?? className.replace(/Model$/, ''));
}

/** The agent's prompt template (Agent `prompt`: id, version, variables) as the chat's prompt version. */
function promptOf(request: SdkModelRequest): ChatStart['prompt'] {
  const prompt = request.prompt;
  if (!isRecord(prompt) || prompt.promptId === undefined) return undefined;
  return toPromptRef({ name: prompt.promptId, version: prompt.version, variables: prompt.variables });
}

/** One model call and its span. */
class ChatCall {
  readonly context: Context;
  private modelKnown: boolean;

  constructor(
    readonly op: ChatOperation,
    private readonly scope: RunScope | undefined,
    private readonly request: SdkModelRequest,
    private readonly capture: boolean,
    requestModel: string | undefined,
  ) {
    this.context = op.context.setValue(CALL_KEY, this);
    this.modelKnown = requestModel !== undefined;
    scope?.chatStarted(op);
  }

  /** The model's name as the SDK's generation span gives it, when nothing else did. */
  namedBySpan(model: unknown): void {
    if (this.modelKnown || typeof model !== 'string' || model === '') return;
    this.modelKnown = true;
    this.op.setRequestModel(model);
  }

  responded(response: SdkModelResponse | undefined, facts: ProviderResponseFacts): void {
    this.op.end(chatResult(facts, response, this.capture));
    const call = handoffCall(this.request, response?.output);
    if (call) this.scope?.noteHandoffCall(call);
  }
}

/** Fails the chat with the caller's error, whatever its getters do: the caller gets it unchanged. */
function failChat(call: ChatCall, error: unknown): void {
  try {
    call.op.fail(error);
  } catch (fault) {
    reportInternal('openai-agents: chat error', fault);
  }
}

function startCall(tracing: Tracing, model: object, request: SdkModelRequest, stream: boolean): ChatCall {
  const active = otelContext.active();
  const requestModel = requestModelOf(model);
  const settings = request.modelSettings;
  const { agentspan } = tracing;
  const start: ChatStart = {
    parent: parentContext(active),
    provider: providerOf(tracing, model),
    requestModel,
    stream,
    params: isRecord(settings)
      ? {
          temperature: num(settings.temperature),
          topP: num(settings.topP),
          maxTokens: num(settings.maxTokens),
          frequencyPenalty: num(settings.frequencyPenalty),
          presencePenalty: num(settings.presencePenalty),
        }
      : undefined,
    framework: FRAMEWORK,
  };
  const prompt = promptOf(request);
  if (prompt !== undefined) start.prompt = prompt;
  const capture = agentspan.captureContent;
  if (capture) {
    start.inputMessages = () => toGenAIMessages(request.input);
    start.systemInstructions = text(request.systemInstructions);
    start.toolDefinitions = () => toolDefinitions(request);
  }
  return new ChatCall(agentspan.startChat(start), scopeOf(active), request, capture, requestModel);
}

/** Ends the chat with the model's answer; returns the answer as it came. */
function responded(call: ChatCall, response: unknown): unknown {
  try {
    call.responded(response as SdkModelResponse, responseFacts(response as SdkModelResponse));
  } catch (error) {
    reportInternal('openai-agents: chat end', error);
  }
  return response;
}

function tracedResponse(this: object, original: Method, request: SdkModelRequest): unknown {
  const tracing = activeTracing();
  if (!tracing) return original.call(this, request);
  let call: ChatCall;
  try {
    call = startCall(tracing, this, request, false);
  } catch (error) {
    reportInternal('openai-agents: chat start', error);
    return original.call(this, request);
  }
  let pending: unknown;
  try {
    pending = otelContext.with(call.context, original, this, request);
  } catch (error) {
    failChat(call, error);
    throw error;
  }
  if (!isPromiseLike(pending)) return responded(call, pending);
  return pending.then(
    (response) => responded(call, response),
    (error: unknown) => {
      failChat(call, error);
      throw error;
    },
  );
}

/** A stream whose steps run in the chat's context: the provider request it makes nests under the chat. */
class InContext<T> implements AsyncIterable<T>, AsyncIterator<T> {
  private it: AsyncIterator<T> | undefined;
  constructor(
    private readonly context: Context,
    private readonly source: AsyncIterable<T>,
  ) {}
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this;
  }
  private iterator(): AsyncIterator<T> {
    this.it ??= otelContext.with(this.context, () => this.source[Symbol.asyncIterator]());
    return this.it;
  }
  next(): Promise<IteratorResult<T>> {
    const it = this.iterator();
    return otelContext.with(this.context, () => it.next());
  }
  return(value?: unknown): Promise<IteratorResult<T>> {
    const it = this.iterator();
    if (!it.return) return Promise.resolve({ done: true, value: value as T });
    return otelContext.with(this.context, () => (it.return as (v?: unknown) => Promise<IteratorResult<T>>)(value));
  }
  throw(error?: unknown): Promise<IteratorResult<T>> {
    const it = this.iterator();
    if (!it.throw) return Promise.reject(error);
    return otelContext.with(this.context, () => (it.throw as (e?: unknown) => Promise<IteratorResult<T>>)(error));
  }
}

function tracedStream(this: object, original: Method, request: SdkModelRequest): unknown {
  const tracing = activeTracing();
  if (!tracing) return original.call(this, request);
  let call: ChatCall;
  let source: AsyncIterable<SdkStreamEvent>;
  try {
    call = startCall(tracing, this, request, true);
  } catch (error) {
    reportInternal('openai-agents: chat start', error);
    return original.call(this, request);
  }
  try {
    source = otelContext.with(call.context, original, this, request) as AsyncIterable<SdkStreamEvent>;
  } catch (error) {
    failChat(call, error);
    throw error;
  }
  if (!isRecord(source) || typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
    call.op.end();
    return source;
  }
  const facts: ProviderResponseFacts = {};
  let final: SdkModelResponse | undefined;
  return tracing.agentspan.traceStream(new InContext(call.context, source), {
    owners: [call.op],
    onChunk: (event) => {
      const type = event?.type;
      if (type === 'model') {
        call.op.recordChunk();
        readProviderResponse(event.event, facts);
      } else if (type === 'output_text_delta') {
        call.op.recordChunk();
      } else if (type === 'response_done') {
        final = event.response;
        readProviderResponse(final?.providerData, facts);
      }
    },
    onComplete: () => call.responded(final, facts),
  });
}

function wrap(target: Record<PropertyKey, unknown>, key: string, traced: (this: object, original: Method, request: SdkModelRequest) => unknown): void {
  const original = target[key];
  if (typeof original !== 'function') return;
  Object.defineProperty(target, key, {
    value: function tracedModelCall(this: object, request: SdkModelRequest) {
      return traced.call(this, original as Method, request);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/**
 * Wraps a Model instance's getResponse and getStreamedResponse once (in place: the runner
 * uses the instance it resolved). Returns the same instance; anything else is left untouched.
 */
export function instrumentModel<T>(model: T, requestedName?: string): T {
  if (!isRecord(model)) return model;
  try {
    if (requestedName) requestedNames.set(model, requestedName);
    const target = model as Record<PropertyKey, unknown>;
    if (target[WRAPPED] || typeof target.getResponse !== 'function') return model;
    wrap(target, 'getResponse', tracedResponse);
    wrap(target, 'getStreamedResponse', tracedStream);
    Object.defineProperty(target, WRAPPED, { value: true });
  } catch (error) {
    reportInternal('openai-agents: wrap model', error);
  }
  return model;
}

/** Wraps a ModelProvider's getModel once: every model it hands out is wrapped, with the name asked for. */
export function instrumentModelProvider(provider: unknown): void {
  if (!isRecord(provider)) return;
  const target = provider as Record<PropertyKey, unknown>;
  const original = target.getModel;
  if (target[WRAPPED] || typeof original !== 'function') return;
  try {
    Object.defineProperty(target, 'getModel', {
      value: function tracedGetModel(this: unknown, name?: string) {
        const model: unknown = (original as (name?: string) => unknown).call(this, name);
        if (!activeTracing()) return model;
        return isPromiseLike(model) ? model.then((m) => instrumentModel(m, name)) : instrumentModel(model, name);
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
    Object.defineProperty(target, WRAPPED, { value: true });
  } catch (error) {
    reportInternal('openai-agents: wrap model provider', error);
  }
}

/** The SDK's generation span of a call names the model (used when nothing else did). */
export function generationSpanSeen(span: SdkSpan): void {
  if (span.spanData?.type !== 'generation') return;
  const call = otelContext.active().getValue(CALL_KEY);
  if (call instanceof ChatCall) call.namedBySpan(span.spanData.model);
}
