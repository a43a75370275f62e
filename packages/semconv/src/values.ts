// Enumerated attribute values.

export const GEN_AI_OPERATIONS = {
  chat: 'chat',
  generateContent: 'generate_content',
  textCompletion: 'text_completion',
  embeddings: 'embeddings',
  retrieval: 'retrieval',
  invokeAgent: 'invoke_agent',
  invokeWorkflow: 'invoke_workflow',
  /** A framework entry point that runs a whole conversation turn (agents handing off). */
  handleConversationTurn: 'handle_conversation_turn',
  executeTool: 'execute_tool',
  searchMemory: 'search_memory',
  createMemory: 'create_memory',
  updateMemory: 'update_memory',
  upsertMemory: 'upsert_memory',
  deleteMemory: 'delete_memory',
  /** Not named by the conventions; they allow an operation of one's own. */
  rerank: 'rerank',
  /** A guardrail check (the conventions' security-guardian proposal names it so). */
  applyGuardrail: 'apply_guardrail',
} as const;

/**
 * The operations of the in-process invocation span (`gen_ai.invocation.internal`):
 * invoke_agent when the LLM drives the control flow, invoke_workflow when the application
 * does, handle_conversation_turn for a framework entry point that runs a whole turn.
 */
export type InvocationOperationName = 'invoke_agent' | 'invoke_workflow' | 'handle_conversation_turn';
export const INVOCATION_OPERATIONS: readonly InvocationOperationName[] = [
  'invoke_agent',
  'invoke_workflow',
  'handle_conversation_turn',
];

export type InferenceOperationName = 'chat' | 'generate_content' | 'text_completion';
export type MemoryOperationName =
  | 'search_memory'
  | 'create_memory'
  | 'update_memory'
  | 'upsert_memory'
  | 'delete_memory';
export type GenAIOperationName = (typeof GEN_AI_OPERATIONS)[keyof typeof GEN_AI_OPERATIONS];

export const MEMORY_OPERATIONS: readonly MemoryOperationName[] = [
  'search_memory',
  'create_memory',
  'update_memory',
  'upsert_memory',
  'delete_memory',
];

/** Well-known `gen_ai.provider.name` values. Any other string is allowed. */
export const GEN_AI_PROVIDERS = [
  'openai',
  'anthropic',
  'aws.bedrock',
  'azure.ai.inference',
  'azure.ai.openai',
  'cohere',
  'deepseek',
  'gcp.gemini',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'groq',
  'ibm.watsonx.ai',
  'mistral_ai',
  'moonshot_ai',
  'perplexity',
  'x_ai',
] as const;

export const FINISH_REASONS = ['stop', 'length', 'content_filter', 'tool_call', 'error'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

export const TOOL_TYPES = ['function', 'extension', 'datastore'] as const;
export type ToolType = (typeof TOOL_TYPES)[number];

export const TOKEN_MODALITIES = ['text', 'image', 'audio', 'unknown'] as const;
export type TokenModality = (typeof TOKEN_MODALITIES)[number];

/** `agentspan.error.category` values. */
export const ERROR_CATEGORIES = [
  'rate_limit',
  'context_length_exceeded',
  'authentication',
  'not_found',
  'timeout',
  'content_filter',
  'server_error',
  'budget_exceeded',
  /** A guardrail's tripwire stopped the run (input, output or tool guardrail). */
  'guardrail_tripped',
  'cancelled',
  'unknown',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Legacy `gen_ai.token.type` values for `gen_ai.client.token.usage`. */
export const TOKEN_TYPES = { input: 'input', output: 'output' } as const;

/** Env var OpenTelemetry's GenAI instrumentations read to turn content capture on. */
export const ENV_CAPTURE_MESSAGE_CONTENT = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
