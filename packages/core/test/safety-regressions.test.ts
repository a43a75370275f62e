// Regressions of issue 17's core findings: each case failed before the fix (the user's
// error replaced by ours, spans left open, the user's promise replaced, a lazy thenable
// started, a processor's onEnd fault reaching the caller, bad options accepted).
import { SpanStatusCode } from '@opentelemetry/api';
import { hostileTracing, revokedProxy } from '@agentspan/testing-hostile';
import { afterEach, describe, expect, it } from 'vitest';
import { Agentspan, AgentspanConfigError, classifyError } from '../src/index.js';

const tracing = hostileTracing();
let as = new Agentspan({ tracerProvider: tracing.provider });
afterEach(() => {
  tracing.reset();
  as = new Agentspan({ tracerProvider: tracing.provider });
});

function throwingGetter(key: string): Error {
  return Object.defineProperty(new Error('hostile'), key, {
    get() {
      throw new TypeError(`${key} getter`);
    },
  });
}

const HOSTILE_ERRORS: [string, () => unknown][] = [
  ['a throwing cause getter', () => throwingGetter('cause')],
  ['a throwing message getter', () => throwingGetter('message')],
  ['a throwing name getter', () => throwingGetter('name')],
  ['a throwing stack getter', () => throwingGetter('stack')],
  ['a revoked Proxy', () => revokedProxy(new Error('revoked'))],
  ['a revoked Proxy of a plain object', () => revokedProxy({})],
];

