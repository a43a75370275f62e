// Tool calls of agent workflows → execute_tool spans. AgentWorkflow.callTool (one call of
// one tool, with the model's call id) is patched so the span is active while the tool body
// runs; the tool's wrapper (tool-wrapper.ts) hands it the tool's own error.
import { type Patcher, type ToolOperation, reportInternal } from '@agentspan/core';
import { context as otelContext } from '@opentelemetry/api';
import { FRAMEWORK, type Tracing, activeTracing } from './active.js';
import { ERROR_SLOT, type ErrorSlot, type ToolShape, wrapTool } from './tool-wrapper.js';

interface ToolCallShape {
  agentName?: string;
  toolName: string;
  toolId?: string;
  toolKwargs?: unknown;
}

interface WorkflowAgents {
  getAgents(): { name: string; tools?: ToolShape[] }[];
}

function findTool(workflow: WorkflowAgents, call: ToolCallShape): ToolShape | undefined {
  for (const agent of workflow.getAgents()) {
    if (agent.name !== call.agentName) continue;
    for (const tool of agent.tools ?? []) if (tool.metadata?.name === call.toolName) return tool;
    return undefined;
  }
  return undefined;
}

function startToolSpan(tracing: Tracing, workflow: WorkflowAgents, call: ToolCallShape): ToolOperation {
  let tool: ToolShape | undefined;
  try {
    tool = findTool(workflow, call);
  } catch (error) {
    reportInternal('find tool', error);
  }
  if (tool) wrapTool(tool);
  const description = tool?.metadata?.description;
  return tracing.agentspan.startTool({
    name: call.toolName,
    callId: call.toolId,
    description: typeof description === 'string' ? description : undefined,
    framework: FRAMEWORK,
    arguments: tracing.agentspan.captureContent ? () => call.toolKwargs : undefined,
  });
}

export function patchToolCalls(patcher: Patcher, target: object): void {
  patcher.method(target, 'callTool', (original) => {
    const callTool = original as unknown as (this: WorkflowAgents, call: ToolCallShape) => unknown;
    return function tracedCallTool(this: WorkflowAgents, call: ToolCallShape) {
      const tracing = activeTracing();
      if (!tracing || typeof call?.toolName !== 'string') return callTool.call(this, call);
      let op: ToolOperation;
      try {
        op = startToolSpan(tracing, this, call);
      } catch (error) {
        reportInternal('tool start', error);
        return callTool.call(this, call);
      }
      const slot: ErrorSlot = { failed: false };
      let pending: unknown;
      try {
        pending = otelContext.with(op.context.setValue(ERROR_SLOT, slot), callTool, this, call);
      } catch (error) {
        op.fail(slot.failed ? slot.error : error);
        throw error;
      }
      const capture = tracing.agentspan.captureContent;
      return Promise.resolve(pending).then(
        (output) => {
          op.end(capture ? { result: () => output } : undefined);
          return output;
        },
        (error: unknown) => {
          op.fail(slot.failed ? slot.error : error);
          throw error;
        },
      );
    };
  });
}
