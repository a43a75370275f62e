// onStart / onEnd / onError / onAbort: one AI SDK call. Text and object generation become
// invoke_agent (merged into an enclosing agent of the same name, or when the call has no
// name of its own); embed and rerank calls make no agent, only their model-call spans.
import { abortError } from '@agentspan/core';
import { context } from '@opentelemetry/api';
import { type AbortEvent, type OperationEndEvent, type OperationStartEvent, field, hasField, stringField } from '../events.js';
import { toInputMessages, toOutputMessages } from '../messages.js';
import { FRAMEWORK, type RunTracker } from '../run-tracker.js';
import { type RunKind, type RunState, closeChildren, releaseHeldChat } from '../run-state.js';

const OPERATIONS: Record<string, { kind: RunKind; stream: boolean }> = {
  'ai.generateText': { kind: 'text', stream: false },
  'ai.streamText': { kind: 'text', stream: true },
  'ai.generateObject': { kind: 'object', stream: false },
  'ai.streamObject': { kind: 'object', stream: true },
  'ai.embed': { kind: 'embed', stream: false },
  'ai.embedMany': { kind: 'embed', stream: false },
  'ai.rerank': { kind: 'rerank', stream: false },
};

export function onOperationStart(t: RunTracker, event: OperationStartEvent): void {
  const operationId = stringField(event, 'operationId');
  const callId = stringField(event, 'callId');
  const spec = operationId === undefined ? undefined : OPERATIONS[operationId];
  if (!spec || callId === undefined || operationId === undefined || !t.claim(callId)) return;
  // The application's context at the call: every span of this call parents from it.
  const parent = context.active();
  const runtimeContext = field(event, 'runtimeContext');
  const { conversationId, userId } = t.ids(runtimeContext);
  const state: RunState = {
    callId,
    kind: spec.kind,
    stream: spec.stream,
    parent,
    conversationId,
    userId,
    prompt: t.prompt(runtimeContext),
    toolSet: field(event, 'tools'),
    agent: undefined,
    step: undefined,
    chat: undefined,
    attemptError: undefined,
    responseModel: undefined,
    held: undefined,
    tools: undefined,
    embeds: undefined,
    rerank: undefined,
  };
  if (spec.kind === 'text' || spec.kind === 'object') {
    const name = stringField(event, 'functionId') ?? t.options.agentName;
    const messages = field(event, 'messages');
    state.agent = t.as.startAgent({
      parent,
      name: name ?? operationId,
      isDefaultName: name === undefined,
      requestModel: stringField(event, 'modelId'),
      framework: FRAMEWORK,
      conversationId,
      userId,
      input: () => toInputMessages(messages),
    });
  }
  t.add(state);
}

function outputOf(event: OperationEndEvent): (() => ReturnType<typeof toOutputMessages>) | undefined {
  const text = field(event, 'text');
  if (typeof text === 'string') return () => toOutputMessages([{ type: 'text', text }]);
  if (hasField(event, 'object')) return () => toOutputMessages([{ type: 'text', text: JSON.stringify(field(event, 'object')) }]);
  return undefined;
}

export function onOperationEnd(t: RunTracker, event: OperationEndEvent): void {
  const state = t.get(field(event, 'callId'));
  if (!state) return;
  const output = outputOf(event);
  t.finish(state);
  releaseHeldChat(state);
  // Nothing else should be open at a successful end; whatever is was cut short.
  closeChildren(state, 'cancel', abortError('The AI SDK call ended before this operation did'));
  state.agent?.end({ output });
}

export function onOperationError(t: RunTracker, event: unknown): void {
  const state = t.get(field(event, 'callId'));
  if (!state) return;
  t.finish(state);
  const error = field(event, 'error');
  closeChildren(state, 'fail', error);
  state.agent?.fail(error);
}

export function onOperationAbort(t: RunTracker, event: AbortEvent): void {
  const state = t.get(field(event, 'callId'));
  if (!state) return;
  t.finish(state);
  const reason = field(event, 'reason') ?? abortError();
  closeChildren(state, 'cancel', reason);
  state.agent?.cancel(reason);
}
