// The core under hostile input (issue 17), property-based with a fixed seed. Every run
// asserts: the caller gets exactly its own value or error (the same object), nothing
// thrown comes from us, no span is left open once the run has settled, and the maps we
// keep stay bounded.
import {
  type BodySpec,
  type ErrorSpec,
  type HostileLimits,
  type Outcome,
  type ValueSpec,
  DEFAULT_LIMITS,
  assertSameOutcome,
  awaitOutcome,
  bodySpec,
  buildError,
  buildPromise,
  buildUsage,
  buildValue,
  callOutcome,
  errorSpec,
  checkProperty,
  fc,
  fuzzParams,
  hostileTracing,
  returned,
  runsSummary,
  threw,
  usageSpec,
  valueSpec,
} from '@agentspan/testing-hostile';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Agentspan,
  AgentspanConfigError,
  type AgentspanConfig,
  type Operation,
  classifyError,
  normalizeUsage,
  resolveFinishReasons,
} from '../src/index.js';
import { errorMessage } from '../src/errors.js';

const CAPTURE_LIMITS: HostileLimits = { hugeString: 8192, message: 2048, hugeArray: 10_000, depth: 2_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
afterAll(() => console.log(runsSummary('core')));

const tracing = hostileTracing();
const FUZZ_TIMEOUT = 120_000;
const throwingTracing = hostileTracing({ throwingOnEnd: true });

type Helper = 'agent' | 'chat' | 'tool' | 'retrieval' | 'memory' | 'embeddings';
const HELPERS: readonly Helper[] = ['agent', 'chat', 'tool', 'retrieval', 'memory', 'embeddings'];

/** Runs fn inside one core helper (toResult: the default, or one that throws). */
function viaHelper(as: Agentspan, helper: Helper, fn: () => unknown, hostileToResult: boolean): unknown {
  const toResult = hostileToResult
    ? () => {
        throw new Error('toResult');
      }
    : undefined;
  switch (helper) {
    case 'agent':
      return as.agent({ name: 'a' }, fn);
    case 'chat':
      return as.chat({ provider: 'openai', requestModel: 'gpt-4o-mini' }, fn, toResult ?? ((usage) => ({ usage })));
    case 'tool':
      return as.tool({ name: 't', arguments: () => 'args' }, fn, toResult);
    case 'retrieval':
      return as.retrieval({ dataSourceId: 'kb', query: 'q' }, fn, toResult);
    case 'memory':
      return as.memory({ operation: 'search_memory', storeId: 's' }, fn, toResult);
    case 'embeddings':
      return as.embeddings({ provider: 'openai' }, fn, toResult ?? (() => ({ dimensions: 3 })));
  }
}

/** Nested helpers around a hostile body: the outermost caller must get the body's own outcome. */
async function helpersRun(
  t: ReturnType<typeof hostileTracing>,
  as: Agentspan,
  chain: readonly Helper[],
  body: BodySpec,
  awaitIt: boolean,
  hostileToResult: boolean,
): Promise<void> {
  t.reset();
  let expected: Outcome;
  let inner: () => unknown;
  let built: ReturnType<typeof buildPromise> | undefined;
  if (body.kind === 'return') {
    const value = buildValue(body.value);
    expected = returned(value);
    inner = () => value;
  } else if (body.kind === 'throw') {
    const error = buildError(body.error);
    expected = threw(error);
    inner = () => {
      throw error;
    };
  } else {
    built = buildPromise(body.promise);
    const value = built.value;
    expected = returned(value);
    inner = () => value;
  }
  const call = chain.reduceRight<() => unknown>((fn, helper) => () => viaHelper(as, helper, fn, hostileToResult), inner);
  const outcome = callOutcome(call);
  assertSameOutcome(outcome, expected, `${chain.join(' > ')} around ${body.kind}`);
  if (built && !awaitIt && !built.native) expect(built.thenCalls()).toBe(0);
  if (built && awaitIt) {
    const settled = await awaitOutcome(outcome.threw ? undefined : outcome.value);
    const want = built.expected.ok ? returned(built.expected.value) : threw(built.expected.error);
    assertSameOutcome(settled, want, 'awaiting the returned promise');
  }
  // A macrotask promise settles after a timer; nothing may stay open after that.
  if (body.kind === 'promise') await sleep(1);
  expect(await t.openAfter(2000)).toEqual([]);
}

describe('core helpers (agent, chat, tool, retrieval, memory, embeddings) under hostile bodies', () => {
  const chain = fc.array(fc.constantFrom(...HELPERS), { minLength: 1, maxLength: 3 });

  it('capture off, any size: the same value or error, every span ended', async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, captureContent: false });
    await checkProperty(
      fc.asyncProperty(chain, bodySpec(DEFAULT_LIMITS), fc.boolean(), fc.boolean(), (c, body, awaitIt, bad) =>
        helpersRun(tracing, as, c, body, awaitIt, bad),
      ),
      fuzzParams('helpers, capture off', 300),
    );
  }, FUZZ_TIMEOUT);

  it('capture on (everything serialised and redacted): the same guarantees', async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, captureContent: true });
    await checkProperty(
      fc.asyncProperty(chain, bodySpec(CAPTURE_LIMITS), fc.boolean(), fc.boolean(), (c, body, awaitIt, bad) =>
        helpersRun(tracing, as, c, body, awaitIt, bad),
      ),
      fuzzParams('helpers, capture on', 150),
    );
  }, FUZZ_TIMEOUT);

  it('a span processor whose onEnd throws never reaches the caller', async () => {
    const as = new Agentspan({ tracerProvider: throwingTracing.provider });
    await checkProperty(
      fc.asyncProperty(chain, bodySpec(CAPTURE_LIMITS), fc.boolean(), (c, body, awaitIt) =>
        helpersRun(throwingTracing, as, c, body, awaitIt, false),
      ),
      fuzzParams('helpers, throwing span processor', 100),
    );
  }, FUZZ_TIMEOUT);
});

