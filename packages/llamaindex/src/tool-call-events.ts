// The call id of a tool called outside AgentWorkflow (legacy agents): LlamaIndex's callTool
// dispatches llm-tool-call (queued, by microtask) and then calls the tool in the same
// synchronous run, so the dispatch is noted and the very next call of that tool with that
// very input object takes its id.
import type { Patcher } from '@agentspan/core';
import { CallbackManager } from '@llamaindex/core/global';

/** The tool call announced by the last llm-tool-call event, consumed by the very next tool call. */
let announced: { id?: unknown; name?: unknown; input?: unknown } | undefined;

export function patchToolCallEvents(patcher: Patcher): void {
  patcher.method(CallbackManager.prototype, 'dispatchEvent', (original) => {
    const dispatch = original as unknown as (this: unknown, event: unknown, detail: unknown, sync?: unknown) => unknown;
    return function tracedDispatch(this: unknown, event: unknown, detail: unknown, sync?: unknown) {
      if (event === 'llm-tool-call') announced = (detail as { toolCall?: typeof announced } | undefined)?.toolCall;
      return dispatch.call(this, event, detail, sync);
    };
  });
}

export function takeAnnounced(name: unknown, input: unknown): string | undefined {
  const call = announced;
  announced = undefined;
  return call && call.name === name && call.input === input && typeof call.id === 'string' ? call.id : undefined;
}

/** A call inside AgentWorkflow has its id already: forget the announcement. */
export function clearAnnounced(): void {
  announced = undefined;
}
