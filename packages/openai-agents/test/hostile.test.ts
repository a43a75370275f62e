// Tracing never breaks the app, whatever the SDK and the application hand it: hostile usage
// numbers, provider payloads and ids, tool arguments and results (long, odd, unserialisable),
// a tracer that throws. The run ends as it ends untraced, every span ends, no run is kept.
import { Agent, type Model, type ModelRequest, type ModelResponse, Runner, Usage, tool } from '@openai/agents';
import type { Span, Tracer, TracerProvider } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openRunCount } from '../src/runner.js';
import { useTestEnv } from './support/env.js';
import { ScriptedModel, answer, callTool } from './support/scripted-model.js';

const env = useTestEnv();

/** Any value at all, the odd ones often (no cycles: the SDK itself would loop on them). */
const anything = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, -0, 2 ** 60, '12', '', null, undefined, true, [], {}),
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
);

/** A model whose answers carry hostile numbers in the SDK's own Usage, and hostile payloads. */
class HostileModel implements Model {
  private calls = 0;
  constructor(private readonly values: readonly unknown[]) {}
  async getResponse(_request: ModelRequest): Promise<ModelResponse> {
    this.calls += 1;
    const [input, output, cached, providerData, responseId] = this.values;
    const usage = Object.assign(new Usage(), { requests: 1, inputTokens: input, outputTokens: output, inputTokensDetails: [{ cached_tokens: cached }] });
    const out: ModelResponse['output'] =
      this.calls === 1
        ? [{ type: 'function_call', callId: 'call_1', name: 'echo', arguments: '{"value":"x"}', status: 'completed' }]
        : [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'done' }] }];
    return { usage, output: out, providerData, responseId } as ModelResponse;
  }
  // biome-ignore lint/correctness/useYield: never streamed here
  async *getStreamedResponse(): AsyncIterable<never> {
    throw new Error('not streamed');
  }
}

function echo(result: () => unknown) {
  return tool({ name: 'echo', description: 'Echoes.', parameters: z.object({ value: z.string() }), execute: async () => result() as string });
}

