// Tool executions → execute_tool. executeTool runs the tool body inside the tool span, so
// what the tool does (a nested generateText, an HTTP call, a retrieval) nests under it.
import type { ToolOperation } from '@agentspan/core';
import { context } from '@opentelemetry/api';
import { type ExecuteToolOptions, type ToolEndEvent, type ToolStartEvent, field, stringField } from '../events.js';
import { FRAMEWORK, type RunTracker } from '../run-tracker.js';
import { childContext, releaseHeldChat } from '../run-state.js';

// Every field is read before our state changes: a throwing read leaves nothing half-done.
export function onToolStart(t: RunTracker, event: ToolStartEvent): void {
  const state = t.get(field(event, 'callId'));
  const call = field(event, 'toolCall');
  const id = field(call, 'toolCallId');
  const name = field(call, 'toolName');
  if (!state || typeof id !== 'string' || typeof name !== 'string' || state.tools?.has(id)) return;
  const input = field(call, 'input');
  // The model call that asked for this tool has been delivered.
  releaseHeldChat(state);
  const op = t.as.startTool({
    parent: childContext(state),
    name,
    callId: id,
    type: 'function',
    description: stringField(field(state.toolSet, name), 'description'),
    framework: FRAMEWORK,
    arguments: () => input,
  });
  state.tools ??= new Map();
  state.tools.set(id, op);
}

export function onToolEnd(t: RunTracker, event: ToolEndEvent): void {
  const state = t.get(field(event, 'callId'));
  const id = field(field(event, 'toolCall'), 'toolCallId');
  const op = typeof id === 'string' ? state?.tools?.get(id) : undefined;
  if (!op) return;
  const output = field(event, 'toolOutput');
  const failed = field(output, 'type') === 'tool-error';
  const error = failed ? field(output, 'error') : undefined;
  state?.tools?.delete(id as string);
  if (failed) op.fail(error);
  else op.end({ result: () => field(output, 'output') });
}

export function toolFor(t: RunTracker, callId: string, toolCallId: string): ToolOperation | undefined {
  return t.get(callId)?.tools?.get(toolCallId);
}

/** Runs the tool body in the tool span; its own error fails the span (the end event may carry a redacted copy) and is rethrown unchanged. */
export function runTool<T>(op: ToolOperation, options: ExecuteToolOptions<T>): Promise<T> {
  return context.with(op.context, async () => {
    try {
      return await options.execute();
    } catch (error) {
      op.fail(error);
      throw error;
    }
  });
}
