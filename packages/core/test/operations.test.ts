import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { Agentspan, AgentspanConfigError, abortError } from '../src/index.js';
import { byName, parentId, setupOtel } from './helpers.js';

let otel: ReturnType<typeof setupOtel>;
let as: Agentspan;
beforeEach(() => {
  otel = setupOtel();
  as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, streamIdleTimeoutMs: 30 });
});
const spans = () => otel.exporter.getFinishedSpans();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('agent merging', () => {
  it('a run of the same name or a default name merges; another name nests', async () => {
    await as.agent({ name: 'support-agent' }, async () => {
      const same = as.startAgent({ name: 'support-agent' });
      const dflt = as.startAgent({ name: 'LangGraph', isDefaultName: true });
      expect(same.merged).toBe(true);
      expect(dflt.merged).toBe(true);
      await dflt.run(() => as.tool({ name: 't' }, async () => 1));
      dflt.fail(new Error('ignored: the owner ends it'));
      const other = as.startAgent({ name: 'researcher' });
      expect(other.merged).toBe(false);
      other.end();
    });
    const agent = byName(spans(), 'invoke_agent support-agent');
    expect(spans().map((s) => s.name).sort()).toEqual(['execute_tool t', 'invoke_agent researcher', 'invoke_agent support-agent']);
    expect(parentId(byName(spans(), 'execute_tool t'))).toBe(agent.spanContext().spanId);
    expect(agent.status.code).toBe(SpanStatusCode.UNSET);
    expect(agent.attributes['agentspan.tool.calls']).toBe(1);
  });
  it('an agent of the same name inside a tool nests', async () => {
    await as.agent({ name: 'a' }, () => as.tool({ name: 'delegate' }, () => as.agent({ name: 'a' }, async () => 1)));
    expect(spans().filter((s) => s.name === 'invoke_agent a')).toHaveLength(2);
  });
  it('nested agents count each call once in every ancestor', async () => {
    await as.agent({ name: 'outer' }, () =>
      as.tool({ name: 'delegate' }, () =>
        as.agent({ name: 'inner' }, async () => {
          as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' }).end({ usage: { inputTokens: 10, outputTokens: 1 } });
        }),
      ),
    );
    const outer = byName(spans(), 'invoke_agent outer');
    const inner = byName(spans(), 'invoke_agent inner');
    expect(outer.attributes['agentspan.llm.calls']).toBe(1);
    expect(outer.attributes['agentspan.tool.calls']).toBe(1);
    expect(outer.attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(inner.attributes['agentspan.llm.calls']).toBe(1);
    expect(inner.attributes['agentspan.tool.calls']).toBe(0);
  });
});

describe('errors', () => {
  it('a failing agent ends open children with its error first; the error reaches the caller unchanged', async () => {
    class RateLimitError extends Error {
      status = 429;
      override name = 'RateLimitError';
    }
    const err = new RateLimitError('slow down');
    let leaked: ReturnType<Agentspan['startChat']> | undefined;
    await expect(
      as.agent({ name: 'a' }, async () => {
        leaked = as.startChat({ provider: 'openai', requestModel: 'm' });
        throw err;
      }),
    ).rejects.toBe(err);
    expect(leaked?.ended).toBe(true);
    const chat = byName(spans(), 'chat m');
    const agent = byName(spans(), 'invoke_agent a');
    for (const s of [chat, agent]) {
      expect(s.status.code).toBe(SpanStatusCode.ERROR);
      expect(s.attributes['error.type']).toBe('RateLimitError');
      expect(s.attributes['agentspan.error.category']).toBe('rate_limit');
      expect(s.events.map((e) => e.name)).toEqual(['exception']);
    }
    expect(chat.endTime[0] * 1e9 + chat.endTime[1]).toBeLessThanOrEqual(agent.endTime[0] * 1e9 + agent.endTime[1]);
    expect(agent.attributes['agentspan.llm.calls']).toBe(1);
    expect(agent.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });
  it('cancellation: ERROR, category cancelled, no exception event; ends once', () => {
    const chat = as.startChat({ provider: 'openai', requestModel: 'm' });
    chat.fail(abortError());
    chat.end({ usage: { inputTokens: 1 } });
    chat.fail(new Error('late'));
    const [s] = spans();
    expect(spans()).toHaveLength(1);
    expect(s!.status.code).toBe(SpanStatusCode.ERROR);
    expect(s!.attributes['agentspan.error.category']).toBe('cancelled');
    expect(s!.attributes['error.type']).toBe('AbortError');
    expect(s!.events).toHaveLength(0);
    expect(s!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });
  it('exception messages are redacted even with capture off', () => {
    as.startTool({ name: 't' }).fail(new Error('failed for jane@example.com with key sk-abcdefghijklmnopqrstuvwx'));
    const [s] = spans();
    const message = String(s!.events[0]!.attributes!['exception.message']);
    expect(message).toBe('failed for [EMAIL] with key [SECRET]');
    expect(s!.status.message).toBe(message);
    expect(String(s!.events[0]!.attributes!['exception.stacktrace'])).not.toContain('jane@example.com');
  });
});

describe('context', () => {
  it('spans made inside run() nest under the operation', () => {
    const chat = as.startChat({ provider: 'openai', requestModel: 'm' });
    chat.run(() => otel.tracerProvider.getTracer('x').startSpan('POST').end());
    chat.end();
    expect(parentId(byName(spans(), 'POST'))).toBe(chat.span.spanContext().spanId);
  });
  it('explicit parent wins over the active context; ids come from withTurn', () => {
    const ctx = as.withTurn({ conversationId: 'c1', userId: 'u1' });
    const agent = as.startAgent({ name: 'a', parent: ctx });
    const tool = as.startTool({ name: 't', parent: agent.context });
    tool.end();
    agent.end();
    const t = byName(spans(), 'execute_tool t');
    expect(parentId(t)).toBe(agent.span.spanContext().spanId);
    expect(t.attributes['gen_ai.conversation.id']).toBe('c1');
    expect(t.attributes['user.id']).toBe('u1');
    expect(t.attributes['gen_ai.agent.name']).toBe('a');
  });
  it('rollupScope writes rollups onto a foreign span as each call ends', () => {
    const server = otel.tracerProvider.getTracer('http').startSpan('POST /chat');
    const ctx = as.rollupScope(server, context.active(), { conversationId: 'c', userId: 'u' });
    context.with(ctx, () => {
      as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' }).end({ usage: { inputTokens: 1000000, outputTokens: 0 } });
      server.end(); // instrumentation-http may end first: the totals are already there
      as.startTool({ name: 't' }).end();
    });
    const s = byName(spans(), 'POST /chat');
    expect(s.attributes['agentspan.usage.input_tokens']).toBe(1000000);
    expect(s.attributes['agentspan.cost.usd']).toBeCloseTo(0.15, 12);
    expect(s.attributes['agentspan.llm.calls']).toBe(1);
    expect(s.attributes['gen_ai.conversation.id']).toBe('c');
    expect(as.rollupOf(ctx)?.toolCalls).toBe(1);
  });
});

describe('streaming', () => {
  async function* chunks(n: number) {
    for (let i = 0; i < n; i++) {
      await sleep(1);
      yield `c${i}`;
    }
  }
  it('TTFT from the first chunk; the span ends when the stream is consumed', async () => {
    const chat = as.startChat({ provider: 'openai', requestModel: 'm', stream: true });
    const stream = as.traceStream(chunks(5), { owners: [chat], onChunk: () => chat.recordChunk(), onComplete: () => chat.end({ usage: { inputTokens: 1, outputTokens: 5 } }) });
    expect(spans()).toHaveLength(0);
    const got: string[] = [];
    for await (const c of stream) got.push(c);
    expect(got).toHaveLength(5);
    const [s] = spans();
    const ttft = s!.attributes['gen_ai.response.time_to_first_chunk'] as number;
    const duration = s!.duration[0] + s!.duration[1] / 1e9;
    expect(ttft).toBeGreaterThan(0);
    expect(ttft).toBeLessThanOrEqual(duration);
    expect(s!.attributes['gen_ai.request.stream']).toBe(true);
    expect(s!.attributes['gen_ai.usage.output_tokens']).toBe(5);
  });
  it('return() cancels the owners', async () => {
    const agent = as.startAgent({ name: 'a' });
    const chat = as.startChat({ provider: 'openai', requestModel: 'm', parent: agent.context });
    const stream = as.traceStream(chunks(5), { owners: [chat, agent], onChunk: () => chat.recordChunk(), onComplete: () => chat.end() });
    let n = 0;
    for await (const _ of stream) if (++n === 2) break;
    for (const s of spans()) {
      expect(s.status.code).toBe(SpanStatusCode.ERROR);
      expect(s.attributes['agentspan.error.category']).toBe('cancelled');
      expect(s.events).toHaveLength(0);
    }
    expect(spans()).toHaveLength(2);
    expect(byName(spans(), 'invoke_agent a').attributes['agentspan.llm.calls']).toBe(1);
  });
  it('a stream not read for the idle time is abandoned (traceStream)', async () => {
    const chat = as.startChat({ provider: 'openai', requestModel: 'm' });
    const it = as.traceStream(chunks(5), { owners: [chat], onChunk: () => chat.recordChunk(), onComplete: () => chat.end() })[Symbol.asyncIterator]();
    await it.next();
    await sleep(80);
    expect(chat.ended).toBe(true);
    expect(spans()[0]!.attributes['agentspan.error.category']).toBe('cancelled');
  });
  it('chunks that stop arriving abandon the chat and its open ancestors (recordChunk)', async () => {
    const agent = as.startAgent({ name: 'a' });
    const chat = as.startChat({ provider: 'openai', requestModel: 'm', parent: agent.context });
    chat.recordChunk();
    chat.recordChunk();
    await sleep(80);
    expect(agent.ended).toBe(true);
    expect(spans().map((s) => s.attributes['agentspan.error.category'])).toEqual(['cancelled', 'cancelled']);
  });
});

describe('safety and configuration', () => {
  it('bad configuration fails at creation with a clear message', () => {
    expect(() => new Agentspan({ contentMaxLength: -5 })).toThrow(AgentspanConfigError);
    expect(() => new Agentspan({ contentMaxLength: -5 })).toThrow(/contentMaxLength must be an integer/);
    expect(() => new Agentspan({ streamIdleTimeoutMs: 0 })).toThrow(/streamIdleTimeoutMs/);
    expect(() => new Agentspan({ prices: { m: { input: Number.NaN, output: 1 } } })).toThrow(/price of "m"/);
    expect(() => new Agentspan({ redaction: { hook: 'x' as never } })).toThrow(/redaction.hook/);
  });
  it('a throwing user hook or lazy value never reaches the caller', () => {
    const a = new Agentspan({ tracerProvider: otel.tracerProvider, captureContent: true, redaction: { hook: () => { throw new Error('hook'); } } });
    const chat = a.startChat({ provider: 'p', requestModel: 'm' });
    expect(() => chat.end({ outputMessages: () => { throw new Error('lazy'); } })).not.toThrow();
    expect(spans()).toHaveLength(1);
  });
  it('works with no SDK registered (no-op tracer)', async () => {
    const bare = new Agentspan({ tracerProvider: trace.getTracerProvider() });
    await expect(bare.agent({ name: 'x' }, async () => 7)).resolves.toBe(7);
  });
});

describe('run registry', () => {
  it('expires runs by age and evicts the oldest over the size limit', async () => {
    const a = new Agentspan({ tracerProvider: otel.tracerProvider, runRegistry: { maxSize: 2, ttlMs: 20 } });
    const reg = a.createRunRegistry<ReturnType<Agentspan['startTool']>>();
    const ops = [1, 2, 3].map((i) => a.startTool({ name: `t${i}` }));
    for (const [i, op] of ops.entries()) reg.set(`r${i}`, op);
    expect(reg.size).toBe(2);
    expect(ops[0]!.ended).toBe(true);
    // Expiry comes within a few ticks (polled: a loaded machine runs timers late).
    for (let waited = 0; reg.size > 0 && waited < 2000; waited += 10) await sleep(10);
    expect(reg.size).toBe(0);
    expect(ops.every((o) => o.ended)).toBe(true);
    expect(spans().every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
    expect(spans()[1]!.attributes['error.type']).toBe('RunExpiredError');
  });
});

describe('a broken tracer provider', () => {
  it('never throws into user code; the user function still runs', async () => {
    const broken = { getTracer: () => ({ startSpan: () => { throw new Error('sdk bug'); }, startActiveSpan: () => { throw new Error('sdk bug'); } }) };
    const a = new Agentspan({ tracerProvider: broken as never });
    await expect(a.agent({ name: 'x' }, async () => a.tool({ name: 't' }, async () => 5))).resolves.toBe(5);
    expect(() => a.startChat({ provider: 'p' }).end({ usage: { inputTokens: 1 } })).not.toThrow();
  });
});

describe('streams never read and bare aborts', () => {
  it('a stream nobody ever reads is abandoned after the idle time', async () => {
    const op = as.startAgent({ name: 'a' });
    as.traceStream((async function* () { yield 1; })(), { owners: [op], onComplete: () => op.end() });
    await sleep(90);
    expect(op.ended).toBe(true);
    expect(spans()[0]!.attributes['agentspan.error.category']).toBe('cancelled');
  });
  it('a slow producer is not abandoned while the consumer waits on it', async () => {
    const op = as.startAgent({ name: 'a' });
    const slow = (async function* () { await sleep(70); yield 1; })();
    const got: number[] = [];
    for await (const v of as.traceStream(slow, { owners: [op], onComplete: () => op.end() })) got.push(v);
    expect(got).toEqual([1]);
    expect(spans()[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });
  it("LangGraph's bare Error('Abort') is a cancellation", () => {
    const t = as.startTool({ name: 't' });
    t.fail(new Error('Abort'));
    expect(spans()[0]!.attributes['agentspan.error.category']).toBe('cancelled');
    expect(spans()[0]!.events).toHaveLength(0);
  });
  it('operation contexts keep every other key and the active span', () => {
    const key = Symbol('user key');
    const parent = context.active().setValue(key, 'kept');
    const agent = as.startAgent({ name: 'a', parent });
    expect(agent.context.getValue(key)).toBe('kept');
    expect(trace.getSpan(agent.context)).toBe(agent.span);
    const derived = agent.context.setValue(key, 'changed');
    expect(derived.getValue(key)).toBe('changed');
    expect(trace.getSpan(derived)).toBe(agent.span);
    expect(agent.context.deleteValue(key).getValue(key)).toBeUndefined();
    agent.end();
  });
});

describe('one abandonment rule', () => {
  it('a stream abandoned through traceStream cancels the agent above its chat too', async () => {
    const agent = as.startAgent({ name: 'a' });
    const chat = as.startChat({ provider: 'openai', requestModel: 'm', stream: true, parent: agent.context });
    async function* src() { yield 'a'; yield 'b'; yield 'c'; }
    const it = as.traceStream(src(), { owners: [chat], onChunk: () => chat.recordChunk(), onComplete: () => chat.end({}) })[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    await sleep(120);
    expect(chat.ended).toBe(true);
    expect(agent.ended).toBe(true);
    for (const s of spans()) {
      expect(s.attributes['agentspan.error.category']).toBe('cancelled');
      expect(s.attributes['error.type']).toBe('StreamAbandonedError');
    }
  });
});

describe('one watchdog per stream', () => {
  it('a chat owned by traceStream arms no idle timer of its own, and is still abandoned once', async () => {
    const agent = as.startAgent({ name: 'a' });
    const chat = as.startChat({ provider: 'openai', requestModel: 'm', stream: true, parent: agent.context });
    async function* src() { yield 'a'; yield 'b'; }
    const it = as.traceStream(src(), { owners: [chat], onChunk: () => chat.recordChunk(), onComplete: () => chat.end({}) })[Symbol.asyncIterator]();
    await it.next();
    expect((chat as unknown as { idleTimer?: unknown }).idleTimer).toBeUndefined();
    await sleep(120);
    expect(agent.ended).toBe(true);
    expect(spans()).toHaveLength(2);
  });
});
