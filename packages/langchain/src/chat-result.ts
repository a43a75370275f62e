// What a model run produced, from the LLMResult LangChain passes to handleLLMEnd.
import type { ChatResult } from '@agentspan/core';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { toGenAIMessage } from './messages.js';
import { type Bag, firstString, isBag, stringOf } from './values.js';

// Where each value may be, in order of preference.
const KEYS_MODEL_NAME = ['model_name', 'model', 'modelId'] as const;
const KEYS_LLM_OUTPUT_MODEL = ['model_name', 'model'] as const;
const KEYS_ID = ['id'] as const;
const KEYS_FINISH_REASON = ['finish_reason', 'stop_reason', 'finishReason'] as const;

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
    firstString(responseMetadata, KEYS_MODEL_NAME) ?? firstString(llmOutput, KEYS_LLM_OUTPUT_MODEL);
  if (responseModel) result.responseModel = responseModel;
  const responseId = firstString(responseMetadata, KEYS_ID) ?? providerMessageId(message);
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
    const reason =
      firstString(generation.generationInfo, KEYS_FINISH_REASON) ??
      firstString(md, KEYS_FINISH_REASON);
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
