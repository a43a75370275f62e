// Which attribute keys the normaliser keeps, per operation: the spec's table of compared keys.
// Every other key is dropped (adapters may add recommended attributes).
import {
  ATTR_AGENTSPAN_COST_USD,
  ATTR_AGENTSPAN_ERROR_CATEGORY,
  ATTR_AGENTSPAN_FRAMEWORK,
  ATTR_AGENTSPAN_LLM_CALLS,
  ATTR_AGENTSPAN_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_AGENTSPAN_TOOL_CALLS,
  ATTR_AGENTSPAN_USAGE_INPUT_TOKENS,
  ATTR_AGENTSPAN_USAGE_OUTPUT_TOKENS,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_MEMORY_RECORD_COUNT,
  ATTR_GEN_AI_MEMORY_STORE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RETRIEVAL_TOP_K,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_USER_ID,
  MEMORY_OPERATIONS,
} from '@agentspan/semconv';

/** Compared on every span of the turn (error keys only where present). */
export const COMMON_KEYS: readonly string[] = [
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_USER_ID,
  ATTR_ERROR_TYPE,
  ATTR_AGENTSPAN_ERROR_CATEGORY,
];

const AGENT_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_AGENTSPAN_COST_USD,
  ATTR_AGENTSPAN_LLM_CALLS,
  ATTR_AGENTSPAN_TOOL_CALLS,
];

const INFERENCE_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_AGENTSPAN_COST_USD,
];

const MEMORY_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_MEMORY_STORE_ID,
  ATTR_GEN_AI_MEMORY_RECORD_COUNT,
];

const KEYS_BY_OPERATION: Readonly<Record<string, readonly string[]>> = {
  invoke_agent: AGENT_KEYS,
  // Not in the S1 table; an application-driven workflow is compared like an agent.
  invoke_workflow: [...AGENT_KEYS, ATTR_GEN_AI_WORKFLOW_NAME],
  // The framework entry point of a whole turn names its entry agent.
  handle_conversation_turn: [...AGENT_KEYS, ATTR_GEN_AI_WORKFLOW_NAME],
  chat: INFERENCE_KEYS,
  generate_content: INFERENCE_KEYS,
  text_completion: INFERENCE_KEYS,
  retrieval: [
    ATTR_GEN_AI_OPERATION_NAME,
    ATTR_GEN_AI_DATA_SOURCE_ID,
    ATTR_GEN_AI_RETRIEVAL_TOP_K,
    ATTR_AGENTSPAN_RETRIEVAL_DOCUMENT_COUNT,
  ],
  execute_tool: [
    ATTR_GEN_AI_OPERATION_NAME,
    ATTR_GEN_AI_TOOL_NAME,
    ATTR_GEN_AI_TOOL_CALL_ID,
    ATTR_GEN_AI_TOOL_TYPE,
    ATTR_GEN_AI_AGENT_NAME,
  ],
  embeddings: [ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MODEL],
  rerank: [ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_REQUEST_MODEL],
  ...Object.fromEntries(MEMORY_OPERATIONS.map((operation) => [operation, MEMORY_KEYS])),
};

/** The HTTP server span of a request: the turn's rollups and ids (spec, "HTTP adapters"). */
export const HTTP_ROOT_KEYS: readonly string[] = [
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_USER_ID,
  ATTR_AGENTSPAN_USAGE_INPUT_TOKENS,
  ATTR_AGENTSPAN_USAGE_OUTPUT_TOKENS,
  ATTR_AGENTSPAN_COST_USD,
  ATTR_AGENTSPAN_LLM_CALLS,
  ATTR_AGENTSPAN_TOOL_CALLS,
];

/** An opt-in verbose framework span: kept so that one produced by default shows in the diff. */
const FRAMEWORK_KEYS = [ATTR_AGENTSPAN_FRAMEWORK];

/** Keys compared on a GenAI span of this operation (an unknown operation: the name only). */
export function comparedKeysFor(operation: string | undefined): readonly string[] {
  if (operation === undefined) return [...COMMON_KEYS, ...FRAMEWORK_KEYS];
  return [...COMMON_KEYS, ...(KEYS_BY_OPERATION[operation] ?? [ATTR_GEN_AI_OPERATION_NAME])];
}

/** Keys whose values are USD amounts: rounded so that the spec's 1e-12 tolerance holds. */
export const COST_KEYS: ReadonlySet<string> = new Set([ATTR_AGENTSPAN_COST_USD]);
