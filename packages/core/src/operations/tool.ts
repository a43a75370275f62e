// execute_tool: one tool execution, counted in the enclosing agent's rollup.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import type { Runtime } from '../runtime.js';
import type { ToolOperation, ToolResult, ToolStart } from '../types.js';

export class ToolOp extends BaseOperation<ToolResult> implements ToolOperation {
  readonly kind = 'execute_tool';
  private readonly toolName: string;
  private readonly toolType: string;

  constructor(rt: Runtime, o: ToolStart) {
    const toolType = o.type ?? 'function';
    const attributes: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.executeTool,
      [S.ATTR_GEN_AI_TOOL_NAME]: o.name,
      [S.ATTR_GEN_AI_TOOL_TYPE]: toolType,
    };
    if (o.callId) attributes[S.ATTR_GEN_AI_TOOL_CALL_ID] = o.callId;
    if (o.description) attributes[S.ATTR_GEN_AI_TOOL_DESCRIPTION] = o.description;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    rt.content.json(attributes, S.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, o.arguments);
    super(rt, S.toolSpanName(o.name), SpanKind.INTERNAL, o, attributes);
    if (this.parentState.agentName) this.span.setAttribute(S.ATTR_GEN_AI_AGENT_NAME, this.parentState.agentName);
    this.toolName = o.name;
    this.toolType = toolType;
  }

  protected onEnd(result: ToolResult | undefined): void {
    if (result?.result === undefined) return;
    const attributes: Attributes = {};
    this.rt.content.json(attributes, S.ATTR_GEN_AI_TOOL_CALL_RESULT, result.result);
    this.span.setAttributes(attributes);
  }

  protected onFinish(durationS: number, outcome: Outcome): void {
    this.rollup?.addCall('tool');
    this.rt.metrics.tool(this.toolName, this.toolType, this.parentState.agentName, durationS, outcome.errorType);
  }
}
