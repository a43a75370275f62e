// The JSON shapes of the HTTP API: the contract the web UI codes against.

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCodeName = 'unset' | 'ok' | 'error';

export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];

export interface Turn {
  traceId: string;
  rootSpanId: string;
  rootName: string;
  agentName: string | null;
  conversationId: string | null;
  userId: string | null;
  /** The resource's `service.name`. */
  serviceName: string | null;
  /** `agentspan.framework.name` of its spans (langchain, ai-sdk, llamaindex…). */
  framework: string | null;
  startTimeMs: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Sum of the calls' reported costs; null when none reported one (no known price). */
  costUsd: number | null;
  /** Model calls that reported tokens but no cost: costUsd leaves them out. */
  unpricedCalls: number;
  /** Time to first chunk of the turn's first streamed model call, ms. */
  ttftMs: number | null;
  status: StatusCodeName;
  hasError: boolean;
  errorType: string | null;
  errorCategory: string | null;
  models: string[];
  spanCount: number;
}

export interface SpanEvent {
  name: string;
  timeMs: number;
  attributes: Record<string, unknown>;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKindName;
  startTimeMs: number;
  endTimeMs: number;
  durationMs: number;
  status: { code: StatusCodeName; message?: string };
  attributes: Record<string, AttributeValue>;
  events: SpanEvent[];
  resource: Record<string, unknown>;
  scope: { name: string; version?: string };
}

export interface TurnList {
  turns: Turn[];
  total: number;
  /**
   * Set when a search word matched more than 50,000 turns: only the newest 50,000 of them are
   * looked at (listed, filtered, counted).
   */
  searchCapped?: boolean;
}

/** A gen_ai.evaluation.result record: an evaluator's score or a user's feedback on a span. */
export interface Evaluation {
  /** The span it rates (the turn's root or agent span for a turn's feedback). */
  spanId: string;
  timeMs: number;
  /** gen_ai.evaluation.name (`user_feedback` for feedback). */
  name: string;
  score: number | null;
  label: string | null;
  /** Redacted by the sender (a user's comment, an evaluator's reason). */
  explanation: string | null;
  /** agentspan.evaluation.source: feedback, evaluator or application. */
  source: string | null;
  userId: string | null;
  promptName: string | null;
  promptVersion: string | null;
}

/** A prompt version a turn used (`version` '' when the prompt has none). */
export interface PromptVersion {
  name: string;
  version: string;
}

export interface TurnDetail {
  turn: Turn;
  spans: Span[];
  /** Evaluations and feedback recorded against the turn's spans, oldest first. */
  evaluations: Evaluation[];
  /** The prompt versions its model calls used. */
  prompts: PromptVersion[];
  /** Set when the trace has more spans than a page shows (the first 10,000 by start time). */
  truncated?: boolean;
}

export interface ModelTotals {
  model: string;
  provider: string | null;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** null when no call of the model reported a cost (no known price): unknown, not $0. */
  costUsd: number | null;
  /** Calls that reported tokens but no cost. */
  unpricedCalls: number;
}

export interface AgentTotals {
  agentName: string;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  /** null when no turn of the agent reported a cost. */
  costUsd: number | null;
  unpricedCalls: number;
  errors: number;
}

export interface Totals {
  byModel: ModelTotals[];
  byAgent: AgentTotals[];
}

export interface Facets {
  agents: string[];
  models: string[];
  conversations: string[];
  users: string[];
  services: string[];
  frameworks: string[];
  errorCategories: string[];
  /** Prompt versions as `name@version` (or `name` alone), newest first. */
  prompts: string[];
  /** Evaluation names that carry a score. */
  evaluations: string[];
}

export interface ToolCallSummary {
  spanId: string;
  name: string;
  status: StatusCodeName;
  durationMs: number;
  /** Captured arguments and result (only when the app captures content). */
  arguments: string | null;
  result: string | null;
  errorType: string | null;
}

export interface ConversationTurn {
  turn: Turn;
  /** The user's message of the turn (last user message of its first model call's input). */
  userMessage: string | null;
  /** The answer (text of its last model call's output). */
  answer: string | null;
  /** False when the app did not capture message content. */
  contentCaptured: boolean;
  tools: ToolCallSummary[];
}

export interface Conversation {
  conversationId: string;
  /** Oldest first. */
  turns: ConversationTurn[];
  /** Set when the conversation has more turns than shown (the newest 500). */
  truncated: boolean;
  totals: {
    turns: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number | null;
    unpricedCalls: number;
    durationMs: number;
    errors: number;
  };
}

/** Latency and TTFT percentiles (nearest rank), ms; null where there is no value. */
export interface Percentiles {
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
}

export interface TrendBucket extends Percentiles {
  startMs: number;
  turns: number;
  errors: number;
  /** Failed turns per agentspan.error.category ("unknown" when none was recorded). */
  errorsByCategory: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface AgentTrend extends Percentiles {
  agentName: string;
  turns: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  /** Model calls with tokens but no known price (not in costUsd). */
  unpricedCalls: number;
}

/** Per model, from its calls (chat, embeddings… spans): latency is the call's duration. */
export interface ModelTrend extends Percentiles {
  model: string;
  provider: string | null;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  unpricedCalls: number;
}

/** One evaluation's scores: how many and their mean. */
export interface ScoreSummary {
  count: number;
  mean: number;
}

/** Per prompt version, from the turns whose model calls used it: compare versions on cost, latency, score. */
export interface PromptTrend extends Percentiles, PromptVersion {
  turns: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  unpricedCalls: number;
  /** Scores by evaluation name. */
  scores: Record<string, ScoreSummary>;
}

/** A prompt version's figures per time bucket (aligned with Trends.buckets). */
export interface PromptSeries extends PromptVersion {
  buckets: { turns: number; meanDurationMs: number | null; costUsd: number | null; scores: Record<string, ScoreSummary> }[];
}

export interface Trends {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  buckets: TrendBucket[];
  /** Every error category in the range, most frequent first. */
  categories: string[];
  byAgent: AgentTrend[];
  byModel: ModelTrend[];
  /** Empty when no turn of the range used a named prompt. */
  byPrompt: PromptTrend[];
  promptSeries: PromptSeries[];
}
