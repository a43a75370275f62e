// The chat model of scenario S1 as the AI SDK's own MockLanguageModelV4, scripted from the
// conformance fixture: a tool call, then the final answer; streamed in chunks when asked.
import type { LanguageModelV4GenerateResult, LanguageModelV4StreamPart, LanguageModelV4StreamResult } from '@ai-sdk/provider';
import type { S1Fixture } from '@agentspan/conformance/runner';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

// The AI SDK's OpenAI chat provider id: the integration maps it to `openai`.
export const PROVIDER_ID = 'openai.chat';

interface FixtureUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  reasoningOutputTokens?: number;
}

/** The fixture's usage in the provider V4 shape (totals with their breakdowns). */
export function v4Usage(u: FixtureUsage): LanguageModelV4GenerateResult['usage'] {
  const cacheRead = u.cacheReadInputTokens;
  const reasoning = u.reasoningOutputTokens;
  return {
    inputTokens: { total: u.inputTokens, noCache: u.inputTokens - (cacheRead ?? 0), cacheRead, cacheWrite: undefined },
    outputTokens: { total: u.outputTokens, text: u.outputTokens - (reasoning ?? 0), reasoning },
  };
}

function toolCallResult(f: S1Fixture): LanguageModelV4GenerateResult {
  const call = f.chat1.toolCall;
  return {
    content: [{ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: JSON.stringify(call.arguments) }],
    finishReason: { unified: 'tool-calls', raw: f.chat1.finishReason },
    usage: v4Usage(f.chat1.usage),
    warnings: [],
    response: { id: 'chatcmpl-1', modelId: f.responseModel },
  };
}

function answerResult(f: S1Fixture): LanguageModelV4GenerateResult {
  return {
    content: [{ type: 'text', text: f.chat2.text }],
    finishReason: { unified: 'stop', raw: f.chat2.finishReason },
    usage: v4Usage(f.chat2.usage),
    warnings: [],
    response: { id: 'chatcmpl-2', modelId: f.responseModel },
  };
}

function stream(chunks: LanguageModelV4StreamPart[], chunkDelayInMs: number): LanguageModelV4StreamResult {
  return { stream: simulateReadableStream({ chunks, chunkDelayInMs, initialDelayInMs: chunkDelayInMs }) };
}

function toolCallStream(f: S1Fixture, delay: number): LanguageModelV4StreamResult {
  const call = f.chat1.toolCall;
  const input = JSON.stringify(call.arguments);
  return stream(
    [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'chatcmpl-1', modelId: f.responseModel },
      { type: 'tool-input-start', id: call.id, toolName: call.name },
      { type: 'tool-input-delta', id: call.id, delta: input },
      { type: 'tool-input-end', id: call.id },
      { type: 'tool-call', toolCallId: call.id, toolName: call.name, input },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: f.chat1.finishReason }, usage: v4Usage(f.chat1.usage) },
    ],
    delay,
  );
}

function answerStream(f: S1Fixture, delay: number): LanguageModelV4StreamResult {
  return stream(
    [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'chatcmpl-2', modelId: f.responseModel },
      { type: 'text-start', id: 'text-1' },
      ...f.chat2.chunks.map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 'text-1', delta })),
      { type: 'text-end', id: 'text-1' },
      { type: 'finish', finishReason: { unified: 'stop', raw: f.chat2.finishReason }, usage: v4Usage(f.chat2.usage) },
    ],
    delay,
  );
}

export interface FixtureModelOptions {
  /** Thrown by the first model call (S3). */
  firstCallError?: Error;
  /** Delay between streamed chunks (ms). */
  chunkDelayMs?: number;
}

/** A fresh model per turn: its call counter scripts the turn. */
export function fixtureModel(f: S1Fixture, options: FixtureModelOptions = {}): MockLanguageModelV4 {
  const delay = options.chunkDelayMs ?? 1;
  let generateCalls = 0;
  let streamCalls = 0;
  return new MockLanguageModelV4({
    provider: PROVIDER_ID,
    modelId: f.requestModel,
    doGenerate: async () => {
      generateCalls++;
      if (generateCalls === 1 && options.firstCallError) throw options.firstCallError;
      return generateCalls === 1 ? toolCallResult(f) : answerResult(f);
    },
    doStream: async () => {
      streamCalls++;
      if (streamCalls === 1 && options.firstCallError) throw options.firstCallError;
      return streamCalls === 1 ? toolCallStream(f, delay) : answerStream(f, delay);
    },
  });
}