// ---- handles: start*, then any sequence of calls, in any order ----

type Call =
  | { kind: 'end'; result: 'none' | 'usage' | 'value'; usage: ReturnType<typeof usageSpec> extends fc.Arbitrary<infer U> ? U : never; value: ValueSpec }
  | { kind: 'fail'; error: ErrorSpec }
  | { kind: 'cancel'; reason: ErrorSpec | null }
  | { kind: 'attributes'; value: ValueSpec }
  | { kind: 'chunk' }
  | { kind: 'model'; value: ValueSpec }
  | { kind: 'run'; error: ErrorSpec | null };

function callSpec(limits: HostileLimits): fc.Arbitrary<Call> {
  return fc.oneof(
    fc
      .record({ result: fc.constantFrom('none', 'usage', 'value') as fc.Arbitrary<'none' | 'usage' | 'value'>, usage: usageSpec(limits), value: valueSpec(limits) })
      .map((r) => ({ kind: 'end', ...r }) as const),
    errorSpec(limits).map((error) => ({ kind: 'fail', error }) as const),
    fc.option(errorSpec(limits)).map((reason) => ({ kind: 'cancel', reason }) as const),
    valueSpec(limits).map((value) => ({ kind: 'attributes', value }) as const),
    fc.constant({ kind: 'chunk' } as const),
    valueSpec(limits).map((value) => ({ kind: 'model', value }) as const),
    fc.option(errorSpec(limits)).map((error) => ({ kind: 'run', error }) as const),
  );
}

type StartKind = 'agent' | 'chat' | 'tool' | 'retrieval' | 'memory' | 'embeddings' | 'rerank' | 'framework';
const START_KINDS: readonly StartKind[] = ['agent', 'chat', 'tool', 'retrieval', 'memory', 'embeddings', 'rerank', 'framework'];

/** A start object with hostile fields: names, ids, attributes, parents and start times. */
function hostileStart(field: ValueSpec, which: number): Record<string, unknown> {
  const hostile = buildValue(field);
  const base: Record<string, unknown> = {
    name: 'op',
    provider: 'openai',
    requestModel: 'gpt-4o-mini',
    operation: 'search_memory',
    runType: 'step',
    dataSourceId: 'kb',
  };
  const keys = ['name', 'provider', 'requestModel', 'conversationId', 'userId', 'attributes', 'parent', 'startTime', 'params', 'input', 'arguments', 'operation', 'topK', 'callId'];
  base[keys[which % keys.length] as string] = hostile;
  return base;
}

function startOp(as: Agentspan, kind: StartKind, start: Record<string, unknown>): Operation<unknown> & { recordChunk?: () => void; setRequestModel?: (m: string) => void } {
  const o = start as never;
  switch (kind) {
    case 'agent':
      return as.startAgent(o);
    case 'chat':
      return as.startChat(o);
    case 'tool':
      return as.startTool(o);
    case 'retrieval':
      return as.startRetrieval(o);
    case 'memory':
      return as.startMemory(o);
    case 'embeddings':
      return as.startEmbeddings(o);
    case 'rerank':
      return as.startRerank(o);
    case 'framework':
      return as.startFramework(o);
  }
}

