// Metric instruments, created once per meter provider with the conventions' buckets.
// Without an explicit provider the global one is looked up on each record, so an app
// that registers its MeterProvider after creating agentspan still gets its metrics.
import { type Attributes, type Counter, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import type { PromptIdentity } from './evaluation/types.js';
import type { Usage } from './types.js';

const SCOPE = '@agentspan/core';

interface Instruments {
  inferenceDuration: Histogram;
  ttft: Histogram;
  inputTokens: Counter;
  outputTokens: Counter;
  cacheReadTokens: Counter;
  cacheWriteTokens: Counter;
  reasoningTokens: Counter;
  invocationDuration: Histogram;
  inferenceCalls: Histogram;
  toolCalls: Histogram;
  toolDuration: Histogram;
  embeddingsDuration: Histogram;
  cost: Counter;
  evaluationScore: Histogram;
  legacyTokenUsage?: Histogram;
  legacyOperationDuration?: Histogram;
  legacyInvokeAgentDuration?: Histogram;
  legacyInvokeWorkflowDuration?: Histogram;
}

function create(provider: MeterProvider, legacy: boolean): Instruments {
  const meter = provider.getMeter(SCOPE);
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, {
      unit: S.UNIT_SECONDS,
      description,
      advice: { explicitBucketBoundaries: [...S.DURATION_BUCKETS] },
    });
  const tokens = (name: string, description: string) =>
    meter.createCounter(name, { unit: S.UNIT_TOKENS, description });
  const calls = (name: string, description: string) =>
    meter.createHistogram(name, {
      unit: S.UNIT_CALLS,
      description,
      advice: { explicitBucketBoundaries: [...S.CALL_COUNT_BUCKETS] },
    });
  return {
    inferenceDuration: seconds(S.METRIC_GEN_AI_CLIENT_INFERENCE_DURATION, 'Duration of GenAI inference calls'),
    ttft: seconds(S.METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK, 'Time to the first streamed chunk'),
    inputTokens: tokens(S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS, 'Input tokens, cached included'),
    outputTokens: tokens(S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS, 'Output tokens, reasoning included'),
    cacheReadTokens: tokens(S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS, 'Input tokens read from cache'),
    cacheWriteTokens: tokens(S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS, 'Input tokens written to cache'),
    reasoningTokens: tokens(S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS, 'Reasoning output tokens'),
    invocationDuration: seconds(S.METRIC_GEN_AI_INVOCATION_DURATION, 'Duration of in-process agent, workflow and conversation-turn invocations'),
    inferenceCalls: calls(S.METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS, 'Inference calls per agent invocation'),
    toolCalls: calls(S.METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS, 'Tool calls per agent invocation'),
    toolDuration: seconds(S.METRIC_GEN_AI_EXECUTE_TOOL_DURATION, 'Duration of tool executions'),
    embeddingsDuration: seconds(S.METRIC_GEN_AI_CLIENT_EMBEDDINGS_DURATION, 'Duration of embeddings calls'),
    cost: meter.createCounter(S.METRIC_AGENTSPAN_COST, { unit: S.UNIT_USD, description: 'Cost of GenAI calls in USD' }),
    evaluationScore: meter.createHistogram(S.METRIC_AGENTSPAN_EVALUATION_SCORE, {
      unit: S.UNIT_SCORE,
      description: 'Evaluation and user feedback scores',
      advice: { explicitBucketBoundaries: [...S.EVALUATION_SCORE_BUCKETS] },
    }),
    ...(legacy
      ? {
          legacyTokenUsage: meter.createHistogram(S.METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
            unit: S.UNIT_TOKENS,
            description: 'Tokens per call (legacy)',
            advice: { explicitBucketBoundaries: [...S.TOKEN_USAGE_BUCKETS] },
          }),
          legacyOperationDuration: seconds(S.METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'Duration of GenAI operations (legacy)'),
          legacyInvokeAgentDuration: seconds(S.METRIC_GEN_AI_INVOKE_AGENT_DURATION, 'Duration of agent invocations (replaced name)'),
          legacyInvokeWorkflowDuration: seconds(S.METRIC_GEN_AI_INVOKE_WORKFLOW_DURATION, 'Duration of workflow invocations (replaced name)'),
        }
      : {}),
  };
}

