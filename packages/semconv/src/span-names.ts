// Span-name rules: one function per rule, so a reader finds any span's name in one hop.
import type { GenAIOperationName, MemoryOperationName } from './values.js';

/** `{operation} {model}` for inference and embeddings; the bare operation without a model. */
export function inferenceSpanName(operation: string, requestModel: string | undefined): string {
  return requestModel ? `${operation} ${requestModel}` : operation;
}
/** `retrieval {data_source.id}`. */
export function retrievalSpanName(dataSourceId: string | undefined): string {
  return dataSourceId ? `retrieval ${dataSourceId}` : 'retrieval';
}
/** Memory spans are named by their operation alone. */
export function memorySpanName(operation: MemoryOperationName): string {
  return operation;
}
/**
 * The in-process invocation: `{operation} {workflow.name}`, else `{operation} {agent.name}`,
 * else the bare operation (invoke_agent, invoke_workflow, handle_conversation_turn).
 */
export function agentSpanName(operation: GenAIOperationName, name: string | undefined): string {
  return name ? `${operation} ${name}` : operation;
}
/** `execute_tool {tool.name}`. */
export function toolSpanName(toolName: string): string {
  return `execute_tool ${toolName}`;
}
/** `rerank {model}`. */
export function rerankSpanName(model: string | undefined): string {
  return model ? `rerank ${model}` : 'rerank';
}
/** `apply_guardrail {guardrail name}`. */
export function guardrailSpanName(name: string | undefined): string {
  return name ? `apply_guardrail ${name}` : 'apply_guardrail';
}
