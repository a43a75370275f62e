// The parts of @openai/agents-core this adapter touches. Its own types change between minor
// versions (and carry `any`); the shapes below name only the fields the adapter reads, and
// every read of them is guarded.
export { Runner, addTraceProcessor, getCurrentSpan, getCurrentTrace, getGlobalTraceProvider, setTraceProcessors } from '@openai/agents-core';

/** A span of the SDK's own tracing (agent, function, generation, handoff, guardrail, …). */
export interface SdkSpan {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentId: string | null;
  readonly spanData: SdkSpanData;
  /** The span that was current when this one became current (usually its parent). */
  readonly previousSpan?: SdkSpan | undefined;
  readonly error: { message: string; data?: Record<string, unknown> } | null;
}

export interface SdkSpanData {
  readonly type: string;
  readonly name?: string;
  /** guardrail */
  readonly triggered?: boolean;
  /** handoff */
  readonly from_agent?: string;
  readonly to_agent?: string;
  /** generation */
  readonly model?: string;
}

export interface SdkAgent {
  readonly name: string;
  readonly model?: unknown;
  readonly handoffDescription?: unknown;
}

export interface SdkTool {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly description?: unknown;
}

/** A model's function call, as the runner hands it to the tool hooks. */
export interface SdkToolCall {
  readonly type?: unknown;
  readonly callId?: unknown;
  readonly id?: unknown;
  readonly name?: unknown;
  readonly arguments?: unknown;
}

/** The request the runner gives a model (the fields read for the chat span). */
export interface SdkModelRequest {
  readonly systemInstructions?: unknown;
  readonly input?: unknown;
  readonly modelSettings?: {
    readonly temperature?: unknown;
    readonly topP?: unknown;
    readonly maxTokens?: unknown;
    readonly frequencyPenalty?: unknown;
    readonly presencePenalty?: unknown;
  };
  readonly tools?: readonly unknown[];
  readonly handoffs?: readonly { readonly toolName?: unknown; readonly toolDescription?: unknown; readonly inputJsonSchema?: unknown }[];
  /** The agent's prompt template (a Responses API prompt: id, version, variables). */
  readonly prompt?: { readonly promptId?: unknown; readonly version?: unknown; readonly variables?: unknown };
}

/** A model's answer (ModelResponse), or the `response` of a stream's response_done event. */
export interface SdkModelResponse {
  readonly usage?: unknown;
  readonly output?: readonly unknown[];
  readonly responseId?: unknown;
  readonly id?: unknown;
  readonly providerData?: unknown;
}

export interface SdkStreamEvent {
  readonly type?: unknown;
  /** output_text_delta */
  readonly delta?: unknown;
  /** model: the provider's raw chunk */
  readonly event?: unknown;
  /** response_done */
  readonly response?: SdkModelResponse;
}

/** What Runner.run resolves to (RunResult or StreamedRunResult). */
export interface SdkRunResult {
  readonly finalOutput?: unknown;
  readonly completed?: PromiseLike<void>;
  readonly error?: unknown;
  readonly cancelled?: boolean;
}

export interface SdkRunner {
  config?: { modelProvider?: unknown; model?: unknown; groupId?: unknown };
  on?(event: string, listener: (...args: never[]) => void): unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
