// The model the support agent calls, as a Nest provider: scripted with the S1 fixture's
// replies (offline, the default), or OpenAI's Chat Completions API over fetch when the
// example has OPENAI_API_KEY. Both answer in the provider's own spelling (usage included),
// which the core normalises.
import type { GenAIMessage, ToolDefinition } from '@agentspan/core';
import { S1 } from '@agentspan/conformance/runner';

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface ChatReply {
  message: GenAIMessage;
  text: string;
  toolCalls: ToolCall[];
  responseModel: string;
  finishReason: string;
  /** The provider's usage object, as received. */
  usage: unknown;
}

/** The DI token and the interface of the agent's model. */
export abstract class ChatModel {
  abstract readonly provider: string;
  abstract readonly requestModel: string;
  /** `fail`: the error the scripted model throws (the S3 variant); a real model ignores it. */
  abstract complete(messages: readonly GenAIMessage[], tools: readonly ToolDefinition[], fail?: Error): Promise<ChatReply>;
}

const f = S1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Replies with the fixture: the tool call first, the answer once the tool result is in. */
export class ScriptedChatModel extends ChatModel {
  readonly provider = f.provider;
  readonly requestModel = f.requestModel;

  async complete(messages: readonly GenAIMessage[], _tools: readonly ToolDefinition[], fail?: Error): Promise<ChatReply> {
    await sleep(1);
    if (fail) throw fail;
    if (!messages.some((m) => m.role === 'tool')) {
      const call = { ...f.chat1.toolCall, arguments: { ...f.chat1.toolCall.arguments } };
      return {
        message: { role: 'assistant', parts: [{ type: 'tool_call', ...call }] },
        text: '',
        toolCalls: [call],
        responseModel: f.responseModel,
        finishReason: f.chat1.finishReason,
        usage: {
          prompt_tokens: f.chat1.usage.inputTokens,
          completion_tokens: f.chat1.usage.outputTokens,
          prompt_tokens_details: { cached_tokens: f.chat1.usage.cacheReadInputTokens },
        },
      };
    }
    return {
      message: { role: 'assistant', parts: [{ type: 'text', content: f.chat2.text }] },
      text: f.chat2.text,
      toolCalls: [],
      responseModel: f.responseModel,
      finishReason: f.chat2.finishReason,
      usage: {
        prompt_tokens: f.chat2.usage.inputTokens,
        completion_tokens: f.chat2.usage.outputTokens,
        completion_tokens_details: { reasoning_tokens: f.chat2.usage.reasoningOutputTokens },
      },
    };
  }
}

interface OpenAIMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

function toOpenAI(message: GenAIMessage): OpenAIMessage[] {
  const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.content] : [])).join('');
  if (message.role === 'tool') {
    return message.parts.flatMap((p) =>
      p.type === 'tool_call_response' ? [{ role: 'tool', tool_call_id: String(p.id), content: JSON.stringify(p.response) }] : [],
    );
  }
  const calls = message.parts.flatMap((p) =>
    p.type === 'tool_call'
      ? [{ id: String(p.id), type: 'function' as const, function: { name: p.name, arguments: JSON.stringify(p.arguments) } }]
      : [],
  );
  return [{ role: message.role, content: text || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) }];
}

/** OpenAI's Chat Completions API (OPENAI_BASE_URL, default https://api.openai.com/v1). */
export class OpenAIChatModel extends ChatModel {
  readonly provider = 'openai';
  constructor(
    private readonly apiKey: string,
    readonly requestModel: string,
    private readonly baseURL = 'https://api.openai.com/v1',
  ) {
    super();
  }

  async complete(messages: readonly GenAIMessage[], tools: readonly ToolDefinition[]): Promise<ChatReply> {
    const response = await fetch(`${this.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
      body: JSON.stringify({
        model: this.requestModel,
        messages: messages.flatMap(toOpenAI),
        ...(tools.length > 0 ? { tools: tools.map(({ name, description, parameters }) => ({ type: 'function', function: { name, description, parameters } })) } : {}),
      }),
    });
    if (!response.ok) throw new Error(`OpenAI answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as {
      model: string;
      usage: unknown;
      choices: { message: OpenAIMessage; finish_reason: string }[];
    };
    const choice = body.choices[0];
    const toolCalls = (choice?.message.tool_calls ?? []).map((c) => ({
      id: c.id,
      name: c.function.name,
      arguments: JSON.parse(c.function.arguments) as Record<string, unknown>,
    }));
    const text = choice?.message.content ?? '';
    return {
      message: {
        role: 'assistant',
        parts: [...(text ? [{ type: 'text' as const, content: text }] : []), ...toolCalls.map((c) => ({ type: 'tool_call' as const, ...c }))],
      },
      text,
      toolCalls,
      responseModel: body.model,
      finishReason: choice?.finish_reason ?? 'unknown',
      usage: body.usage,
    };
  }
}

/** OpenAI when OPENAI_API_KEY is set (OPENAI_MODEL, default the fixture's model), else scripted. */
export function chatModelFromEnv(env: Record<string, string | undefined> = process.env): ChatModel {
  return env.OPENAI_API_KEY
    ? new OpenAIChatModel(env.OPENAI_API_KEY, env.OPENAI_MODEL || f.requestModel, env.OPENAI_BASE_URL || undefined)
    : new ScriptedChatModel();
}
