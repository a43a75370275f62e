// agentspan's own attributes, for what the GenAI conventions do not define.

/** Cost in US dollars of the span (a call) or of everything below it (agent, request). */
export const ATTR_AGENTSPAN_COST_USD = 'agentspan.cost.usd';
/** Chat / completion calls in an agent's or request's subtree (failed ones included). */
export const ATTR_AGENTSPAN_LLM_CALLS = 'agentspan.llm.calls';
/** Tool executions in an agent's or request's subtree (failed ones included). */
export const ATTR_AGENTSPAN_TOOL_CALLS = 'agentspan.tool.calls';
/** One of ERROR_CATEGORIES. */
export const ATTR_AGENTSPAN_ERROR_CATEGORY = 'agentspan.error.category';
export const ATTR_AGENTSPAN_RETRIEVAL_DOCUMENT_COUNT = 'agentspan.retrieval.document.count';
export const ATTR_AGENTSPAN_RERANK_DOCUMENT_COUNT = 'agentspan.rerank.document.count';
export const ATTR_AGENTSPAN_RERANK_TOP_N = 'agentspan.rerank.top_n';
/** Token rollups on a non-GenAI span (the HTTP server span of a request). */
export const ATTR_AGENTSPAN_USAGE_INPUT_TOKENS = 'agentspan.usage.input_tokens';
export const ATTR_AGENTSPAN_USAGE_OUTPUT_TOKENS = 'agentspan.usage.output_tokens';
/** Marks an opt-in verbose span for framework plumbing; the value is the run type. */
export const ATTR_AGENTSPAN_FRAMEWORK = 'agentspan.framework';
/** Name of the framework a span was translated from (langchain, ai-sdk, llamaindex…). */
export const ATTR_AGENTSPAN_FRAMEWORK_NAME = 'agentspan.framework.name';
/** The budget key and limit a request was refused for. */
export const ATTR_AGENTSPAN_BUDGET_KEY = 'agentspan.budget.key';
export const ATTR_AGENTSPAN_BUDGET_LIMIT_USD = 'agentspan.budget.limit_usd';
/** A guardrail check (apply_guardrail span): its name, its kind (input, output, tool_input, tool_output) and whether its tripwire fired. */
export const ATTR_AGENTSPAN_GUARDRAIL_NAME = 'agentspan.guardrail.name';
export const ATTR_AGENTSPAN_GUARDRAIL_TYPE = 'agentspan.guardrail.type';
export const ATTR_AGENTSPAN_GUARDRAIL_TRIGGERED = 'agentspan.guardrail.triggered';
