// Inference calls (chat / text_completion / generate_content): model identity at start,
// usage, cost, finish reasons at end; time to first chunk and an idle watchdog when streamed.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { now } from '../clock.js';
import { StreamAbandonedError } from '../errors.js';
import { resolveFinishReasons } from '../finish-reasons.js';
import { setRootTimeout } from '../root-timers.js';
import { BaseOperation, type Outcome, abandon } from '../operation.js';
import { addPromptAttributes, promptIdentity, toPromptRef } from '../evaluation/prompt.js';
import type { PromptIdentity, PromptRef } from '../evaluation/types.js';
import { costOf } from '../prices/price-table.js';
import type { Runtime } from '../runtime.js';
import { normalizeUsage } from '../usage.js';
import type { ChatOperation, ChatResult, ChatStart, Lazy, MessagePart, RequestParams, Usage } from '../types.js';

/**
 * Request parameters as attributes (a choice count of 1 is the default and is left out).
 * Named reads, not a loop over key names: a keyed read per name is a megamorphic lookup.
 */
function addParams(attributes: Attributes, p: RequestParams): void {
  if (p.maxTokens != null) attributes[S.ATTR_GEN_AI_REQUEST_MAX_TOKENS] = p.maxTokens;
  if (p.temperature != null) attributes[S.ATTR_GEN_AI_REQUEST_TEMPERATURE] = p.temperature;
  if (p.topP != null) attributes[S.ATTR_GEN_AI_REQUEST_TOP_P] = p.topP;
  if (p.topK != null) attributes[S.ATTR_GEN_AI_REQUEST_TOP_K] = p.topK;
  if (p.stopSequences != null) attributes[S.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = p.stopSequences;
  if (p.frequencyPenalty != null) attributes[S.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY] = p.frequencyPenalty;
  if (p.presencePenalty != null) attributes[S.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY] = p.presencePenalty;
  if (p.seed != null) attributes[S.ATTR_GEN_AI_REQUEST_SEED] = p.seed;
  if (p.choiceCount != null && p.choiceCount !== 1) attributes[S.ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = p.choiceCount;
}

// No system instruction (an empty string or list) is no attribute, not `[]`.
function asParts(value: Lazy<string | MessagePart[]>): MessagePart[] | undefined {
  const resolved = typeof value === 'function' ? value() : value;
  if (typeof resolved === 'string') return resolved === '' ? undefined : [{ type: 'text', content: resolved }];
  return Array.isArray(resolved) && resolved.length === 0 ? undefined : resolved;
}

/** Captured request content (only called while capture is on: no calls per chat otherwise). */
function addContent(rt: Runtime, attributes: Attributes, o: ChatStart): void {
  rt.content.json(attributes, S.ATTR_GEN_AI_INPUT_MESSAGES, o.inputMessages);
  const system = o.systemInstructions;
  // The schema is an array of parts: a plain string becomes one text part.
  rt.content.json(attributes, S.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system === undefined ? undefined : () => asParts(system));
  rt.content.json(attributes, S.ATTR_GEN_AI_TOOL_DEFINITIONS, o.toolDefinitions);
}

export class ChatOp extends BaseOperation<ChatResult> implements ChatOperation {
  readonly kind = 'chat';
  private readonly operation: string;
  private readonly provider: string;
  private requestModel: string | undefined;
  private responseModel: string | undefined;
  private usage: Usage | undefined;
  private cost: number | undefined;
  private ttftS: number | undefined;
  private lastChunkMs = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when a traceStream watches this call: its watchdog then stands for ours. */
  private watchedByStream = false;
  /** The prompt template the call used (gen_ai.prompt.*; metric attributes). */
  private prompt: PromptIdentity | undefined = undefined;

  constructor(rt: Runtime, o: ChatStart) {
    const operation = o.operation ?? S.GEN_AI_OPERATIONS.chat;
    const attributes: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: operation,
      [S.ATTR_GEN_AI_PROVIDER_NAME]: o.provider,
    };
    if (o.requestModel) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.stream) attributes[S.ATTR_GEN_AI_REQUEST_STREAM] = true;
    if (o.params) addParams(attributes, o.params);
    if (o.serverAddress) attributes[S.ATTR_SERVER_ADDRESS] = o.serverAddress;
    if (o.serverPort) attributes[S.ATTR_SERVER_PORT] = o.serverPort;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    if (rt.config.legacyMetrics) attributes[S.ATTR_GEN_AI_SYSTEM] = o.provider;
    if (rt.content.enabled) addContent(rt, attributes, o);
    super(rt, S.inferenceSpanName(operation, o.requestModel), SpanKind.CLIENT, o, attributes);
    this.operation = operation;
    this.provider = o.provider;
    this.requestModel = o.requestModel;
    const prompt = o.prompt ?? this.parentState.prompt ?? rt.evaluations.prompts.find(this.parentNode);
    if (prompt) this.usePrompt(prompt);
  }

  private usePrompt(given: PromptRef): void {
    const prompt = toPromptRef(given);
    if (!prompt) return;
    const attributes: Attributes = {};
    addPromptAttributes(attributes, prompt, this.rt.content);
    this.span.setAttributes(attributes);
    this.prompt = promptIdentity(prompt);
    this.rt.evaluations.turns.notePrompt(this.parentNode, this.prompt);
  }

  setRequestModel(model: string): void {
    if (this.ended || typeof model !== 'string' || model === '') return;
    this.requestModel = model;
    this.span.setAttribute(S.ATTR_GEN_AI_REQUEST_MODEL, model);
    this.span.updateName(S.inferenceSpanName(this.operation, model));
  }

  /** Called by traceStream for the chats it owns: one idle watchdog per stream, not two. */
  watchedElsewhere(): void {
    this.watchedByStream = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  recordChunk(): void {
    if (this.ended) return;
    const t = now();
    this.lastChunkMs = t;
    if (this.ttftS === undefined) {
      this.ttftS = (t - this.startMs) / 1000;
      this.span.setAttribute(S.ATTR_GEN_AI_REQUEST_STREAM, true);
      this.span.setAttribute(S.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, this.ttftS);
      if (!this.watchedByStream) this.armIdle(this.rt.config.streamIdleTimeoutMs);
    }
  }

  // One timer per stream, re-armed for the remainder instead of reset on every chunk.
  private armIdle(delayMs: number): void {
    this.idleTimer = setRootTimeout(() => this.checkIdle(), delayMs);
  }

  private checkIdle(): void {
    this.idleTimer = undefined;
    if (this.ended) return;
    const idleMs = this.rt.config.streamIdleTimeoutMs;
    const quiet = now() - this.lastChunkMs;
    if (quiet < idleMs) {
      this.armIdle(idleMs - quiet);
      return;
    }
    abandon(this, new StreamAbandonedError(idleMs));
  }

  // Attributes go straight to the span (no object to build and walk again): this runs on
  // every inference call.
  protected onEnd(result: ChatResult | undefined): void {
    const span = this.span;
    if (result?.responseModel) {
      this.responseModel = result.responseModel;
      span.setAttribute(S.ATTR_GEN_AI_RESPONSE_MODEL, result.responseModel);
    }
    if (result?.responseId) span.setAttribute(S.ATTR_GEN_AI_RESPONSE_ID, result.responseId);
    const usage = result?.usage === undefined ? undefined : normalizeUsage(result.usage);
    if (usage) {
      this.usage = usage;
      if (usage.inputTokens !== undefined) span.setAttribute(S.ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
      if (usage.outputTokens !== undefined) span.setAttribute(S.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
      if (usage.cacheReadInputTokens !== undefined)
        span.setAttribute(S.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens);
      if (usage.cacheWriteInputTokens !== undefined) {
        span.setAttribute(S.ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS, usage.cacheWriteInputTokens);
        // The name it replaced, for dashboards built on it (legacy / stability dup).
        if (this.rt.config.legacyMetrics)
          span.setAttribute(S.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheWriteInputTokens);
      }
      if (usage.reasoningOutputTokens !== undefined)
        span.setAttribute(S.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutputTokens);
      const cost = costOf(usage, this.rt.prices.lookup(this.responseModel ?? this.requestModel));
      if (cost !== undefined) {
        this.cost = cost;
        span.setAttribute(S.ATTR_AGENTSPAN_COST_USD, cost);
      }
    }
    span.setAttribute(S.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, resolveFinishReasons(result?.finishReasons, result?.toolCallCount));
    if (result?.outputMessages !== undefined && this.rt.content.enabled) {
      const attributes: Attributes = {};
      this.rt.content.json(attributes, S.ATTR_GEN_AI_OUTPUT_MESSAGES, result.outputMessages);
      span.setAttributes(attributes);
    }
  }

  protected onFinish(durationS: number, outcome: Outcome): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const usage = this.usage;
    this.rollup?.addCall('llm', usage?.inputTokens, usage?.outputTokens, this.cost);
    if (!this.rt.metrics.enabled) return;
    this.rt.metrics.inference(
      {
        operation: this.operation,
        provider: this.provider,
        requestModel: this.requestModel,
        responseModel: this.responseModel,
        agentName: this.parentState.agentName,
        errorType: outcome.errorType,
        errorCategory: outcome.category,
        prompt: this.prompt,
      },
      durationS,
      usage,
      this.ttftS,
      this.cost,
    );
  }
}
