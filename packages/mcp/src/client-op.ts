// The MCP client span: one outgoing request, from its send to its response. For a
// tools/call with no tool span around it (the application calls the MCP client itself) it
// is the tool span too: `gen_ai.operation.name=execute_tool`, counted in the agent's
// rollup and the tool metric. Inside a framework's tool span it is only the protocol call
// beneath it, so that one tool call is one execute_tool, counted once.
import { type Attributes, SpanKind, context as otelContext, trace } from '@opentelemetry/api';
import { type OperationStart, type Runtime, operationKindIn } from '@agentspan/core';
import * as S from '@agentspan/semconv';
import { type RequestFacts, callAttributes, callSpanName, toolArguments } from './call-attributes.js';
import { McpOperation, type McpResult } from './mcp-operation.js';
import type { TurnIds } from './meta.js';

export interface McpClientStart extends OperationStart {
  facts: RequestFacts;
  connection: Attributes;
  resourceUriInSpanName: boolean;
}

/** An enclosing execute_tool of agentspan, or of another GenAI instrumentation (its SDK span's attributes). */
function insideToolSpan(parent: ReturnType<typeof otelContext.active>): boolean {
  if (operationKindIn(parent) === S.GEN_AI_OPERATIONS.executeTool) return true;
  const span = trace.getSpan(parent) as { attributes?: Record<string, unknown> } | undefined;
  try {
    return span?.attributes?.[S.ATTR_GEN_AI_OPERATION_NAME] === S.GEN_AI_OPERATIONS.executeTool;
  } catch {
    return false;
  }
}

export class McpClientOp extends McpOperation {
  readonly kind = 'mcp_client';
  /** True when this call is the tool span itself (no tool span around it). */
  private readonly isToolSpan: boolean;
  private readonly toolName: string | undefined;

  constructor(rt: Runtime, o: McpClientStart) {
    const parent = o.parent ?? otelContext.active();
    const { facts } = o;
    const isToolSpan = facts.method === 'tools/call' && facts.toolName !== undefined && !insideToolSpan(parent);
    const attributes = callAttributes(facts, o.connection);
    if (isToolSpan) {
      attributes[S.ATTR_GEN_AI_OPERATION_NAME] = S.GEN_AI_OPERATIONS.executeTool;
      if (rt.content.enabled) rt.content.json(attributes, S.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, toolArguments(facts));
    }
    o.parent = parent;
    super(rt, callSpanName(facts, o.resourceUriInSpanName), SpanKind.CLIENT, o, attributes);
    this.isToolSpan = isToolSpan;
    this.toolName = facts.toolName;
    if (isToolSpan && this.parentState.agentName) this.span.setAttribute(S.ATTR_GEN_AI_AGENT_NAME, this.parentState.agentName);
  }

  /** The turn's ids, for propagation to the server. */
  get turnIds(): TurnIds {
    return { conversationId: this.parentState.conversationId, userId: this.parentState.userId };
  }

  protected onEnd(result: McpResult | undefined): void {
    if (!this.isToolSpan || result === undefined || !this.rt.content.enabled) return;
    const attributes: Attributes = {};
    this.rt.content.json(attributes, S.ATTR_GEN_AI_TOOL_CALL_RESULT, () => result.result);
    this.span.setAttributes(attributes);
  }

  protected onFinish(durationS: number, outcome: { errorType?: string }): void {
    if (!this.isToolSpan || this.toolName === undefined) return;
    this.rollup?.addCall('tool');
    this.rt.metrics.tool(this.toolName, 'function', this.parentState.agentName, durationS, this.errorTypeOf(outcome.errorType));
  }
}
