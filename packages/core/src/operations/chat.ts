// Inference calls (chat / text_completion / generate_content): model identity at start,
// usage, cost, finish reasons at end; time to first chunk and an idle watchdog when streamed.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { now } from '../clock.js';
import { StreamAbandonedError } from '../errors.js';
import { resolveFinishReasons } from '../finish-reasons.js';
import { BaseOperation, type Outcome, abandon } from '../operation.js';
import { costOf } from '../prices/price-table.js';
import type { Runtime } from '../runtime.js';
import { normalizeUsage } from '../usage.js';
import type { ChatOperation, ChatResult, ChatStart, Lazy, MessagePart, RequestParams, Usage } from '../types.js';

const PARAM_KEYS: [keyof RequestParams, string][] = [
  ['maxTokens', S.ATTR_GEN_AI_REQUEST_MAX_TOKENS],
  ['temperature', S.ATTR_GEN_AI_REQUEST_TEMPERATURE],
  ['topP', S.ATTR_GEN_AI_REQUEST_TOP_P],
  ['topK', S.ATTR_GEN_AI_REQUEST_TOP_K],
  ['stopSequences', S.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES],
  ['frequencyPenalty', S.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY],
  ['presencePenalty', S.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY],
  ['seed', S.ATTR_GEN_AI_REQUEST_SEED],
  ['choiceCount', S.ATTR_GEN_AI_REQUEST_CHOICE_COUNT],
];

function asParts(value: Lazy<string | MessagePart[]>): MessagePart[] {
  const resolved = typeof value === 'function' ? value() : value;
  return typeof resolved === 'string' ? [{ type: 'text', content: resolved }] : resolved;
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

  constructor(rt: Runtime, o: ChatStart) {
    const operation = o.operation ?? S.GEN_AI_OPERATIONS.chat;
    const attributes: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: operation,
      [S.ATTR_GEN_AI_PROVIDER_NAME]: o.provider,
    };
    if (o.requestModel) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.stream) attributes[S.ATTR_GEN_AI_REQUEST_STREAM] = true;
    if (o.params) {
      for (const [key, attr] of PARAM_KEYS) {
        const v = o.params[key];
        if (v !== undefined && v !== null) attributes[attr] = v;
      }
      if (o.params.choiceCount === 1) delete attributes[S.ATTR_GEN_AI_REQUEST_CHOICE_COUNT];
    }
    if (o.serverAddress) attributes[S.ATTR_SERVER_ADDRESS] = o.serverAddress;
    if (o.serverPort) attributes[S.ATTR_SERVER_PORT] = o.serverPort;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    if (rt.config.legacyMetrics) attributes[S.ATTR_GEN_AI_SYSTEM] = o.provider;
    rt.content.json(attributes, S.ATTR_GEN_AI_INPUT_MESSAGES, o.inputMessages);
    const system = o.systemInstructions;
    // The schema is an array of parts: a plain string becomes one text part.
    rt.content.json(attributes, S.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system === undefined ? undefined : () => asParts(system));
    rt.content.json(attributes, S.ATTR_GEN_AI_TOOL_DEFINITIONS, o.toolDefinitions);
    super(rt, S.inferenceSpanName(operation, o.requestModel), SpanKind.CLIENT, o, attributes);
    this.operation = operation;
    this.provider = o.provider;
    this.requestModel = o.requestModel;
  }

  setRequestModel(model: string): void {
    if (this.ended || !model) return;
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
    const timer = setTimeout(() => this.checkIdle(), delayMs);
    timer.unref?.();
    this.idleTimer = timer;
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

  protected onEnd(result: ChatResult | undefined): void {
    const attributes: Attributes = {};
    if (result?.responseModel) {
      this.responseModel = result.responseModel;
      attributes[S.ATTR_GEN_AI_RESPONSE_MODEL] = result.responseModel;
    }
    if (result?.responseId) attributes[S.ATTR_GEN_AI_RESPONSE_ID] = result.responseId;
    const usage = result?.usage === undefined ? undefined : normalizeUsage(result.usage);
    if (usage) {
      this.usage = usage;
      if (usage.inputTokens !== undefined) attributes[S.ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
      if (usage.outputTokens !== undefined) attributes[S.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
      if (usage.cacheReadInputTokens !== undefined)
        attributes[S.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadInputTokens;
      if (usage.cacheWriteInputTokens !== undefined)
        attributes[S.ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS] = usage.cacheWriteInputTokens;
      if (usage.reasoningOutputTokens !== undefined)
        attributes[S.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningOutputTokens;
      const cost = costOf(usage, this.rt.prices.lookup(this.responseModel ?? this.requestModel));
      if (cost !== undefined) {
        this.cost = cost;
        attributes[S.ATTR_AGENTSPAN_COST_USD] = cost;
      }
    }
    attributes[S.ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = resolveFinishReasons(result?.finishReasons, result?.toolCallCount);
    this.rt.content.json(attributes, S.ATTR_GEN_AI_OUTPUT_MESSAGES, result?.outputMessages);
    this.span.setAttributes(attributes);
  }

  protected onFinish(durationS: number, outcome: Outcome): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const usage = this.usage;
    this.rollup?.addCall('llm', usage?.inputTokens, usage?.outputTokens, this.cost);
    this.rt.metrics.inference(
      {
        operation: this.operation,
        provider: this.provider,
        requestModel: this.requestModel,
        responseModel: this.responseModel,
        agentName: this.parentState.agentName,
        errorType: outcome.errorType,
        errorCategory: outcome.category,
      },
      durationS,
      usage,
      this.ttftS,
      this.cost,
    );
  }
}
