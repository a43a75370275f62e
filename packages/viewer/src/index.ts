export type {
  AgentTotals,
  AgentTrend,
  AttributeValue,
  Conversation,
  ConversationTurn,
  Facets,
  ModelTotals,
  ModelTrend,
  Percentiles,
  Span,
  SpanEvent,
  SpanKindName,
  StatusCodeName,
  ToolCallSummary,
  Totals,
  TrendBucket,
  Trends,
  Turn,
  TurnDetail,
  TurnList,
} from './api-types.js';
export type { ViewerOptions } from './options.js';
export { type Viewer, startViewer } from './server.js';
