// Regression of issue 17 finding 6: timers the core keeps across turns (the stream
// watchdog, a run registry's sweeper, a chat's idle timer) must not capture the turn's
// context, which would keep its spans reachable for as long as the timer lives.
import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { hostileTracing } from '@agentspan/testing-hostile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Agentspan } from '../src/index.js';

const tracing = hostileTracing();
afterEach(() => vi.restoreAllMocks());

/** The active context at each creation of a timer of `kind` by the core, and in its callbacks. */
function watchTimers(kind: 'setInterval' | 'setTimeout') {
  const created: unknown[] = [];
  const fired: unknown[] = [];
  const original = globalThis[kind];
  vi.spyOn(globalThis, kind).mockImplementation(((fn: () => void, ms?: number) => {
    // Only the core's timers (the SDK's exporter makes its own).
    if (!new Error().stack?.includes('/core/src/')) return original(fn, ms);
    created.push(context.active());
    return original(() => {
      fired.push(context.active());
      fn();
    }, ms);
  }) as never);
  return { created, fired };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timers made inside a turn run in the root context', () => {
  it('the stream watchdog', async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, streamIdleTimeoutMs: 8 });
    const timers = watchTimers('setInterval');
    await as.agent({ name: 'turn' }, async (agent) => {
      as.traceStream((async function* () {})(), { owners: [agent], onComplete: () => {} });
    });
    for (let waited = 0; timers.fired.length === 0 && waited < 2000; waited += 10) await sleep(10);
    expect(timers.created.length).toBeGreaterThan(0);
    expect(timers.created.every((c) => c === ROOT_CONTEXT)).toBe(true);
    expect(timers.fired.length).toBeGreaterThan(0);
    expect(timers.fired.every((c) => c === ROOT_CONTEXT)).toBe(true);
  });

  it("a run registry's sweeper", async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, runRegistry: { ttlMs: 20 } });
    const registry = as.createRunRegistry();
    const timers = watchTimers('setInterval');
    await as.agent({ name: 'turn' }, async () => registry.set('run-1', as.startTool({ name: 't' })));
    expect(timers.created).toEqual([ROOT_CONTEXT]);
    // The run expires after its ttl (polled: a loaded machine runs timers late).
    for (let waited = 0; registry.size > 0 && waited < 2000; waited += 10) await sleep(10);
    expect(registry.size).toBe(0);
    expect(timers.fired.length).toBeGreaterThan(0);
    expect(timers.fired.every((c) => c === ROOT_CONTEXT)).toBe(true);
  });

  it("a streamed chat's idle timer", async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, streamIdleTimeoutMs: 10 });
    const timers = watchTimers('setTimeout');
    await as.agent({ name: 'turn' }, async () => as.startChat({ provider: 'openai', stream: true }).recordChunk());
    expect(timers.created).toEqual([ROOT_CONTEXT]);
    expect(await tracing.openAfter(2000)).toEqual([]);
  });
});
