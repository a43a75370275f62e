// Hostile values, built from plain descriptions. The arbitraries generate descriptions
// (plain data: fast-check can print and shrink them safely), and each run builds fresh
// objects from them, so no run sees another's mutated or revoked object.

/** What a throwing getter throws. */
export type ThrownSpec = 'error' | 'string' | 'revoked-proxy' | 'undefined';

export type StringSpec =
  | { kind: 'text'; text: string }
  | { kind: 'huge'; length: number; unit: string }
  | { kind: 'lone-surrogates' };

/** Keys whose getters a hostile error makes throw: every field error classification reads. */
export const ERROR_KEYS = [
  'cause',
  'message',
  'name',
  'stack',
  'code',
  'type',
  'status',
  'statusCode',
  'response',
  'lastError',
  'constructor',
  'then',
  'toJSON',
] as const;
export type ErrorKey = (typeof ERROR_KEYS)[number];

export type ErrorSpec =
  | { kind: 'plain'; message: StringSpec; name: string }
  | { kind: 'throwing-getters'; keys: readonly ErrorKey[]; base: 'error' | 'object'; thrown: ThrownSpec }
  | { kind: 'revoked-proxy'; of: 'error' | 'object' | 'function' }
  | { kind: 'trap-proxy'; of: 'error' | 'object' }
  | { kind: 'cycle'; length: number }
  | { kind: 'deep-cause'; depth: number }
  | { kind: 'bigint-fields' }
  | { kind: 'primitive'; value: 'string' | 'number' | 'nan' | 'undefined' | 'null' | 'symbol' | 'bigint' | 'boolean' }
  | { kind: 'frozen'; message: StringSpec }
  | { kind: 'null-prototype' }
  | { kind: 'unprintable' }
  | { kind: 'cancellation'; throwingGetters: boolean }
  | { kind: 'inherited-names'; name: string };

export type ValueSpec =
  | { kind: 'primitive'; value: 'string' | 'number' | 'nan' | 'undefined' | 'null' | 'symbol' | 'bigint' | 'boolean' | 'negative-zero' }
  | { kind: 'string'; text: StringSpec }
  | { kind: 'throwing-getters'; keys: readonly string[]; thrown: ThrownSpec }
  | { kind: 'revoked-proxy'; of: 'object' | 'array' | 'function' }
  | { kind: 'trap-proxy' }
  | { kind: 'cycle'; length: number }
  | { kind: 'bigint-bag' }
  | { kind: 'huge-array'; length: number }
  | { kind: 'deep'; depth: number }
  | { kind: 'frozen-bag' }
  | { kind: 'null-prototype' }
  | { kind: 'unprintable' }
  | { kind: 'date-map-set' }
  | { kind: 'typed-array'; length: number }
  | { kind: 'json-like'; json: unknown };

/** A usage object as a provider (or an attacker) might report it. */
export type UsageSpec =
  | { kind: 'numbers'; shape: 'camel' | 'openai' | 'anthropic' | 'gemini' | 'ai-sdk-provider'; input: NumberSpec; output: NumberSpec }
  | { kind: 'value'; value: ValueSpec };

export type NumberSpec = number | 'nan' | 'infinity' | '-infinity' | 'string' | 'bigint' | 'negative' | 'huge' | 'getter-throws';

function thrown(spec: ThrownSpec): unknown {
  switch (spec) {
    case 'error':
      return new Error('thrown by a hostile getter');
    case 'string':
      return 'thrown string';
    case 'revoked-proxy':
      return revokedProxy({});
    case 'undefined':
      return undefined;
  }
}

function thrower(spec: ThrownSpec): () => never {
  return () => {
    throw thrown(spec);
  };
}