/** Attributes of one inference for its metric points. */
export interface InferencePoint {
  operation: string;
  provider: string;
  requestModel: string | undefined;
  responseModel: string | undefined;
  agentName: string | undefined;
  errorType: string | undefined;
  errorCategory: string | undefined;
  /** The prompt template the call used: its name and version split every point. */
  prompt: PromptIdentity | undefined;
}

function addPrompt(attrs: Attributes, prompt: PromptIdentity): void {
  attrs[S.ATTR_GEN_AI_PROMPT_NAME] = prompt.name;
  if (prompt.version !== undefined) attrs[S.ATTR_GEN_AI_PROMPT_VERSION] = prompt.version;
}

/** The API's stand-in provider before an SDK registers one: recording to it is wasted work. */
function isNoop(provider: MeterProvider): boolean {
  return provider.constructor?.name === 'NoopMeterProvider';
}

export class Metrics {
  private instruments: Instruments | undefined;
  private boundTo: MeterProvider | undefined;

  constructor(
    private readonly provider: MeterProvider | undefined,
    private readonly legacy: boolean,
  ) {}

  private get(): Instruments | undefined {
    const provider = this.provider ?? metrics.getMeterProvider();
    if (provider !== this.boundTo) {
      this.instruments = isNoop(provider) ? undefined : create(provider, this.legacy);
      this.boundTo = provider;
    }
    return this.instruments;
  }

  /** Whether a real meter provider is there: callers skip building a point when not. */
  get enabled(): boolean {
    return this.get() !== undefined;
  }

