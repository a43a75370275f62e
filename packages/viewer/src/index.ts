export type {
  AgentTotals,
  AttributeValue,
  Facets,
  ModelTotals,
  Span,
  SpanEvent,
  SpanKindName,
  StatusCodeName,
  Totals,
  Turn,
  TurnDetail,
  TurnList,
} from './api-types.js';
export type { ViewerOptions } from './options.js';
export { type Viewer, startViewer } from './server.js';
