export { Agentspan, getAgentspan, setAgentspan } from './agentspan.js';
export type { ResolvedConfig } from './config.js';
export { DEFAULTS } from './config.js';
export { normalizeUsage } from './usage.js';
export { mapFinishReason, resolveFinishReasons } from './finish-reasons.js';
export {
  AgentspanConfigError,
  RunExpiredError,
  StreamAbandonedError,
  abortError,
  classifyError,
  errorCategory,
  errorType,
} from './errors.js';
export { BUILTIN_PRICES } from './prices/builtin-prices.js';
export { PriceTable, costOf } from './prices/price-table.js';
export { BUILTIN_REDACTION_RULES, type BuiltInRedactionRule, createRedactor, type Redact } from './content/redaction.js';
export { truncateJson, truncateText } from './content/truncate.js';
export { RunRegistry, type RunRegistryOptions } from './run-registry.js';
export type { TraceStreamOptions } from './stream.js';
export type { FrameworkStart } from './operations/framework.js';
export { now } from './clock.js';
export * from './types.js';
export * from './http/index.js';
export { providerName } from './provider-names.js';
export { readProviderResponse, type ProviderResponseFacts } from './provider-response.js';
export { AgentspanSampler, type AgentspanSamplerOptions } from './sampler.js';
export { guarded, isAsyncIterable, isPromiseLike, reportInternal, safely, warnOnce } from './safety.js';
export { callWithin } from './call-within.js';
export { abandon } from './operation.js';
export { isNativePromise, observeSettlement } from './observe-promise.js';
export { checkOptionKeys, closestKey, type KeyList } from './option-keys.js';
export { Patcher, type Method } from './patcher.js';
// For protocol adapters (MCP) that define operations of their own kind on the same base.
export { BaseOperation, type Outcome } from './operation.js';
export type { Runtime } from './runtime.js';
export { operationKindIn } from './context-state.js';
export type * from './evaluation/types.js';
export type { Evaluations } from './evaluation/evaluations.js';
export type { EventLogger, EventLoggerProvider, EventRecord } from './evaluation/logs-bridge.js';
export { checkEvaluation, checkFeedback, type Checked, type NormalizedEvaluation } from './evaluation/input.js';
export { formatTraceHeader, parseTraceHeader } from './evaluation/target.js';
export { MAX_PROMPT_VARIABLES, promptFromMetadata, toPromptRef } from './evaluation/prompt.js';
