// @agentspan/conformance/runner: everything but the vitest suite — the canonical tree as
// data, the normaliser, the harness and runScenario, for runners other than vitest.
export type {
  AdapterEnvironment,
  ConformanceAdapter,
  OptionalScenario,
  TurnRequest,
  TurnVariant,
} from './adapter.js';
export { checkCapturedContent, checkNoContent, findRawStrings } from './content-checks.js';
export { COMMON_KEYS, comparedKeysFor, HTTP_ROOT_KEYS } from './compared-keys.js';
export {
  ANY_ERROR_TYPE,
  expectedS1,
  expectedS2,
  expectedS3,
  expectedS4,
  expectedS4b,
  expectedS7,
  expectedS7Steps,
  expectedUnderServerSpan,
  S1_IDS,
  S1_NUMBERS,
  type TurnIds,
} from './expected.js';
export {
  FIXTURE_PRICES,
  type FixtureUsage,
  OrderServiceError,
  PII,
  PII_USER_MESSAGE,
  RateLimitError,
  REDACTION_MARKERS,
  S1,
  type S1Fixture,
} from './fixture.js';
export { expectedS8, expectedS9, TEAM_CHAT_COST_USD } from './expected-team.js';
export { checkInvocationMetrics } from './invocation-checks.js';
export { S7, S8, S9, type SubAgentFixture, TEAM_IDS, TEAM_USAGE } from './team-fixture.js';
export { type ConformanceHarness, createHarness, type HarnessOptions } from './harness.js';
export { maskCancelledTurn } from './masks.js';
export { validateMessages, validateParts } from './message-schema.js';
export { checkNoIdsOnMetrics, checkS1Metrics, checkStreamingMetrics } from './metric-checks.js';
export { DeltaMetricReader } from './metric-reader.js';
export {
  checkTimeToFirstChunk,
  type NormalizeOptions,
  type NormalizeResult,
  normalizeTrace,
  roundCost,
} from './normalize.js';
export type {
  NormalizedSpan,
  NormalizedTrace,
  SpanKindName,
  SpanStatusName,
} from './normalized-span.js';
export { OpenSpanCounter } from './open-span-counter.js';
export { type RunScenarioOptions, runScenario, runScenarioDefinition, type ScenarioResult } from './run-scenario.js';
export {
  type CallerOutcome,
  SCENARIO_IDS,
  SCENARIOS,
  type ScenarioDefinition,
  type ScenarioEvidence,
  type ScenarioId,
  TRUNCATION_LIMIT,
} from './scenarios.js';
export { orderSiblings, type OrderedSibling } from './sibling-order.js';
export { checkStreamedChats } from './stream-checks.js';
export { groupByTrace } from './traces.js';
export { checkSingleServerSpan } from './http-checks.js';
export { coreManualAdapter, coreManualAdapterWith, type LookupOrder } from './reference/core-manual-adapter.js';
export { runHandoffTurn, runSupervisorTurn } from './reference/team-turns.js';
export { ConversationStore, KnowledgeBase, type KbDocument, lookupOrderTool, type StoredRecord } from './reference/support-app.js';
export { JsonLinesSpanExporter, SPANS_FILE_ENV, SpanFile } from './mcp/span-file.js';
export type { McpAdapterEnvironment, McpConformanceAdapter } from './mcp/adapter.js';
export { expectedMcpToolCall, expectedS1OverMcp, type McpTransportName, NETWORK_TRANSPORT } from './mcp/expected.js';
export { MCP_SCENARIO_IDS, type McpScenarioId, mcpScenarios } from './mcp/scenarios.js';
export { withRemoteSpans } from './mcp/remote-harness.js';
export type { EvaluationAdapter, FeedbackBody } from './evaluation/adapter.js';
export { type ConformancePrompt, E1, renderPrompt } from './evaluation/fixture.js';
export { type EvaluationEvidence, type EvaluationResult, runEvaluationScenario } from './evaluation/run.js';
export { type LogsHarness, createLogsHarness } from './evaluation/logs-harness.js';
