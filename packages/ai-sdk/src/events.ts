// The AI SDK's telemetry event types, by the integration method that receives them.
import type { Telemetry } from 'ai';

type EventOf<F> = NonNullable<F> extends (event: infer E) => unknown ? E : never;

export type OperationStartEvent = EventOf<Telemetry['onStart']>;
export type OperationEndEvent = EventOf<Telemetry['onEnd']>;
export type AbortEvent = EventOf<Telemetry['onAbort']>;
export type StepStartEvent = EventOf<Telemetry['onStepStart']>;
export type StepEndEvent = EventOf<Telemetry['onStepEnd']>;
export type StepErrorEvent = EventOf<Telemetry['onStepError']>;
export type ModelCallStartEvent = EventOf<Telemetry['onLanguageModelCallStart']>;
export type ModelCallEndEvent = EventOf<Telemetry['onLanguageModelCallEnd']>;
export type ObjectStepStartEvent = EventOf<Telemetry['onObjectStepStart']>;
export type ObjectStepEndEvent = EventOf<Telemetry['onObjectStepEnd']>;
export type ToolStartEvent = EventOf<Telemetry['onToolExecutionStart']>;
export type ToolEndEvent = EventOf<Telemetry['onToolExecutionEnd']>;
export type EmbedCallStartEvent = EventOf<Telemetry['onEmbedStart']>;
export type EmbedCallEndEvent = EventOf<Telemetry['onEmbedEnd']>;
export type RerankCallStartEvent = EventOf<Telemetry['onRerankStart']>;
export type RerankCallEndEvent = EventOf<Telemetry['onRerankEnd']>;
export type ExecuteModelCallOptions<T> = Omit<Parameters<NonNullable<Telemetry['executeLanguageModelCall']>>[0], 'execute'> & {
  execute: () => PromiseLike<T>;
};
export type ExecuteToolOptions<T> = Omit<Parameters<NonNullable<Telemetry['executeTool']>>[0], 'execute'> & {
  execute: () => PromiseLike<T>;
};

/** The fields read off events whose static type is a wide union. */
type Bag = Record<string, unknown>;

/** event[key]; undefined when it is not there or reading it throws (a getter, a revoked Proxy). */
export function field(event: unknown, key: string): unknown {
  if (typeof event !== 'object' || event === null) return undefined;
  try {
    return (event as Bag)[key];
  } catch {
    return undefined;
  }
}

/** Whether event has `key` (false when asking throws). */
export function hasField(event: unknown, key: string): boolean {
  if (typeof event !== 'object' || event === null) return false;
  try {
    return key in event;
  } catch {
    return false;
  }
}

export function stringField(event: unknown, key: string): string | undefined {
  const v = field(event, key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}
