// fast-check arbitraries of the hostile descriptions (see hostile-values.ts and
// odd-promises.ts). Sizes are bounded by `limits` so a suite chooses its own cost.
import fc from 'fast-check';
import {
  ERROR_KEYS,
  type ErrorSpec,
  type NumberSpec,
  type StringSpec,
  type ThrownSpec,
  type UsageSpec,
  type ValueSpec,
} from './hostile-values.js';
import type { PromiseSpec, SettleSpec, Timing } from './odd-promises.js';

export interface HostileLimits {
  /** Longest "huge" string. Error messages are redacted: keep them short where redaction is slow. */
  hugeString: number;
  /** Longest error message (messages are redacted, captured or not). */
  message: number;
  /** Longest array / deepest nesting. */
  hugeArray: number;
  depth: number;
}

export const DEFAULT_LIMITS: HostileLimits = { hugeString: 1 << 20, message: 4096, hugeArray: 100_000, depth: 5_000 };

const thrownSpec: fc.Arbitrary<ThrownSpec> = fc.constantFrom('error', 'string', 'revoked-proxy', 'undefined');

export function stringSpec(maxLength: number): fc.Arbitrary<StringSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map((text) => ({ kind: 'text', text }) as const) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          length: fc.integer({ min: Math.min(1024, maxLength), max: maxLength }),
          unit: fc.constantFrom('a', '1', 'a.b-', '@', ' ', '\u{1F600}', '138-', 'x@y'),
        })
        .map((r) => ({ kind: 'huge', ...r }) as const),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'lone-surrogates' } as const) },
  );
}

/** Names that are inherited properties of plain objects: tables keyed by name must not match them. */
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

export function errorSpec(limits: HostileLimits = DEFAULT_LIMITS): fc.Arbitrary<ErrorSpec> {
  const primitive = fc.constantFrom('string', 'number', 'nan', 'undefined', 'null', 'symbol', 'bigint', 'boolean') as fc.Arbitrary<
    Extract<ErrorSpec, { kind: 'primitive' }>['value']
  >;
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({ message: stringSpec(limits.message), name: fc.constantFrom('', 'Error', 'RateLimitError', 'AbortError', 'TypeError') })
        .map((r) => ({ kind: 'plain', ...r }) as const),
    },
    {
      weight: 6,
      arbitrary: fc
        .record({
          keys: fc.uniqueArray(fc.constantFrom(...ERROR_KEYS), { minLength: 1, maxLength: 5 }),
          base: fc.constantFrom('error', 'object') as fc.Arbitrary<'error' | 'object'>,
          thrown: thrownSpec,
        })
        .map((r) => ({ kind: 'throwing-getters', ...r }) as const),
    },
    { weight: 3, arbitrary: fc.constantFrom('error', 'object', 'function').map((of) => ({ kind: 'revoked-proxy', of }) as ErrorSpec) },
    { weight: 2, arbitrary: fc.constantFrom('error', 'object').map((of) => ({ kind: 'trap-proxy', of }) as ErrorSpec) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((length) => ({ kind: 'cycle', length }) as const) },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: limits.depth }).map((depth) => ({ kind: 'deep-cause', depth }) as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'bigint-fields' } as const) },
    { weight: 2, arbitrary: primitive.map((value) => ({ kind: 'primitive', value }) as const) },
    { weight: 1, arbitrary: stringSpec(limits.message).map((message) => ({ kind: 'frozen', message }) as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'null-prototype' } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'unprintable' } as const) },
    { weight: 1, arbitrary: fc.boolean().map((throwingGetters) => ({ kind: 'cancellation', throwingGetters }) as const) },
    { weight: 1, arbitrary: fc.constantFrom(...INHERITED).map((name) => ({ kind: 'inherited-names', name }) as const) },
  );
}

