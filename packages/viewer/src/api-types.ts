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
  startTimeMs: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costUsd: number | null;
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
}

export interface TurnDetail {
  turn: Turn;
  spans: Span[];
}

export interface ModelTotals {
  model: string;
  provider: string | null;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costUsd: number;
}

export interface AgentTotals {
  agentName: string;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
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
}
