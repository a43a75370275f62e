// The instrumentation currently enabled, if any. Wrappers placed on SDK objects (models,
// model providers, runners' hooks) outlive an enable/disable cycle: they look the
// instrumentation up here on every call and pass straight through while none is enabled.
import type { Agentspan } from '@agentspan/core';

export const FRAMEWORK = 'openai-agents';

/** gen_ai.provider.name of a model; undefined: the built-in rules decide. */
export type ProviderResolver = (model: object) => string | undefined;

export interface Tracing {
  /** The instance given at enable time, else the process instance looked up per call. */
  readonly agentspan: Agentspan;
  readonly provider: ProviderResolver | undefined;
}

let current: Tracing | undefined;

export function activeTracing(): Tracing | undefined {
  return current;
}

export function setActiveTracing(tracing: Tracing | undefined): void {
  current = tracing;
}