  inference(p: InferencePoint, durationS: number, usage: Usage | undefined, ttftS: number | undefined, cost: number | undefined): void {
    const m = this.get();
    if (!m) return;
    const attrs: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: p.operation,
      [S.ATTR_GEN_AI_PROVIDER_NAME]: p.provider,
    };
    if (p.requestModel) attrs[S.ATTR_GEN_AI_REQUEST_MODEL] = p.requestModel;
    if (p.responseModel) attrs[S.ATTR_GEN_AI_RESPONSE_MODEL] = p.responseModel;
    if (this.legacy) attrs[S.ATTR_GEN_AI_SYSTEM] = p.provider;
    if (p.prompt) addPrompt(attrs, p.prompt);
    const timing: Attributes = p.errorType
      ? { ...attrs, [S.ATTR_ERROR_TYPE]: p.errorType, [S.ATTR_AGENTSPAN_ERROR_CATEGORY]: p.errorCategory }
      : attrs;
    m.inferenceDuration.record(durationS, timing);
    m.legacyOperationDuration?.record(durationS, timing);
    if (ttftS !== undefined) m.ttft.record(ttftS, attrs);
    if (usage) {
      const tokenAttrs: Attributes = { ...attrs, [S.ATTR_GEN_AI_TOKEN_MODALITY]: 'text' };
      if (usage.inputTokens !== undefined) m.inputTokens.add(usage.inputTokens, tokenAttrs);
      if (usage.outputTokens !== undefined) m.outputTokens.add(usage.outputTokens, tokenAttrs);
      if (usage.cacheReadInputTokens !== undefined) m.cacheReadTokens.add(usage.cacheReadInputTokens, tokenAttrs);
      if (usage.cacheWriteInputTokens !== undefined) m.cacheWriteTokens.add(usage.cacheWriteInputTokens, tokenAttrs);
      if (usage.reasoningOutputTokens !== undefined) m.reasoningTokens.add(usage.reasoningOutputTokens, tokenAttrs);
      if (m.legacyTokenUsage) {
        if (usage.inputTokens !== undefined)
          m.legacyTokenUsage.record(usage.inputTokens, { ...attrs, [S.ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
        if (usage.outputTokens !== undefined)
          m.legacyTokenUsage.record(usage.outputTokens, { ...attrs, [S.ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
      }
    }
    if (cost !== undefined) {
      // Never user or conversation ids here: unbounded cardinality.
      const costAttrs: Attributes = { [S.ATTR_GEN_AI_PROVIDER_NAME]: p.provider };
      if (p.requestModel) costAttrs[S.ATTR_GEN_AI_REQUEST_MODEL] = p.requestModel;
      if (p.agentName) costAttrs[S.ATTR_GEN_AI_AGENT_NAME] = p.agentName;
      if (p.prompt) addPrompt(costAttrs, p.prompt);
      m.cost.add(cost, costAttrs);
    }
  }

  /**
   * One invocation (agent, workflow or conversation turn; `name` the agent's — the entry
   * agent's for a turn — or the workflow's). Positional: nothing is allocated without a meter.
   */
  invocation(
    operation: string,
    name: string,
    nested: boolean,
    durationS: number,
    ownLlmCalls: number,
    ownToolCalls: number,
    errorType: string | undefined,
  ): void {
    const m = this.get();
    if (!m) return;
    const p = { operation, name, nested, errorType };
    const isAgent = p.operation === S.GEN_AI_OPERATIONS.invokeAgent;
    const attrs: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: p.operation,
      [p.operation === S.GEN_AI_OPERATIONS.invokeWorkflow ? S.ATTR_GEN_AI_WORKFLOW_NAME : S.ATTR_GEN_AI_AGENT_NAME]: p.name,
      [S.ATTR_GEN_AI_INVOCATION_IS_NESTED]: p.nested,
    };
    if (p.errorType) attrs[S.ATTR_ERROR_TYPE] = p.errorType;
    m.invocationDuration.record(durationS, attrs);
    m.legacyOperationDuration?.record(durationS, attrs);
    if (isAgent) m.legacyInvokeAgentDuration?.record(durationS, attrs);
    else if (p.operation === S.GEN_AI_OPERATIONS.invokeWorkflow) m.legacyInvokeWorkflowDuration?.record(durationS, attrs);
    // The agent's own calls: a nested agent's are recorded against that agent (each once).
    if (!isAgent) return;
    const agentAttrs: Attributes = { [S.ATTR_GEN_AI_AGENT_NAME]: p.name };
    m.inferenceCalls.record(ownLlmCalls, agentAttrs);
    m.toolCalls.record(ownToolCalls, agentAttrs);
  }

  tool(toolName: string, toolType: string, agentName: string | undefined, durationS: number, errorType: string | undefined): void {
    const m = this.get();
    if (!m) return;
    const attrs: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.executeTool,
      [S.ATTR_GEN_AI_TOOL_NAME]: toolName,
      [S.ATTR_GEN_AI_TOOL_TYPE]: toolType,
    };
    if (agentName) attrs[S.ATTR_GEN_AI_AGENT_NAME] = agentName;
    if (errorType) attrs[S.ATTR_ERROR_TYPE] = errorType;
    m.toolDuration.record(durationS, attrs);
    m.legacyOperationDuration?.record(durationS, attrs);
  }

  /** One evaluation score (attributes: evaluation name, label, source, agent, prompt). */
  evaluation(score: number, attrs: Attributes): void {
    this.get()?.evaluationScore.record(score, attrs);
  }

  embeddings(provider: string, requestModel: string | undefined, durationS: number, errorType: string | undefined): void {
    const m = this.get();
    if (!m) return;
    const attrs: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.embeddings,
      [S.ATTR_GEN_AI_PROVIDER_NAME]: provider,
    };
    if (requestModel) attrs[S.ATTR_GEN_AI_REQUEST_MODEL] = requestModel;
    if (errorType) attrs[S.ATTR_ERROR_TYPE] = errorType;
    m.embeddingsDuration.record(durationS, attrs);
    m.legacyOperationDuration?.record(durationS, attrs);
  }
}
