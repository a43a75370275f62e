// embed / embedMany model calls → embeddings; rerank model calls → rerank. They parent
// from the application's context at the call (there is no agent for these calls).
import { providerName } from '@agentspan/core';
import type { EmbedCallEndEvent, EmbedCallStartEvent, RerankCallEndEvent, RerankCallStartEvent } from '../events.js';
import { FRAMEWORK, type RunTracker } from '../run-tracker.js';

export function onEmbedStart(t: RunTracker, event: EmbedCallStartEvent): void {
  const state = t.get(event.callId);
  // A retry re-sends the start with the same embedCallId.
  if (!state || state.embeds?.has(event.embedCallId)) return;
  const values = event.values;
  const op = t.as.startEmbeddings({
    parent: state.parent,
    conversationId: state.conversationId,
    userId: state.userId,
    provider: providerName(event.provider),
    requestModel: event.modelId,
    framework: FRAMEWORK,
    input: () => values,
  });
  state.embeds ??= new Map();
  state.embeds.set(event.embedCallId, op);
}

export function onEmbedEnd(t: RunTracker, event: EmbedCallEndEvent): void {
  const state = t.get(event.callId);
  const op = state?.embeds?.get(event.embedCallId);
  if (!op) return;
  state?.embeds?.delete(event.embedCallId);
  const tokens = event.usage?.tokens;
  op.end({
    // The AI SDK reports embedding usage as {tokens}: all of it is input.
    usage: typeof tokens === 'number' ? { inputTokens: tokens } : undefined,
    dimensions: event.embeddings[0]?.length,
  });
}

export function onRerankStart(t: RunTracker, event: RerankCallStartEvent): void {
  const state = t.get(event.callId);
  if (!state || state.rerank) return;
  state.rerank = t.as.startRerank({
    parent: state.parent,
    conversationId: state.conversationId,
    userId: state.userId,
    provider: providerName(event.provider),
    requestModel: event.modelId,
    topN: event.topN,
    documentCount: event.documents.length,
    framework: FRAMEWORK,
  });
}

export function onRerankEnd(t: RunTracker, event: RerankCallEndEvent): void {
  const state = t.get(event.callId);
  const op = state?.rerank;
  if (!state || !op) return;
  state.rerank = undefined;
  op.end({ responseModel: event.modelId });
}
