// A model's answer → the chat span's result: response model, id, usage and finish reasons
// from the provider's raw response when the model passes it on (OpenAI's models do), else
// from the SDK's own Usage; tool calls counted from the output items.
import type { ChatResult, GenAIMessage, ProviderResponseFacts } from '@agentspan/core';
import { readProviderResponse } from '@agentspan/core';
import { toGenAIMessages } from './messages.js';
import { isRecord, type SdkModelRequest, type SdkModelResponse, text } from './sdk.js';

/** The function calls among a model's output items. */
export function functionCalls(output: unknown): Record<string, unknown>[] {
  if (!Array.isArray(output)) return [];
  return output.filter((item): item is Record<string, unknown> => isRecord(item) && item.type === 'function_call');
}

export function chatResult(
  facts: ProviderResponseFacts,
  response: SdkModelResponse | undefined,
  capture: boolean,
): ChatResult {
  const output = response?.output;
  return {
    responseModel: facts.responseModel,
    responseId: facts.responseId ?? text(response?.responseId) ?? text(response?.id),
    usage: facts.usage ?? response?.usage,
    finishReasons: facts.finishReasons,
    toolCallCount: functionCalls(output).length,
    outputMessages: capture ? (): GenAIMessage[] => toGenAIMessages(output) : undefined,
  };
}

/** The facts a complete (non-streamed) answer carries. */
export function responseFacts(response: SdkModelResponse | undefined): ProviderResponseFacts {
  return readProviderResponse(response?.providerData);
}

/** The handoff the model asked for, if it called one of the request's handoff tools. */
export function handoffCall(
  request: SdkModelRequest,
  output: unknown,
): { name: string; callId: string | undefined; arguments: unknown } | undefined {
  const handoffs = request.handoffs;
  if (!handoffs || handoffs.length === 0) return undefined;
  for (const call of functionCalls(output)) {
    if (handoffs.some((h) => h.toolName === call.name)) {
      return { name: String(call.name), callId: text(call.callId), arguments: call.arguments };
    }
  }
  return undefined;
}