describe('finding 2: a hostile error reaches the caller unchanged and the span ends', () => {
  for (const [label, make] of HOSTILE_ERRORS) {
    it(`tool() and agent(), sync: ${label}`, () => {
      const error = make();
      let caught: unknown;
      try {
        as.agent({ name: 'a' }, () =>
          as.tool({ name: 't' }, () => {
            throw error;
          }),
        );
      } catch (e) {
        caught = e;
      }
      expect(caught === error).toBe(true);
      expect(tracing.counter.openSpans()).toEqual([]);
      expect(tracing.spans().map((s) => s.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR]);
    });

    it(`tool() and agent(), async: ${label}`, async () => {
      const error = make();
      let caught: unknown;
      try {
        await as.agent({ name: 'a' }, async () =>
          as.tool({ name: 't' }, async () => {
            throw error;
          }),
        );
      } catch (e) {
        caught = e;
      }
      expect(caught === error).toBe(true);
      expect(tracing.counter.openSpans()).toEqual([]);
    });
  }

  it('classifyError never throws', () => {
    for (const [, make] of HOSTILE_ERRORS) expect(() => classifyError(make())).not.toThrow();
    expect(classifyError(revokedProxy({}))).toEqual({ type: '_OTHER', category: 'unknown' });
    expect(classifyError(Object.assign(new Error('x'), { name: 'constructor' })).category).toBe('unknown');
  });

  it('traceStream over a source that throws or rejects ends the agent and the chat', async () => {
    const sources: [string, () => AsyncIterable<number>][] = [
      [
        'rejects',
        () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(throwingGetter('message')) }),
        }),
      ],
      [
        'next() throws',
        () => ({
          [Symbol.asyncIterator]: () => ({
            next: () => {
              throw new Error('sync');
            },
          }),
        }),
      ],
      [
        'opening throws',
        () => ({
          [Symbol.asyncIterator]: () => {
            throw new Error('open');
          },
        }),
      ],
    ];
    for (const [label, make] of sources) {
      const agent = as.startAgent({ name: `agent ${label}` });
      const chat = as.startChat({ provider: 'openai', requestModel: 'm', parent: agent.context });
      const stream = as.traceStream(make(), { owners: [chat, agent], onComplete: () => chat.end() });
      await expect(
        (async () => {
          for await (const _ of stream) {
            // nothing arrives
          }
        })(),
      ).rejects.toBeDefined();
      expect({ label, open: tracing.counter.openSpans() }).toEqual({ label, open: [] });
    }
  });

  it("a span processor whose onEnd throws does not reach the user's turn", async () => {
    const throwing = hostileTracing({ throwingOnEnd: true });
    const a = new Agentspan({ tracerProvider: throwing.provider });
    const value = { answer: 42 };
    await expect(
      a.agent({ name: 'a' }, async () => {
        a.startChat({ provider: 'openai', requestModel: 'm' }).end({ usage: { inputTokens: 1 } });
        return a.tool({ name: 't' }, () => value);
      }),
    ).resolves.toBe(value);
    expect(throwing.counter.openSpans()).toEqual([]);
    expect(throwing.counter.ended).toBe(3);
    // The tool detached from the agent despite the fault: failing the agent now ends only the agent.
    const agent = a.startAgent({ name: 'b' });
    agent.run(() => a.startTool({ name: 'u' }).end());
    agent.fail(new Error('late'));
    expect(throwing.spans().find((s) => s.name === 'execute_tool u')?.status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe("finding 3: the user's value comes back unchanged", () => {
  it('a promise with extra methods is returned as the same object', async () => {
    const promise = Object.assign(Promise.resolve('done'), { cancel: () => 'cancelled' });
    const returned = as.tool({ name: 't' }, () => promise);
    expect(returned).toBe(promise);
    expect(returned.cancel()).toBe('cancelled');
    await expect(returned).resolves.toBe('done');
    expect(tracing.counter.openSpans()).toEqual([]);
    expect(tracing.spans()).toHaveLength(1);
  });

  it('a promise subclass is returned as the same object and still ends the span when it settles', async () => {
    class Query<T> extends Promise<T> {}
    const query = new Query<number>((resolve) => setTimeout(() => resolve(7), 5));
    const returned = as.retrieval({ dataSourceId: 'kb' }, () => query);
    expect(returned).toBe(query);
    expect(tracing.counter.openSpans()).toHaveLength(1);
    await expect(returned).resolves.toBe(7);
    expect(tracing.counter.openSpans()).toEqual([]);
  });

  it("a lazy thenable's then() is not called when the caller never awaits it; the span ends", () => {
    let started = 0;
    const lazy = {
      // biome-ignore lint/suspicious/noThenProperty: a query builder's lazy thenable
      then(resolve: (v: string) => void) {
        started++;
        resolve('rows');
      },
    };
    const returned = as.tool({ name: 'query' }, () => lazy);
    expect(returned).toBe(lazy);
    expect(started).toBe(0);
    expect(tracing.counter.openSpans()).toEqual([]);
  });

  it('a thenable whose then throws: returned as is, the span ends, nothing thrown from us', () => {
    const hostile = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable
      then() {
        throw new Error('then');
      },
    };
    expect(as.tool({ name: 't' }, () => hostile)).toBe(hostile);
    const getterThenable = Object.defineProperty({}, 'then', {
      get() {
        throw new Error('then getter');
      },
    });
    expect(as.agent({ name: 'a' }, () => getterThenable)).toBe(getterThenable);
    expect(tracing.counter.openSpans()).toEqual([]);
  });

  it('a rejected promise with extra props: the same object, rejecting with the same error', async () => {
    const error = throwingGetter('cause');
    const promise = Object.assign(Promise.reject(error), { abort() {} });
    const returned = as.agent({ name: 'a' }, () => promise);
    expect(returned).toBe(promise);
    await expect(returned).rejects.toBe(error);
    expect(tracing.counter.openSpans()).toEqual([]);
  });
});

describe('finding 6: configuration errors at start-up', () => {
  it('an unknown key names the key and the closest valid one', () => {
    expect(() => new Agentspan({ captureContnet: true } as never)).toThrow(AgentspanConfigError);
    expect(() => new Agentspan({ captureContnet: true } as never)).toThrow(/unknown option "captureContnet"; did you mean "captureContent"\?/);
    expect(() => new Agentspan({ streamIdleTimeout: 5 } as never)).toThrow(/did you mean "streamIdleTimeoutMs"/);
    expect(() => new Agentspan({ runRegistry: { ttl: 5 } } as never)).toThrow(/runRegistry: unknown option "ttl"; did you mean "ttlMs"/);
    expect(() => new Agentspan({ redaction: { builtin: false } } as never)).toThrow(/did you mean "builtIn"/);
    expect(() => new Agentspan({ somethingElse: 1 } as never)).toThrow(/unknown option "somethingElse" \(valid options: /);
  });

  it('a timer delay beyond what a timer takes is refused, not turned into 1 ms', () => {
    expect(() => new Agentspan({ streamIdleTimeoutMs: 1e10 })).toThrow(/streamIdleTimeoutMs must be an integer from 1 to 2147483647, got 10000000000/);
    expect(() => new Agentspan({ runRegistry: { ttlMs: 1e10 } })).toThrow(/runRegistry.ttlMs/);
    expect(new Agentspan({ streamIdleTimeoutMs: 2_147_483_647 }).config.streamIdleTimeoutMs).toBe(2_147_483_647);
  });

  it('providers must have the shape the core calls', () => {
    expect(() => new Agentspan({ meterProvider: 5 } as never)).toThrow(/meterProvider must be an OpenTelemetry MeterProvider/);
    expect(() => new Agentspan({ tracerProvider: {} } as never)).toThrow(/tracerProvider must be an OpenTelemetry TracerProvider/);
    expect(() => new Agentspan({ legacyMetrics: 'yes' } as never)).toThrow(/legacyMetrics must be a boolean/);
  });
});
