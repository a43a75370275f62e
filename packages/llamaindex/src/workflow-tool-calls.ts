// Tool calls of agent workflows → execute_tool spans. AgentWorkflow.callTool (one call of
// one tool, with the model's call id) is patched so the span is active while the tool body
// runs; the tool's wrapper (tool-wrapper.ts) hands it the tool's own error.
import { type Patcher, safely } from '@agentspan/core';
import { type Context, context as otelContext } from '@opentelemetry/api';
import { FRAMEWORK, activeTracing } from './active.js';
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
  const agent = workflow.getAgents().find((a) => a.name === call.agentName);
  return agent?.tools?.find((t) => t.metadata?.name === call.toolName);
}

export function patchToolCalls(patcher: Patcher, target: object): void {
  patcher.method(target, 'callTool', (original) => {
    const callTool = original as unknown as (this: WorkflowAgents, call: ToolCallShape) => unknown;
    return function tracedCallTool(this: WorkflowAgents, call: ToolCallShape) {
      const tracing = activeTracing();
      if (!tracing || typeof call?.toolName !== 'string') return callTool.call(this, call);
      const tool = safely('find tool', () => findTool(this, call), undefined);
      if (tool) wrapTool(tool);
      const description = tool?.metadata?.description;
      const op = safely(
        'tool start',
        () =>
          tracing.agentspan.startTool({
            name: call.toolName,
            callId: call.toolId,
            description: typeof description === 'string' ? description : undefined,
            framework: FRAMEWORK,
            arguments: () => call.toolKwargs,
          }),
        undefined,
      );
      if (!op) return callTool.call(this, call);
      const slot: ErrorSlot = { failed: false };
      const ctx: Context = op.context.setValue(ERROR_SLOT, slot);
      const fail = (error: unknown) => op.fail(slot.failed ? slot.error : error);
      let pending: unknown;
      try {
        pending = otelContext.with(ctx, () => callTool.call(this, call));
      } catch (error) {
        fail(error);
        throw error;
      }
      return Promise.resolve(pending).then(
        (output) => {
          op.end({ result: () => output });
          return output;
        },
        (error: unknown) => {
          fail(error);
          throw error;
        },
      );
    };
  });
}
