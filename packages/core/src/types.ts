// Public types of the core: what adapters and applications pass in and get back.
import type { Attributes, Context, MeterProvider, Span, TracerProvider } from '@opentelemetry/api';
import type {
  ErrorCategory,
  InferenceOperationName,
  InvocationOperationName,
  MemoryOperationName,
  ToolType,
} from '@agentspan/semconv';
import type { EventLoggerProvider } from './evaluation/logs-bridge.js';
import type { PromptRef } from './evaluation/types.js';

/** A value, or a function that makes it only when it is needed (content capture on). */
export type Lazy<T> = T | (() => T);

// ---- GenAI message schema (content capture) ----
export interface TextPart {
  type: 'text';
  content: string;
}
export interface ToolCallPart {
  type: 'tool_call';
  id?: string;
  name: string;
  arguments?: unknown;
}
export interface ToolCallResponsePart {
  type: 'tool_call_response';
  id?: string;
  response: unknown;
}
export interface ReasoningPart {
  type: 'reasoning';
  content: string;
}
export interface GenericPart {
  type: 'blob' | 'file' | 'uri';
  [key: string]: unknown;
}
/** A part of a kind the schema does not define (semantic-conventions-genai #584). */
export interface UnknownKindPart {
  type: 'generic';
  /** What kind of content the part holds. */
  generic_type?: string;
  [key: string]: unknown;
}
export type MessagePart = TextPart | ToolCallPart | ToolCallResponsePart | ReasoningPart | GenericPart | UnknownKindPart;
export interface GenAIMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  parts: MessagePart[];
  name?: string;
}
export interface ToolDefinition {
  type?: ToolType | string;
  name: string;
  description?: string;
  parameters?: unknown;
}

// ---- usage and prices ----
/** Token usage after normalisation: input includes cache reads/writes, output includes reasoning. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  reasoningOutputTokens?: number;
}
/** Prices in USD per 1M tokens. Cached input and cache write default to the input price. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
}

// ---- configuration ----
/** A rule of your own, added to the built-in ones. */
export interface RedactionRule {
  /** Names the rule in configuration errors. */
  name: string;
  /** What a match is replaced with. Default `[REDACTED]`. */
  marker?: string;
  /** Checked at start-up by the ReDoS checker `recheck` (an optional peer dependency): only linear patterns are accepted. */
  pattern: RegExp;
  /** Extra check on a match (e.g. a checksum); a match failing it is kept. */
  accept?: (match: string) => boolean;
  /** Longest match, for the text read past the truncation point. Default 256. */
  maxLength?: number;
}

export interface RedactionConfig {
  /** Built-in detectors (secrets, e-mail, IBAN, PRC ID, card, SSN, phone). Default true. */
  builtIn?: boolean;
  /** Your own patterns, applied with the built-in ones. */
  rules?: RedactionRule[];
  /** Runs after the rules on every exported string (content, keys, exception and status messages). */
  hook?: (text: string) => string;
}

export interface AgentspanConfig {
  /** Default: the global tracer provider. */
  tracerProvider?: TracerProvider;
  /** Default: the global meter provider (looked up per record, so a later registration counts). */
  meterProvider?: MeterProvider;
  /** Capture prompts, completions, tool arguments and results. Default: the env var, else false. */
  captureContent?: boolean;
  /** Longest serialised content attribute, in characters (truncated keeping valid JSON). Default 16384. */
  contentMaxLength?: number;
  redaction?: RedactionConfig;
  /** Price additions and overrides, by model name (provider prefix optional). */
  prices?: Record<string, ModelPrice>;
  /** Use only `prices`, not the built-in table. */
  replaceBuiltInPrices?: boolean;
  /**
   * Also emit the names the conventions replaced: gen_ai.client.token.usage /
   * gen_ai.client.operation.duration and gen_ai.system (v1.41), gen_ai.invoke_agent.duration /
   * gen_ai.invoke_workflow.duration, gen_ai.usage.cache_creation.input_tokens. Default: on when
   * OTEL_SEMCONV_STABILITY_OPT_IN lists `gen_ai_latest_experimental/dup`, else off.
   */
  legacyMetrics?: boolean;
  /** A stream not read for this long is abandoned and its spans end as cancelled. Default 300000. */
  streamIdleTimeoutMs?: number;
  /** Bounds of the run registries adapters create. Defaults 10000 runs, 10 minutes. */
  runRegistry?: { maxSize?: number; ttlMs?: number };
  /**
   * Where gen_ai.evaluation.result events go (an `@opentelemetry/sdk-logs` LoggerProvider).
   * Default: the global one of `@opentelemetry/api-logs`.
   */
  loggerProvider?: EventLoggerProvider;
}

// ---- operation start options ----
export interface OperationStart {
  /** Parent context. Default: the active context. */
  parent?: Context;
  /** Overrides the conversation id inherited from the context. */
  conversationId?: string;
  /** Overrides the user id inherited from the context. */
  userId?: string;
  /** Extra attributes set at start. */
  attributes?: Attributes;
  /** Start time (ms since epoch, fractional). Default: the core's monotonic clock. */
  startTime?: number;
}