describe('operation handles under hostile calls in any order', () => {
  it('no call throws but the user function run() runs; every span ends; the registry stays bounded', async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, captureContent: true, runRegistry: { maxSize: 8, ttlMs: 60_000 } });
    const registry = as.createRunRegistry<Operation<unknown>>();
    const op = fc.record({
      kind: fc.constantFrom(...START_KINDS),
      field: valueSpec(CAPTURE_LIMITS),
      which: fc.nat(),
      calls: fc.array(callSpec(CAPTURE_LIMITS), { maxLength: 6 }),
    });
    let runId = 0;
    await checkProperty(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 4 }), async (ops) => {
        tracing.reset();
        const handles: Operation<unknown>[] = [];
        for (const spec of ops) {
          // A handle started inside the previous one (when it can be) nests under it.
          const parent = handles[handles.length - 1];
          const start = () => startOp(as, spec.kind, hostileStart(spec.field, spec.which));
          const h = parent ? parent.run(start) : start();
          handles.push(h);
          registry.set(`run-${runId++}`, h);
          expect(registry.size).toBeLessThanOrEqual(8);
          for (const call of spec.calls) {
            switch (call.kind) {
              case 'end': {
                const result =
                  call.result === 'none'
                    ? undefined
                    : call.result === 'usage'
                      ? { usage: buildUsage(call.usage), finishReasons: buildValue(call.value), outputMessages: () => buildValue(call.value) }
                      : { result: buildValue(call.value), output: buildValue(call.value), documents: buildValue(call.value), records: buildValue(call.value), count: buildValue(call.value) };
                h.end(result as never);
                break;
              }
              case 'fail':
                h.fail(buildError(call.error));
                break;
              case 'cancel':
                h.cancel(call.reason === null ? undefined : buildError(call.reason));
                break;
              case 'attributes':
                h.setAttributes(buildValue(call.value) as never);
                break;
              case 'chunk':
                h.recordChunk?.();
                break;
              case 'model':
                h.setRequestModel?.(buildValue(call.value) as never);
                break;
              case 'run': {
                const error = call.error === null ? undefined : buildError(call.error);
                const value = {};
                const outcome = callOutcome(() =>
                  h.run(() => {
                    if (call.error !== null) throw error;
                    return value;
                  }),
                );
                assertSameOutcome(outcome, call.error === null ? returned(value) : threw(error), 'run()');
              }
            }
          }
        }
        // The app ends what it started, innermost first: then nothing may be open.
        for (const h of [...handles].reverse()) h.end();
        expect(tracing.counter.openSpans()).toEqual([]);
      }),
      fuzzParams('handles', 300),
    );
    registry.clear();
  }, FUZZ_TIMEOUT);
});

// ---- streams ----

type SourceSpec =
  | { kind: 'values'; values: ValueSpec[] }
  | { kind: 'rejects'; after: number; error: ErrorSpec }
  | { kind: 'next-throws'; after: number; error: ErrorSpec }
  | { kind: 'open-throws'; error: ErrorSpec }
  | { kind: 'non-promise-next'; values: number };

function sourceSpec(limits: HostileLimits): fc.Arbitrary<SourceSpec> {
  return fc.oneof(
    fc.array(valueSpec(limits), { maxLength: 4 }).map((values) => ({ kind: 'values', values }) as const),
    fc.record({ after: fc.nat(3), error: errorSpec(limits) }).map((r) => ({ kind: 'rejects', ...r }) as const),
    fc.record({ after: fc.nat(3), error: errorSpec(limits) }).map((r) => ({ kind: 'next-throws', ...r }) as const),
    errorSpec(limits).map((error) => ({ kind: 'open-throws', error }) as const),
    fc.nat(3).map((values) => ({ kind: 'non-promise-next', values }) as const),
  );
}

/** The source, and what a consumer reading it all should see. */
function buildSource(spec: SourceSpec): { source: AsyncIterable<unknown>; values: unknown[]; error: { value: unknown } | undefined } {
  if (spec.kind === 'values') {
    // A plain iterator (an async generator would await each value: a hostile one rejects).
    const values = spec.values.map(buildValue);
    let i = 0;
    const source = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve(i < values.length ? { done: false, value: values[i++] } : { done: true, value: undefined }),
      }),
    };
    return { source: source as AsyncIterable<unknown>, values, error: undefined };
  }
  if (spec.kind === 'non-promise-next') {
    let i = 0;
    const values = Array.from({ length: spec.values }, (_, k) => ({ k }));
    const source = { [Symbol.asyncIterator]: () => ({ next: () => (i < values.length ? { done: false, value: values[i++] } : { done: true, value: undefined }) }) };
    return { source: source as unknown as AsyncIterable<unknown>, values, error: undefined };
  }
  const error = buildError(spec.error);
  if (spec.kind === 'open-throws') {
    return {
      source: {
        [Symbol.asyncIterator]: () => {
          throw error;
        },
      },
      values: [],
      error: { value: error },
    };
  }
  let i = 0;
  const values = Array.from({ length: spec.after }, (_, k) => ({ k }));
  const source = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (i < values.length) return Promise.resolve({ done: false, value: values[i++] });
        if (spec.kind === 'rejects') return Promise.reject(error);
        throw error;
      },
    }),
  };
  return { source, values, error: { value: error } };
}

