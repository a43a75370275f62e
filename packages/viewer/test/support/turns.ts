// Hand-made agent turns (invoke_agent → chat → optional tool) with the facts the list sorts and
// filters on: duration, tokens, cost (or none), TTFT, failure category, captured messages.
import type { SpanSpec } from './otlp-json.js';
import { spanId, traceId } from './otlp-json.js';

export interface TurnSpec {
  at: number;
  durationMs: number;
  agent: string;
  conversation?: string;
  user?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** null: the model has no known price (no cost attribute). */
  costUsd?: number | null;
  ttftS?: number;
  /** An error category: the chat and the agent fail with it. */
  failed?: string;
  question?: string;
  answer?: string;
  tool?: { name: string; arguments?: string; result?: string };
  framework?: string;
}

export interface BuiltTurn {
  traceId: string;
  spans: SpanSpec[];
}

export function buildTurn(t: TurnSpec): BuiltTurn {
  const trace = traceId();
  const root = spanId();
  const common: Record<string, string> = {};
  if (t.conversation) common['gen_ai.conversation.id'] = t.conversation;
  if (t.user) common['user.id'] = t.user;
  if (t.framework) common['agentspan.framework.name'] = t.framework;
  const failure: Record<string, string> = t.failed ? { 'error.type': 'RateLimitError', 'agentspan.error.category': t.failed } : {};
  const status = t.failed ? { code: 2, message: `${t.failed}: refused by the provider` } : { code: 0 };
  const chat: Record<string, string | number | boolean> = {
    ...common,
    ...failure,
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': t.model ?? 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': t.inputTokens ?? 100,
    'gen_ai.usage.output_tokens': t.outputTokens ?? 10,
  };
  if (t.costUsd !== null) chat['agentspan.cost.usd'] = t.costUsd ?? 0.001;
  if (t.ttftS !== undefined) {
    chat['gen_ai.request.stream'] = true;
    chat['gen_ai.response.time_to_first_chunk'] = t.ttftS;
  }
  if (t.question) chat['gen_ai.input.messages'] = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: t.question }] }]);
  if (t.answer) chat['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: t.answer }] }]);
  const spans: SpanSpec[] = [
    {
      traceId: trace,
      spanId: root,
      name: `invoke_agent ${t.agent}`,
      startMs: t.at,
      durationMs: t.durationMs,
      status,
      attributes: { ...common, ...failure, 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': t.agent },
    },
    { traceId: trace, parentSpanId: root, name: `chat ${t.model ?? 'gpt-4o-mini'}`, kind: 3, startMs: t.at + 1, durationMs: Math.max(1, t.durationMs / 2), status, attributes: chat },
  ];
  if (t.tool) {
    const tool: Record<string, string> = { ...common, 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': t.tool.name };
    if (t.tool.arguments) tool['gen_ai.tool.call.arguments'] = t.tool.arguments;
    if (t.tool.result) tool['gen_ai.tool.call.result'] = t.tool.result;
    spans.push({ traceId: trace, parentSpanId: root, name: `execute_tool ${t.tool.name}`, startMs: t.at + t.durationMs / 2 + 1, durationMs: 1, attributes: tool });
  }
  return { traceId: trace, spans };
}