export interface AgentStart extends OperationStart {
  name: string;
  /** True when `name` is only the framework's default (e.g. "LangGraph"): merges into an enclosing agent. */
  isDefaultName?: boolean;
  /**
   * `invoke_agent` (default: the LLM drives the control flow), `invoke_workflow` (the
   * application does; `name` is the workflow's) or `handle_conversation_turn` (a framework
   * entry point that runs a whole turn, agents handing off; `name` is the entry agent's).
   * A conversation turn inside another one in the same process becomes `invoke_agent`.
   */
  operation?: InvocationOperationName;
  id?: string;
  description?: string;
  /** Model the agent is configured with (recommended attribute). */
  requestModel?: string;
  /** Adapter name for `agentspan.framework.name`. */
  framework?: string;
  input?: Lazy<GenAIMessage[]>;
}

export interface RequestParams {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  choiceCount?: number;
}

export interface ChatStart extends OperationStart {
  provider: string;
  requestModel?: string;
  /** Default `chat`. */
  operation?: InferenceOperationName;
  stream?: boolean;
  params?: RequestParams;
  serverAddress?: string;
  serverPort?: number;
  framework?: string;
  inputMessages?: Lazy<GenAIMessage[]>;
  systemInstructions?: Lazy<string | MessagePart[]>;
  toolDefinitions?: Lazy<ToolDefinition[]>;
  /** The prompt template the call used. Default: the context's (`withPrompt`, a rendered template). */
  prompt?: PromptRef;
}
export interface ChatResult {
  responseModel?: string;
  responseId?: string;
  /** Any provider's usage shape: normalised by the core. */
  usage?: unknown;
  /** Raw finish reasons (mapped by the core); when none: tool_call if toolCallCount > 0, else stop. */
  finishReasons?: readonly (string | undefined | null)[];
  toolCallCount?: number;
  outputMessages?: Lazy<GenAIMessage[]>;
}

export interface EmbeddingsStart extends OperationStart {
  provider: string;
  requestModel?: string;
  framework?: string;
  input?: Lazy<string[]>;
}
export interface EmbeddingsResult {
  responseModel?: string;
  usage?: unknown;
  dimensions?: number;
}

export interface ToolStart extends OperationStart {
  name: string;
  callId?: string;
  /** Default `function`. */
  type?: ToolType;
  description?: string;
  framework?: string;
  arguments?: Lazy<unknown>;
}
export interface ToolResult {
  result?: Lazy<unknown>;
}

export interface RetrievedDocument {
  id?: string;
  score?: number;
  content?: string;
  metadata?: Record<string, unknown>;
}
export interface RetrievalStart extends OperationStart {
  dataSourceId?: string;
  topK?: number;
  provider?: string;
  requestModel?: string;
  framework?: string;
  query?: Lazy<string>;
}
export interface RetrievalResult {
  documents?: Lazy<readonly RetrievedDocument[]>;
  /** Number of documents when `documents` is not given. */
  count?: number;
}

export interface MemoryRecord {
  id?: string;
  content: unknown;
  score?: number;
  metadata?: Record<string, unknown>;
}
export interface MemoryStart extends OperationStart {
  operation: MemoryOperationName;
  storeId?: string;
  recordId?: string;
  provider?: string;
  framework?: string;
  query?: Lazy<string>;
  records?: Lazy<readonly MemoryRecord[]>;
}
export interface MemoryResult {
  records?: Lazy<readonly MemoryRecord[]>;
  count?: number;
}

export interface RerankStart extends OperationStart {
  provider?: string;
  requestModel?: string;
  topN?: number;
  documentCount?: number;
  framework?: string;
}
export interface RerankResult {
  responseModel?: string;
  usage?: unknown;
}

export interface GuardrailStart extends OperationStart {
  name: string;
  /** Which check: input, output, tool_input, tool_output. */
  type?: string;
  framework?: string;
}
export interface GuardrailResult {
  /** Whether the guardrail's tripwire fired. */
  triggered?: boolean;
}

/** Turn-wide identifiers carried by the context to every span below. */
export interface TurnIdentity {
  conversationId?: string;
  userId?: string;
}

export interface ClassifiedError {
  /** `error.type`: innermost cause's name, else its constructor's name; `_OTHER` for non-Errors. */
  type: string;
  category: ErrorCategory;
}

/** What every operation handle offers. Every method is safe: none throws. */
export interface Operation<R = void> {
  readonly span: Span;
  /** The parent context with this span (and agentspan's state) set. */
  readonly context: Context;
  readonly ended: boolean;
  /** Runs fn with this operation's context active, so spans made inside nest under it. */
  run<T>(fn: () => T): T;
  end(result?: R): void;
  /** Ends with status ERROR, error.type, category and one exception event (none for cancellations). */
  fail(error: unknown): void;
  /** Ends as cancelled: ERROR, category cancelled, no exception event. */
  cancel(reason?: unknown): void;
  setAttributes(attributes: Attributes): void;
}

export interface AgentOperation extends Operation<{ output?: Lazy<GenAIMessage[]> }> {
  readonly name: string;
  /** True when this run merged into an enclosing agent: it owns no span and end/fail do nothing. */
  readonly merged: boolean;
}
export interface ChatOperation extends Operation<ChatResult> {
  /** Marks a streamed chunk: the first sets time to first chunk; each resets the idle watchdog. */
  recordChunk(): void;
  /** Late-known request facts (e.g. the model read from the response). */
  setRequestModel(model: string): void;
}
export type EmbeddingsOperation = Operation<EmbeddingsResult>;
export type ToolOperation = Operation<ToolResult>;
export type RetrievalOperation = Operation<RetrievalResult>;
export type MemoryOperation = Operation<MemoryResult>;
export type RerankOperation = Operation<RerankResult>;
export type GuardrailOperation = Operation<GuardrailResult>;
