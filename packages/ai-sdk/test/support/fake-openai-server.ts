// A local HTTP server speaking the OpenAI Chat Completions API, so that the real
// @ai-sdk/openai provider (and its fetch) runs end to end without the network.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S1Fixture } from '@agentspan/conformance';

export interface FakeOpenAIServer {
  readonly baseURL: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  /** Answer the first N requests with 429 (retry-after-ms: 1). */
  rateLimitFirst?: number;
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c: Buffer) => {
      data += c.toString();
    });
    req.on('end', () => resolve(JSON.parse(data || '{}') as Record<string, unknown>));
    req.on('error', reject);
  });
}

function completion(f: S1Fixture, hasToolResult: boolean) {
  const call = f.chat1.toolCall;
  return hasToolResult
    ? {
        id: 'chatcmpl-2',
        object: 'chat.completion',
        created: 1,
        model: f.responseModel,
        choices: [{ index: 0, message: { role: 'assistant', content: f.chat2.text }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: f.chat2.usage.inputTokens,
          completion_tokens: f.chat2.usage.outputTokens,
          completion_tokens_details: { reasoning_tokens: f.chat2.usage.reasoningOutputTokens },
        },
      }
    : {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: f.responseModel,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: {
          prompt_tokens: f.chat1.usage.inputTokens,
          completion_tokens: f.chat1.usage.outputTokens,
          prompt_tokens_details: { cached_tokens: f.chat1.usage.cacheReadInputTokens },
        },
      };
}

export async function startFakeOpenAI(f: S1Fixture, options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      requests++;
      if (requests <= (options.rateLimitFirst ?? 0)) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '1' });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit_error' } }));
        return;
      }
      const messages = Array.isArray(body.messages) ? (body.messages as { role?: string }[]) : [];
      const hasToolResult = messages.some((m) => m.role === 'tool');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(f, hasToolResult)));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
