// The support agent's model: offline, S1's two scripted replies (a tool call, then the answer)
// in the shape of OpenAI's Chat Completions; with OPENAI_API_KEY, that API itself (plain
// fetch; OPENAI_BASE_URL points it at any compatible server, OPENAI_MODEL picks the model).
import type { S1Fixture } from '@agentspan/conformance/runner';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { type: 'function'; function: { name: string; description?: string; parameters: unknown } }[];
}
export interface ChatCompletion {
  id: string;
  model: string;
  choices: { message: ChatMessage; finish_reason: string }[];
  usage?: Record<string, unknown>;
}
export interface ChatModel {
  create(request: ChatRequest): Promise<ChatCompletion>;
}

/** Offline: the fixture's replies in order, with its usage in OpenAI's spelling. */
export function scriptedModel(f: S1Fixture): ChatModel {
  let call = 0;
  return {
    async create() {
      call += 1;
      const first = call === 1;
      const usage = first ? f.chat1.usage : f.chat2.usage;
      return {
        id: `chatcmpl-${call}`,
        model: f.responseModel,
        choices: [
          {
            finish_reason: first ? f.chat1.finishReason : f.chat2.finishReason,
            message: first
              ? {
                  role: 'assistant',
                  content: null,
                  tool_calls: [
                    { id: f.chat1.toolCall.id, type: 'function', function: { name: f.chat1.toolCall.name, arguments: JSON.stringify(f.chat1.toolCall.arguments) } },
                  ],
                }
              : { role: 'assistant', content: f.chat2.text },
          },
        ],
        usage: {
          prompt_tokens: usage.inputTokens,
          completion_tokens: usage.outputTokens,
          prompt_tokens_details: { cached_tokens: 'cacheReadInputTokens' in usage ? usage.cacheReadInputTokens : 0 },
          completion_tokens_details: { reasoning_tokens: 'reasoningOutputTokens' in usage ? usage.reasoningOutputTokens : 0 },
        },
      };
    },
  };
}

/** Online: OpenAI's Chat Completions API (or a compatible server). */
export function openAIModel(apiKey: string, baseURL = 'https://api.openai.com/v1'): ChatModel {
  return {
    async create(request) {
      const response = await fetch(`${baseURL.replace(/\/$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(request),
      });
      if (!response.ok) throw Object.assign(new Error(`OpenAI: ${response.status} ${await response.text()}`), { status: response.status });
      return (await response.json()) as ChatCompletion;
    },
  };
}
