// A local HTTP server speaking the OpenAI Chat Completions API (plain and streamed), so
// that a real provider client (and its fetch) runs end to end without the network.
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

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}
interface Message {
  role: 'assistant';
  content: string | null;
  tool_calls?: ToolCall[];
}

function response(f: S1Fixture, id: string, message: Message, finishReason: string, usage: Record<string, unknown>) {
  return { id, object: 'chat.completion', created: 1, model: f.responseModel, choices: [{ index: 0, message, finish_reason: finishReason }], usage };
}

/** S1's first reply (the tool call), or its answer once the request carries the tool's result. */
function completion(f: S1Fixture, hasToolResult: boolean) {
  const { chat1, chat2 } = f;
  if (hasToolResult) {
    return response(f, 'chatcmpl-2', { role: 'assistant', content: chat2.text }, 'stop', {
      prompt_tokens: chat2.usage.inputTokens,
      completion_tokens: chat2.usage.outputTokens,
      completion_tokens_details: { reasoning_tokens: chat2.usage.reasoningOutputTokens },
    });
  }
  const { id, name, arguments: args } = chat1.toolCall;
  const toolCall: ToolCall = { id, type: 'function', function: { name, arguments: JSON.stringify(args) } };
  return response(f, 'chatcmpl-1', { role: 'assistant', content: null, tool_calls: [toolCall] }, 'tool_calls', {
    prompt_tokens: chat1.usage.inputTokens,
    completion_tokens: chat1.usage.outputTokens,
    prompt_tokens_details: { cached_tokens: chat1.usage.cacheReadInputTokens },
  });
}

/** The completion as server-sent chunks: its message, then the finish reason with the usage. */
function sse(c: ReturnType<typeof completion>): string {
  const { message, finish_reason } = c.choices[0]!;
  const { id, created, model, usage } = c;
  const toolCalls = message.tool_calls?.map((call, index) => ({ index, ...call }));
  const delta = toolCalls ? { role: 'assistant', tool_calls: toolCalls } : { role: 'assistant', content: message.content };
  const chunks = [
    { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: null }] },
    { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason }], usage },
  ];
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
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
      if (body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(sse(completion(f, hasToolResult)));
        return;
      }
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