describe('traceStream under hostile sources and consumers', () => {
  it('the consumer sees the same chunks and the same error; agent and chat always end', async () => {
    const as = new Agentspan({ tracerProvider: tracing.provider, streamIdleTimeoutMs: 10 });
    await checkProperty(
      fc.asyncProperty(
        sourceSpec(CAPTURE_LIMITS),
        fc.constantFrom('all', 'break', 'none') as fc.Arbitrary<'all' | 'break' | 'none'>,
        fc.boolean(),
        fc.boolean(),
        async (spec, consumer, chunkThrows, completeThrows) => {
          tracing.reset();
          const { source, values, error } = buildSource(spec);
          const agent = as.startAgent({ name: 'streaming' });
          const chat = as.startChat({ provider: 'openai', requestModel: 'm', parent: agent.context, stream: true });
          const stream = as.traceStream(source, {
            owners: [chat, agent],
            onChunk: () => {
              chat.recordChunk();
              if (chunkThrows) throw new Error('onChunk');
            },
            onComplete: () => {
              if (completeThrows) throw new Error('onComplete');
              chat.end();
              agent.end();
            },
          });
          const seen: unknown[] = [];
          let caught: { value: unknown } | undefined;
          if (consumer !== 'none') {
            try {
              for await (const chunk of stream) {
                seen.push(chunk);
                if (consumer === 'break') break;
              }
            } catch (e) {
              caught = { value: e };
            }
            const expectedSeen = consumer === 'break' ? values.slice(0, 1) : values;
            expect(seen.length).toBe(expectedSeen.length);
            for (const [i, v] of seen.entries()) expect(Object.is(v, expectedSeen[i])).toBe(true);
            if (consumer === 'all' || values.length === 0) {
              expect(caught === undefined).toBe(error === undefined);
              if (caught && error) expect(Object.is(caught.value, error.value)).toBe(true);
            }
          }
          // Abandoned (never read) streams end at the idle time.
          expect(await tracing.openAfter(2000)).toEqual([]);
        },
      ),
      fuzzParams('traceStream', 120),
    );
  }, FUZZ_TIMEOUT);
});

// ---- configuration ----

const VALID_KEYS = ['tracerProvider', 'meterProvider', 'captureContent', 'contentMaxLength', 'redaction', 'prices', 'replaceBuiltInPrices', 'legacyMetrics', 'streamIdleTimeoutMs', 'runRegistry'];

describe('configuration', () => {
  it('any config either constructs or fails with AgentspanConfigError at creation', async () => {
    const key = fc.oneof(fc.constantFrom(...VALID_KEYS, 'captureContnet', 'streamIdleTimeout', 'meterprovider'), fc.string({ maxLength: 12 }));
    return checkProperty(
      fc.property(fc.dictionary(key, valueSpec(CAPTURE_LIMITS), { maxKeys: 4 }), fc.boolean(), (specs, nullProto) => {
        const config: Record<string, unknown> = nullProto ? Object.create(null) : {};
        for (const [k, v] of Object.entries(specs)) config[k] = buildValue(v);
        const outcome = callOutcome(() => new Agentspan(config as AgentspanConfig));
        if (outcome.threw) expect(outcome.error).toBeInstanceOf(AgentspanConfigError);
      }),
      fuzzParams('config', 300),
    );
  }, FUZZ_TIMEOUT);
});

// ---- pure functions ----

describe('classification and normalisation never throw', () => {
  it('classifyError, errorMessage, normalizeUsage, resolveFinishReasons on anything', async () => {
    const categories = new Set(['rate_limit', 'context_length_exceeded', 'authentication', 'not_found', 'timeout', 'content_filter', 'server_error', 'budget_exceeded', 'cancelled', 'unknown']);
    return checkProperty(
      fc.property(errorSpec(DEFAULT_LIMITS), usageSpec(DEFAULT_LIMITS), valueSpec(CAPTURE_LIMITS), (e, u, v) => {
        const { type, category } = classifyError(buildError(e));
        expect(typeof type).toBe('string');
        expect(categories.has(category)).toBe(true);
        expect(typeof errorMessage(buildError(e))).toBe('string');
        const usage = normalizeUsage(buildUsage(u));
        for (const n of Object.values(usage ?? {})) expect(Number.isFinite(n) && n >= 0).toBe(true);
        const reasons = resolveFinishReasons(buildValue(v) as never, buildValue(v) as never);
        expect(reasons.every((r) => typeof r === 'string')).toBe(true);
      }),
      fuzzParams('pure functions', 500),
    );
  }, FUZZ_TIMEOUT);
});