/** How a run ended, comparably: its output, or its error's class and message. */
function outcome(run: Promise<{ finalOutput?: unknown }>): Promise<string> {
  return run.then(
    (r) => `output ${String(r.finalOutput)}`,
    (e: unknown) => `error ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
  );
}

const settings = { numRuns: Number(process.env.RUNS ?? 40), interruptAfterTimeLimit: 60_000, endOnFailure: true };

describe('hostile values', () => {
  it('usage numbers, provider payloads and ids of any shape: the same ending, every span ends, usage only when a count', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anything, { minLength: 5, maxLength: 5 }), async (values) => {
        await env.harness.reset();
        const turn = () => new Runner().run(new Agent({ name: 'support-agent', model: new HostileModel(values), tools: [echo(() => 'ok')] }), 'hi');
        const traced = await outcome(turn());
        const spans = await env.spans();
        expect(traced).toBe(await env.untraced(() => outcome(turn())));
        for (const span of spans) {
          for (const key of ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens']) {
            const value = span.attributes[key];
            if (value !== undefined) expect(typeof value === 'number' && Number.isFinite(value) && value >= 0).toBe(true);
          }
        }
      }),
      settings,
    );
  });

  it('tool arguments and results of any shape, captured: the same ending; the content is valid JSON within the limit', async () => {
    env.reconfigure(undefined, { captureContent: true, contentMaxLength: 2000 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.json()), anything, async (args, result) => {
        await env.harness.reset();
        const turn = () => {
          const model = new ScriptedModel([{ toolCalls: [{ callId: 'c', name: 'echo', arguments: args }] }, answer('done')]);
          return new Runner().run(new Agent({ name: 'support-agent', model, tools: [echo(() => result)] }), 'hi');
        };
        const traced = await outcome(turn());
        const spans = await env.spans();
        expect(traced).toBe(await env.untraced(() => outcome(turn())));
        for (const span of spans) {
          for (const key of ['gen_ai.tool.call.arguments', 'gen_ai.tool.call.result']) {
            const value = span.attributes[key];
            if (value === undefined) continue;
            expect(typeof value).toBe('string');
            expect((value as string).length).toBeLessThanOrEqual(2000);
            expect(() => JSON.parse(value as string)).not.toThrow();
          }
        }
      }),
      settings,
    );
  });

  it('a long tool result, captured: truncated, the turn unaffected', async () => {
    env.reconfigure(undefined, { captureContent: true });
    // The core's redaction is quadratic in a string's length today (80,000 characters take
    // 25 s): issue 17's linear redaction lifts this to megabytes.
    const long = 'x'.repeat(20_000);
    const model = new ScriptedModel([callTool('c', 'echo', { value: 'x' }), answer('done')]);
    const result = await new Runner().run(new Agent({ name: 'a', model, tools: [echo(() => long)] }), 'hi');
    expect(result.finalOutput).toBe('done');
    const spans = await env.spans();
    const captured = spans.find((s) => s.name === 'execute_tool echo')?.attributes['gen_ai.tool.call.result'];
    expect(typeof captured === 'string' && captured.length <= 16384).toBe(true);
  });
});

/** A tracer provider whose spans cannot be started: every operation of ours hits a fault. */
const brokenProvider: TracerProvider = {
  getTracer: (): Tracer => ({
    startSpan: (): Span => {
      throw new Error('tracer exploded');
    },
    startActiveSpan: (): never => {
      throw new Error('tracer exploded');
    },
  }),
};

/** An error whose every property but its identity throws when read. */
function trapError(): Error {
  const error = new Error('trap');
  for (const key of ['name', 'message', 'stack', 'cause', 'status', 'code']) {
    Object.defineProperty(error, key, {
      get() {
        throw new Error(`read ${key}`);
      },
    });
  }
  return error;
}

describe('the application\'s errors', () => {
  /** What the caller gets: the trap itself, or what the SDK made of it. */
  const seen = (error: Error, caught: unknown) => (caught === error ? 'the very object' : caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught));

  it('a model error whose getters throw: the caller gets what it gets without agentspan; every span ends', async () => {
    const turn = async () => {
      const error = trapError();
      const caught = await new Runner().run(new Agent({ name: 'a', model: new ScriptedModel([{ error }]) }), 'hi').catch((e: unknown) => e);
      return seen(error, caught);
    };
    const traced = await turn();
    expect(traced).toBe(await env.untraced(turn));
    const spans = await env.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'invoke_agent a']);
  });

  it('the same from a streamed model call', async () => {
    const turn = async () => {
      const error = trapError();
      const result = await new Runner().run(new Agent({ name: 'a', model: new ScriptedModel([{ error }]) }), 'hi', { stream: true });
      const caught = await (async () => {
        for await (const _event of result) {
          // read it all
        }
      })().catch((e: unknown) => e);
      await result.completed.catch(() => undefined);
      return `${seen(error, caught)} / ${seen(error, result.error)}`;
    };
    const traced = await turn();
    expect(traced).toBe(await env.untraced(turn));
    await env.spans();
  });
});

describe('faults of ours', () => {
  it('a tracer that throws: the run, its tools, handoffs and guardrails work as without agentspan', async () => {
    env.reconfigure(undefined, { tracerProvider: brokenProvider });
    const billing = new Agent({ name: 'billing-agent', model: new ScriptedModel([answer('Refunded.')]) });
    const agent = new Agent({
      name: 'support-agent',
      model: new ScriptedModel([callTool('c', 'echo', { value: 'x' }), callTool('h', 'transfer_to_billing_agent')]),
      tools: [echo(() => 'ok')],
      handoffs: [billing],
      inputGuardrails: [{ name: 'g', execute: async () => ({ tripwireTriggered: false, outputInfo: {} }) }],
    });
    const result = await new Runner().run(agent, 'hi');
    expect(result.finalOutput).toBe('Refunded.');
    expect(env.diagnostics().join('\n')).toContain('tracer exploded');
  });

  it('no run stays in memory: after many runs, failed and streamed ones included, none is open', async () => {
    for (let i = 0; i < 30; i++) {
      const model = new ScriptedModel([i % 3 === 0 ? { error: new Error('boom') } : answer('ok')]);
      const agent = new Agent({ name: 'support-agent', model });
      if (i % 2 === 0) await new Runner().run(agent, 'hi').catch(() => undefined);
      else {
        const streamed = await new Runner().run(agent, 'hi', { stream: true });
        try {
          for await (const _event of streamed) {
            // read it all
          }
        } catch {
          // the model's error, as the SDK streams it
        }
        await streamed.completed.catch(() => undefined);
      }
    }
    await env.spans();
    expect(openRunCount(env.agentspan)).toBe(0);
  });
});
