// @agentspan/testing-hostile: hostile inputs for property-based safety suites, shared by
// the core's, every adapter's and the HTTP layers' suites.
export { default as fc } from 'fast-check';
export {
  DEFAULT_LIMITS,
  type HostileLimits,
  type ScriptEvent,
  errorSpec,
  eventScript,
  numberSpec,
  promiseSpec,
  settleSpec,
  stringSpec,
  usageSpec,
  valueSpec,
} from './arbitraries.js';
export {
  ERROR_KEYS,
  type ErrorKey,
  type ErrorSpec,
  type NumberSpec,
  type StringSpec,
  type ThrownSpec,
  type UsageSpec,
  type ValueSpec,
  buildError,
  buildString,
  buildUsage,
  buildValue,
  revokedProxy,
  trapProxy,
} from './hostile-values.js';
export { type BuiltPromise, HostilePromise, type PromiseSpec, type SettleSpec, type Timing, buildPromise } from './odd-promises.js';
export { type Outcome, assertSameOutcome, awaitOutcome, callOutcome, returned, threw } from './outcome.js';
export { type BodySpec, bodySpec, buildBody, roleOf } from './bodies.js';
export { checkProperty } from './check.js';
export { type UnhandledRejections, trackUnhandledRejections } from './unhandled.js';
export { FUZZ_SEED, fuzzParams, runsByProperty, runsSummary } from './settings.js';
export { type HostileTracing, ThrowingOnEndProcessor, captureDiagnostics, ensureContextManager, hostileTracing } from './tracing.js';
