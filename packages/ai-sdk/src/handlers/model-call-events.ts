// Language-model calls → chat. One chat span per logical call: the AI SDK retries inside
// it (generateText keeps one start event; streamText re-sends the start per attempt, which
// finds the span still open). executeLanguageModelCall runs the provider call inside the
// chat span, so the provider's HTTP span nests under it.
import { type ChatOperation, type ChatResult, providerName, reportInternal } from '@agentspan/core';
import { context } from '@opentelemetry/api';
import {
  type ExecuteModelCallOptions,
  type ModelCallEndEvent,
  type ModelCallStartEvent,
  type ObjectStepEndEvent,
  type ObjectStepStartEvent,
  field,
  stringField,
} from '../events.js';
import { countToolCalls, toInputMessages, toOutputMessages, toSystemInstructions, toToolDefinitions } from '../messages.js';
import { FRAMEWORK, type RunTracker } from '../run-tracker.js';
import { type RunState, childContext, releaseHeldChat } from '../run-state.js';
import { observeModelStream } from '../stream-observer.js';

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function startChat(t: RunTracker, state: RunState, event: unknown, input: () => unknown): void {
  releaseHeldChat(state);
  state.attemptError = undefined;
  state.responseModel = undefined;
  const stop = field(event, 'stopSequences');
  state.chat = t.as.startChat({
    parent: childContext(state),
    provider: providerName(stringField(event, 'provider')),
    requestModel: stringField(event, 'modelId'),
    stream: state.stream,
    params: {
      maxTokens: num(field(event, 'maxOutputTokens')),
      temperature: num(field(event, 'temperature')),
      topP: num(field(event, 'topP')),
      topK: num(field(event, 'topK')),
      stopSequences: Array.isArray(stop) ? (stop as string[]) : undefined,
      frequencyPenalty: num(field(event, 'frequencyPenalty')),
      presencePenalty: num(field(event, 'presencePenalty')),
      seed: num(field(event, 'seed')),
    },
    framework: FRAMEWORK,
    inputMessages: () => toInputMessages(input()),
    systemInstructions: () => toSystemInstructions(field(event, 'instructions')) ?? [],
    toolDefinitions: () => toToolDefinitions(field(event, 'tools')) ?? [],
    prompt: state.prompt,
  });
}

/** Ends the call's chat, or, when streamed, holds it until the caller has read the output. */
function endChat(state: RunState, chat: ChatOperation, result: ChatResult): void {
  state.chat = undefined;
  if (state.stream && state.kind === 'text') state.held = { op: chat, result };
  else chat.end(result);
}

export function onModelCallStart(t: RunTracker, event: ModelCallStartEvent): void {
  const state = t.get(event.callId);
  // An open chat means a retry attempt of the same logical call.
  if (!state || state.chat) return;
  startChat(t, state, event, () => event.messages);
}

export function onModelCallEnd(t: RunTracker, event: ModelCallEndEvent): void {
  const state = t.get(event.callId);
  const chat = state?.chat;
  if (!state || !chat) return;
  endChat(state, chat, {
    responseModel: state.responseModel ?? event.modelId,
    responseId: event.responseId,
    usage: event.usage,
    finishReasons: [event.finishReason],
    toolCallCount: countToolCalls(event.content),
    outputMessages: () => toOutputMessages(event.content),
  });
}

export function onObjectStepStart(t: RunTracker, event: ObjectStepStartEvent): void {
  const state = t.get(event.callId);
  if (!state || state.chat) return;
  startChat(t, state, event, () => event.promptMessages);
}

export function onObjectStepEnd(t: RunTracker, event: ObjectStepEndEvent): void {
  const state = t.get(event.callId);
  const chat = state?.chat;
  if (!state || !chat) return;
  endChat(state, chat, {
    responseModel: stringField(event.response, 'modelId'),
    responseId: stringField(event.response, 'id'),
    usage: event.usage,
    finishReasons: [event.finishReason],
    outputMessages: () => toOutputMessages([{ type: 'text', text: event.objectText }]),
  });
}

/** The chat span in flight for a call, if this integration traces it. */
export function chatFor(t: RunTracker, callId: string): { state: RunState; chat: ChatOperation } | undefined {
  const state = t.get(callId);
  return state?.chat ? { state, chat: state.chat } : undefined;
}

/**
 * Runs one attempt of the provider call inside the chat span. The attempt's error is kept
 * for the span (the caller may receive a RetryError wrapping it) and rethrown unchanged.
 */
export function runModelCall<T>(
  found: { state: RunState; chat: ChatOperation },
  options: ExecuteModelCallOptions<T>,
): Promise<T> {
  const { state, chat } = found;
  return context.with(chat.context, async () => {
    let result: T;
    try {
      result = await options.execute();
    } catch (error) {
      state.attemptError = error;
      throw error;
    }
    try {
      const model = stringField(field(result, 'response'), 'modelId');
      if (model) state.responseModel = model;
      if (state.stream) observeModelStream(result, chat, (m) => (state.responseModel = m));
    } catch (error) {
      // observation is optional: the result passes through unobserved
      reportInternal('observe model call result', error);
    }
    return result;
  });
}
