// A Model of the Agents SDK's own interface answering from a script: tool calls, text
// (streamed in chunks when asked), usage in the SDK's Usage, or an error. Only the model's
// network is missing; the Runner, tools, handoffs and guardrails are the SDK's.
import { type Model, type ModelRequest, type ModelResponse, type StreamEvent, Usage } from '@openai/agents';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScriptedCall {
  callId: string;
  name: string;
  arguments: unknown;
}

export interface Step {
  text?: string;
  chunks?: string[];
  toolCalls?: ScriptedCall[];
  usage?: { input: number; output: number; cached?: number; reasoning?: number };
  /** The call rejects with this (the very object). */
  error?: unknown;
  /** Before answering; a streamed answer waits this long before each chunk. */
  delayMs?: number;
  /** Blocks until the request's signal aborts (then rejects with its reason). */
  hang?: boolean;
}

function usageOf(step: Step): Usage {
  const u = step.usage ?? { input: 10, output: 2 };
  return new Usage({
    requests: 1,
    inputTokens: u.input,
    outputTokens: u.output,
    totalTokens: u.input + u.output,
    inputTokensDetails: { cached_tokens: u.cached ?? 0 },
    outputTokensDetails: { reasoning_tokens: u.reasoning ?? 0 },
  });
}

function outputOf(step: Step): ModelResponse['output'] {
  const output: ModelResponse['output'] = [];
  const text = step.text ?? step.chunks?.join('');
  if (text) output.push({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] });
  for (const call of step.toolCalls ?? []) {
    output.push({ type: 'function_call', callId: call.callId, name: call.name, arguments: JSON.stringify(call.arguments), status: 'completed' });
  }
  return output;
}

function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export class ScriptedModel implements Model {
  /** The provider label agentspan reads (gen_ai.provider.name). */
  readonly provider = 'openai';
  readonly requests: ModelRequest[] = [];
  private next = 0;

  constructor(
    private readonly steps: readonly Step[],
    /** The request model agentspan reads. */
    readonly model = 'gpt-4o-mini',
  ) {}

  private step(request: ModelRequest): Step {
    this.requests.push(request);
    const step = this.steps[Math.min(this.next, this.steps.length - 1)];
    this.next += 1;
    if (!step) throw new Error('empty script');
    return step;
  }

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const step = this.step(request);
    if (step.delayMs) await sleep(step.delayMs);
    if (step.hang) await hang(request.signal);
    if (step.error !== undefined) throw step.error;
    return { usage: usageOf(step), output: outputOf(step), responseId: `resp_${this.next}` };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const step = this.step(request);
    if (step.hang) await hang(request.signal);
    if (step.error !== undefined) throw step.error;
    yield { type: 'response_started' };
    for (const delta of step.chunks ?? (step.text ? [step.text] : [])) {
      await sleep(step.delayMs ?? 1);
      request.signal?.throwIfAborted();
      yield { type: 'output_text_delta', delta };
    }
    const usage = usageOf(step);
    yield {
      type: 'response_done',
      response: {
        id: `resp_${this.next}`,
        usage: {
          requests: 1,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          totalTokens: usage.totalTokens,
          inputTokensDetails: usage.inputTokensDetails[0],
          outputTokensDetails: usage.outputTokensDetails[0],
        },
        output: outputOf(step),
      },
    } as StreamEvent;
  }
}

export const answer = (text: string, usage?: Step['usage']): Step => ({ text, usage });
export const callTool = (callId: string, name: string, args: unknown = {}, usage?: Step['usage']): Step => ({
  toolCalls: [{ callId, name, arguments: args }],
  usage,
});
