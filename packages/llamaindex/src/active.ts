// The instrumentation currently enabled, if any. Wrappers installed on framework objects
// (LLM instances, tools, memory blocks) outlive an enable/disable cycle: they look the
// instrumentation up here on every call and pass straight through while none is enabled.
import type { Agentspan } from '@agentspan/core';
import type { ProviderResolver } from './provider.js';

export const FRAMEWORK = 'llamaindex';

export interface Tracing {
  /** The instance given at enable time, else the process instance looked up per call. */
  readonly agentspan: Agentspan;
  readonly provider: ProviderResolver | undefined;
  readonly dataSourceId: ((retriever: object) => string | undefined) | undefined;
  readonly verbose: boolean;
}

let current: Tracing | undefined;

export function activeTracing(): Tracing | undefined {
  return current;
}

export function setActiveTracing(tracing: Tracing | undefined): void {
  current = tracing;
}