export function revokedProxy<T extends object>(target: T): T {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** A Proxy whose every trap throws. */
export function trapProxy<T extends object>(target: T): T {
  const fail = () => {
    throw new Error('hostile Proxy trap');
  };
  return new Proxy(target, {
    get: fail,
    has: fail,
    ownKeys: fail,
    getPrototypeOf: fail,
    getOwnPropertyDescriptor: fail,
    set: fail,
    defineProperty: fail,
    deleteProperty: fail,
    apply: fail,
    construct: fail,
    isExtensible: fail,
    preventExtensions: fail,
    setPrototypeOf: fail,
  });
}

export function buildString(spec: StringSpec): string {
  switch (spec.kind) {
    case 'text':
      return spec.text;
    case 'huge':
      return spec.unit.repeat(Math.ceil(spec.length / Math.max(1, spec.unit.length))).slice(0, spec.length);
    case 'lone-surrogates':
      return 'a\uD800b\uDFFFc\uD83D';
  }
}

/** An object whose `toString`, `valueOf`, `Symbol.toPrimitive` and `toJSON` all throw. */
function unprintable(): object {
  const fail = thrower('error');
  return { toString: fail, valueOf: fail, [Symbol.toPrimitive]: fail, toJSON: fail };
}

function withThrowingGetters<T extends object>(target: T, keys: readonly string[], spec: ThrownSpec): T {
  // An Error formats its stack lazily, reading `message`: format it before that can throw.
  if (target instanceof Error) void target.stack;
  for (const key of keys) Object.defineProperty(target, key, { get: thrower(spec), configurable: true, enumerable: true });
  return target;
}

export function buildError(spec: ErrorSpec): unknown {
  switch (spec.kind) {
    case 'plain': {
      const error = new Error(buildString(spec.message));
      if (spec.name) error.name = spec.name;
      return error;
    }
    case 'throwing-getters':
      return withThrowingGetters(spec.base === 'error' ? new Error('base') : {}, spec.keys, spec.thrown);
    case 'revoked-proxy':
      return revokedProxy(spec.of === 'error' ? new Error('revoked') : spec.of === 'function' ? () => {} : {});
    case 'trap-proxy':
      return trapProxy(spec.of === 'error' ? new Error('trapped') : {});
    case 'cycle': {
      const errors = Array.from({ length: Math.max(1, spec.length) }, (_, i) => new Error(`cycle ${i}`));
      for (const [i, e] of errors.entries()) Object.assign(e, { cause: errors[(i + 1) % errors.length] });
      return errors[0];
    }
    case 'deep-cause': {
      let error: Error = new Error('root cause');
      for (let i = 0; i < spec.depth; i++) error = new Error(`level ${i}`, { cause: error });
      return error;
    }
    case 'bigint-fields':
      return Object.assign(new Error('bigint'), { status: 429n, code: 10n, statusCode: 2n ** 70n, usage: { inputTokens: 5n } });
    case 'primitive':
      return primitive(spec.value);
    case 'frozen':
      return Object.freeze(new Error(buildString(spec.message)));
    case 'null-prototype':
      return Object.assign(Object.create(null), { name: 'NullProtoError', message: 'no prototype' });
    case 'unprintable':
      return Object.assign(unprintable(), { name: 5, message: { nested: true } });
    case 'cancellation': {
      const error = new Error('aborted');
      error.name = 'AbortError';
      return spec.throwingGetters ? withThrowingGetters(error, ['message', 'cause', 'stack'], 'error') : error;
    }
    case 'inherited-names': {
      const error = new Error(spec.name);
      error.name = spec.name;
      return Object.assign(error, { code: spec.name, type: spec.name });
    }
  }
}

function primitive(value: string): unknown {
  switch (value) {
    case 'string':
      return 'a thrown string';
    case 'number':
      return 42;
    case 'nan':
      return Number.NaN;
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'symbol':
      return Symbol('hostile');
    case 'bigint':
      return 12345678901234567890n;
    case 'boolean':
      return false;
    case 'negative-zero':
      return -0;
  }
  return undefined;
}

export function buildValue(spec: ValueSpec): unknown {
  switch (spec.kind) {
    case 'primitive':
      return primitive(spec.value);
    case 'string':
      return buildString(spec.text);
    case 'throwing-getters':
      return withThrowingGetters({ ok: true }, spec.keys, spec.thrown);
    case 'revoked-proxy':
      return revokedProxy(spec.of === 'array' ? [] : spec.of === 'function' ? () => {} : {});
    case 'trap-proxy':
      return trapProxy({});
    case 'cycle': {
      const nodes = Array.from({ length: Math.max(1, spec.length) }, (_, i) => ({ i, next: undefined as unknown }));
      for (const [i, n] of nodes.entries()) n.next = nodes[(i + 1) % nodes.length];
      return { head: nodes[0], list: nodes };
    }
    case 'bigint-bag':
      return { tokens: 10n, nested: { big: 2n ** 80n }, list: [1n, 2n] };
    case 'huge-array':
      return Array.from({ length: spec.length }, (_, i) => i);
    case 'deep': {
      let value: unknown = 'bottom';
      for (let i = 0; i < spec.depth; i++) value = { value };
      return value;
    }
    case 'frozen-bag':
      return Object.freeze({ a: Object.freeze([1, 2]), b: 'frozen' });
    case 'null-prototype':
      return Object.assign(Object.create(null), { a: 1 });
    case 'unprintable':
      return unprintable();
    case 'date-map-set':
      return { date: new Date(Number.NaN), map: new Map([[{}, 1]]), set: new Set([1n]), re: /x/g, err: new Error('inside') };
    case 'typed-array':
      return new Uint8Array(spec.length);
    case 'json-like':
      return structuredClone(spec.json);
  }
}

function number(spec: NumberSpec): unknown {
  switch (spec) {
    case 'nan':
      return Number.NaN;
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    case 'string':
      return '12';
    case 'bigint':
      return 12n;
    case 'negative':
      return -7;
    case 'huge':
      return Number.MAX_VALUE;
    case 'getter-throws':
      return undefined; // set as a getter by buildUsage
    default:
      return spec;
  }
}

export function buildUsage(spec: UsageSpec): unknown {
  if (spec.kind === 'value') return buildValue(spec.value);
  const [inKey, outKey] = {
    camel: ['inputTokens', 'outputTokens'],
    openai: ['prompt_tokens', 'completion_tokens'],
    anthropic: ['input_tokens', 'output_tokens'],
    gemini: ['promptTokenCount', 'candidatesTokenCount'],
    'ai-sdk-provider': ['inputTokens', 'outputTokens'],
  }[spec.shape] as [string, string];
  const usage: Record<string, unknown> = {};
  const put = (key: string, n: NumberSpec) => {
    if (n === 'getter-throws') Object.defineProperty(usage, key, { get: thrower('error'), enumerable: true });
    else usage[key] = spec.shape === 'ai-sdk-provider' ? { total: number(n) } : number(n);
  };
  put(inKey, spec.input);
  put(outKey, spec.output);
  return usage;
}