export function valueSpec(limits: HostileLimits = DEFAULT_LIMITS): fc.Arbitrary<ValueSpec> {
  const primitive = fc.constantFrom('string', 'number', 'nan', 'undefined', 'null', 'symbol', 'bigint', 'boolean', 'negative-zero') as fc.Arbitrary<
    Extract<ValueSpec, { kind: 'primitive' }>['value']
  >;
  return fc.oneof(
    { weight: 3, arbitrary: primitive.map((value) => ({ kind: 'primitive', value }) as const) },
    { weight: 2, arbitrary: stringSpec(limits.hugeString).map((text) => ({ kind: 'string', text }) as const) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          keys: fc.uniqueArray(fc.constantFrom('content', 'text', 'then', 'toJSON', 'length', 'usage', 'message', 'id'), { minLength: 1, maxLength: 4 }),
          thrown: thrownSpec,
        })
        .map((r) => ({ kind: 'throwing-getters', ...r }) as const),
    },
    { weight: 2, arbitrary: fc.constantFrom('object', 'array', 'function').map((of) => ({ kind: 'revoked-proxy', of }) as ValueSpec) },
    { weight: 1, arbitrary: fc.constant({ kind: 'trap-proxy' } as const) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((length) => ({ kind: 'cycle', length }) as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'bigint-bag' } as const) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: limits.hugeArray }).map((length) => ({ kind: 'huge-array', length }) as const) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: limits.depth }).map((depth) => ({ kind: 'deep', depth }) as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'frozen-bag' } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'null-prototype' } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'unprintable' } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'date-map-set' } as const) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 1 << 16 }).map((length) => ({ kind: 'typed-array', length }) as const) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => ({ kind: 'json-like', json }) as const) },
  );
}

export function numberSpec(): fc.Arbitrary<NumberSpec> {
  return fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.double({ noNaN: false }),
    fc.constantFrom('nan', 'infinity', '-infinity', 'string', 'bigint', 'negative', 'huge', 'getter-throws') as fc.Arbitrary<NumberSpec>,
  );
}

export function usageSpec(limits: HostileLimits = DEFAULT_LIMITS): fc.Arbitrary<UsageSpec> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({
          shape: fc.constantFrom('camel', 'openai', 'anthropic', 'gemini', 'ai-sdk-provider') as fc.Arbitrary<
            Extract<UsageSpec, { kind: 'numbers' }>['shape']
          >,
          input: numberSpec(),
          output: numberSpec(),
        })
        .map((r) => ({ kind: 'numbers', ...r }) as const),
    },
    { weight: 1, arbitrary: valueSpec({ ...limits, hugeString: 4096 }).map((value) => ({ kind: 'value', value }) as const) },
  );
}

export function settleSpec(limits: HostileLimits = DEFAULT_LIMITS): fc.Arbitrary<SettleSpec> {
  // Resolved values that are thenables themselves would be adopted by `await`: plain values only.
  const plainValue = valueSpec(limits).filter((v) => v.kind !== 'revoked-proxy' && v.kind !== 'trap-proxy' && !(v.kind === 'throwing-getters' && v.keys.includes('then')));
  return fc.oneof(plainValue.map((resolve) => ({ resolve })), errorSpec(limits).map((reject) => ({ reject })));
}

export function promiseSpec(limits: HostileLimits = DEFAULT_LIMITS): fc.Arbitrary<PromiseSpec> {
  const timing = fc.constantFrom('now', 'microtask', 'macrotask') as fc.Arbitrary<Timing>;
  const settle = settleSpec(limits);
  return fc.oneof(
    fc.record({ settle, timing }).map((r) => ({ kind: 'native', ...r }) as const),
    fc.record({ settle, timing }).map((r) => ({ kind: 'subclass', ...r }) as const),
    fc.record({ settle, timing }).map((r) => ({ kind: 'extra-props', ...r }) as const),
    settle.map((s) => ({ kind: 'own-then-throws', settle: s }) as const),
    settle.map((s) => ({ kind: 'proxy-promise', settle: s }) as const),
    settle.map((s) => ({ kind: 'lazy-thenable', settle: s }) as const),
    fc.constant({ kind: 'then-throws' } as const),
    fc.constant({ kind: 'then-getter-throws' } as const),
  );
}

/** One step of an out-of-order callback script: which run, what happens to it. */
export interface ScriptEvent {
  readonly action: 'start' | 'end' | 'error' | 'chunk';
  /** Index of the run, or -1: a run id nobody started. */
  readonly run: number;
  /** The run's parent (an index, -1: none, or a run that may not exist yet). */
  readonly parent: number;
  /** Adapter-specific kind of run (model, tool, chain, ...), an index into the adapter's list. */
  readonly kind: number;
}

/**
 * Scripts of callback events in any order: ends before starts, duplicate starts and ends,
 * unknown run ids, parents that never started, errors after ends.
 */
export function eventScript(options: { runs: number; kinds: number; maxLength: number }): fc.Arbitrary<ScriptEvent[]> {
  const event = fc.record({
    action: fc.constantFrom('start', 'start', 'end', 'error', 'chunk') as fc.Arbitrary<ScriptEvent['action']>,
    run: fc.integer({ min: -1, max: options.runs - 1 }),
    parent: fc.integer({ min: -1, max: options.runs - 1 }),
    kind: fc.integer({ min: 0, max: options.kinds - 1 }),
  });
  return fc.array(event, { minLength: 1, maxLength: options.maxLength });
}
