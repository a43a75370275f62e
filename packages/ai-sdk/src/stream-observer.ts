// Observes the provider's stream of a model call (the one the AI SDK reads, not the
// caller's): each output chunk marks the chat operation (time to first chunk, idle watchdog);
// the response-metadata chunk tells the response model.
import type { ChatOperation } from '@agentspan/core';

// The AI SDK's own notion of an output chunk (ai/src/generate-text/is-output-chunk.ts).
const OUTPUT_CHUNKS = new Set(['text-delta', 'reasoning-delta', 'tool-input-delta', 'tool-call', 'file', 'reasoning-file']);

function isOutputChunk(chunk: unknown): boolean {
  return typeof chunk === 'object' && chunk !== null && OUTPUT_CHUNKS.has((chunk as { type?: string }).type ?? '');
}

/**
 * When `result` is a stream result (`{stream: ReadableStream}`), replaces its stream in
 * place by one that reports output chunks to `chat`. In place: the AI SDK may hand us a
 * redacted copy of its own object and maps it back by identity.
 */
export function observeModelStream(result: unknown, chat: ChatOperation, onResponseModel: (model: string) => void): void {
  if (typeof result !== 'object' || result === null) return;
  const holder = result as { stream?: unknown };
  const source = holder.stream;
  if (!(source instanceof ReadableStream)) return;
  holder.stream = source.pipeThrough(
    new TransformStream<unknown, unknown>({
      transform(chunk, controller) {
        if (isOutputChunk(chunk)) chat.recordChunk();
        else if ((chunk as { type?: string }).type === 'response-metadata') {
          const model = (chunk as { modelId?: unknown }).modelId;
          if (typeof model === 'string' && model !== '') onResponseModel(model);
        }
        controller.enqueue(chunk);
      },
    }),
  );
}
