// embed / embedMany model calls → embeddings; rerank model calls → rerank. They parent
// from the application's context at the call (there is no agent for these calls).
import { providerName } from '@agentspan/core';
import { type EmbedCallEndEvent, type EmbedCallStartEvent, type RerankCallEndEvent, type RerankCallStartEvent, field } from '../events.js';
import { FRAMEWORK, type RunTracker } from '../run-tracker.js';

export function onEmbedStart(t: RunTracker, event: EmbedCallStartEvent): void {
  const state = t.get(field(event, 'callId'));
  const embedCallId = field(event, 'embedCallId') as string;
  // A retry re-sends the start with the same embedCallId.
  if (!state || state.embeds?.has(embedCallId)) return;
  const values = field(event, 'values');
  const op = t.as.startEmbeddings({
    parent: state.parent,
    conversationId: state.conversationId,
    userId: state.userId,
    provider: providerName(field(event, 'provider') as string),
    requestModel: field(event, 'modelId') as string,
    framework: FRAMEWORK,
    input: () => values as string[],
  });
  state.embeds ??= new Map();
  state.embeds.set(embedCallId, op);
}

export function onEmbedEnd(t: RunTracker, event: EmbedCallEndEvent): void {
  const state = t.get(field(event, 'callId'));
  const embedCallId = field(event, 'embedCallId') as string;
  const op = state?.embeds?.get(embedCallId);
  if (!op) return;
  // Read before the op leaves our map: a throwing read must not leave it open and untracked.
  const tokens = field(field(event, 'usage'), 'tokens');
  const dimensions = field(field(field(event, 'embeddings'), '0'), 'length');
  state?.embeds?.delete(embedCallId);
  op.end({
    // The AI SDK reports embedding usage as {tokens}: all of it is input.
    usage: typeof tokens === 'number' ? { inputTokens: tokens } : undefined,
    dimensions: typeof dimensions === 'number' ? dimensions : undefined,
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
  const state = t.get(field(event, 'callId'));
  const op = state?.rerank;
  if (!state || !op) return;
  const modelId = field(event, 'modelId');
  state.rerank = undefined;
  op.end({ responseModel: typeof modelId === 'string' ? modelId : undefined });
}
