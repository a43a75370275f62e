// What a model run produced, from the LLMResult LangChain passes to handleLLMEnd.
import type { ChatResult } from '@agentspan/core';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { toGenAIMessage } from './messages.js';
import { type Bag, isBag, stringOf } from './values.js';

// Each value is read from its keys in order of preference, one named read per key (a loop
// of keyed reads over many shapes is a megamorphic lookup per read; this runs per model call).
function finishReasonOf(bag: Bag | undefined): string | undefined {
  if (!bag) return undefined;
  return stringOf(bag.finish_reason) ?? stringOf(bag.stop_reason) ?? stringOf(bag.finishReason);
}

interface GenerationLike {
  text?: string;
  generationInfo?: Bag;
  message?: BaseMessage;
}

export function toChatResult(output: LLMResult, captureContent: boolean): ChatResult {
  const generations = (output?.generations?.[0] ?? []) as GenerationLike[];
  const first = generations[0];
  const message = first?.message;
  const responseMetadata = isBag(message?.response_metadata) ? message.response_metadata : undefined;
  const llmOutput = isBag(output?.llmOutput) ? output.llmOutput : undefined;
  const result: ChatResult = {};

  const responseModel =
    stringOf(responseMetadata?.model_name) ??
    stringOf(responseMetadata?.model) ??
    stringOf(responseMetadata?.modelId) ??
    stringOf(llmOutput?.model_name) ??
    stringOf(llmOutput?.model);
  if (responseModel) result.responseModel = responseModel;
  const responseId = stringOf(responseMetadata?.id) ?? providerMessageId(message);
  if (responseId) result.responseId = responseId;

  // usage_metadata is the only source when streaming; tokenUsage is the legacy fallback.
  const usage =
    (message as { usage_metadata?: unknown } | undefined)?.usage_metadata ??
    llmOutput?.tokenUsage ??
    llmOutput?.usage ??
    llmOutput?.estimatedTokenUsage;
  if (usage !== undefined) result.usage = usage;

  const finishReasons: string[] = [];
  for (const generation of generations) {
    const md = isBag(generation.message?.response_metadata) ? generation.message.response_metadata : undefined;
    const reason = finishReasonOf(generation.generationInfo) ?? finishReasonOf(md);
    if (reason) finishReasons.push(reason);
  }
  if (finishReasons.length > 0) result.finishReasons = finishReasons;

  const toolCalls = (message as { tool_calls?: unknown } | undefined)?.tool_calls;
  result.toolCallCount = Array.isArray(toolCalls) ? toolCalls.length : 0;

  if (captureContent) {
    result.outputMessages = () =>
      generations.map((g) => (g.message ? toGenAIMessage(g.message) : { role: 'assistant', parts: [{ type: 'text', content: g.text ?? '' }] }));
  }
  return result;
}

// LangChain stamps `run-<uuid>` on messages without a provider id: not a response id.
function providerMessageId(message: BaseMessage | undefined): string | undefined {
  const id = stringOf(message?.id);
  return id && !id.startsWith('run-') ? id : undefined;
}

/** The tool calls the model asked for (its first generation's message `tool_calls`). */
export function requestedToolCalls(output: LLMResult): unknown {
  const message = (output?.generations?.[0]?.[0] as GenerationLike | undefined)?.message;
  return (message as { tool_calls?: unknown } | undefined)?.tool_calls;
}
