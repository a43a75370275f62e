// Hostile values for the HTTP adapters' property suites (fast-check): errors and values whose
// getters throw, Proxies (revoked too), non-Error throwables, BigInt, cycles, long strings;
// and hostile header values. A value is made fresh for each use: tests compare identities.
import fc from 'fast-check';

/** Makes one hostile value; `label` says what it is (in a counterexample). */
export interface Hostile {
  label: string;
  make: () => unknown;
}

/** Prints as its label in a counterexample. */
export function hostile(label: string, make: () => unknown): Hostile {
  return { label, make, [fc.toStringMethod]: () => label } as Hostile;
}

const thrower = (what: string) => () => {
  throw new Error(`hostile ${what}`);
};

function withThrowingGetter(base: object, key: PropertyKey): object {
  Object.defineProperty(base, key, { get: thrower(`getter ${String(key)}`), configurable: true });
  return base;
}

/** A Proxy every trap of which throws (reading anything of it throws, typeof does not). */
function throwingProxy(target: object): object {
  const handler: ProxyHandler<object> = {};
  for (const trap of ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'apply'] as const) {
    (handler as Record<string, unknown>)[trap] = thrower(`trap ${trap}`);
  }
  return new Proxy(target, handler);
}

function revoked(target: object): object {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const GETTER_KEYS: PropertyKey[] = ['name', 'message', 'cause', 'stack', 'constructor', 'status', 'code', 'then', 'toJSON', 'toString', Symbol.toPrimitive];

/** Messages: short text, any unicode, or up to 1 KB (long inputs have tests of their own). */
const message = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.nat({ max: 512 }).map((n) => 'x.'.repeat(n)));

/** Errors and other throwables whose reading may throw. */
export const hostileError: fc.Arbitrary<Hostile> = fc.oneof(
  message.map((m) => hostile(`Error(${m.length} chars)`, () => new Error(m))),
  fc.tuple(fc.constantFrom(...GETTER_KEYS), message).map(([key, m]) =>
    hostile(`Error with a throwing ${String(key)} getter`, () => withThrowingGetter(new Error(m), key)),
  ),
  fc.constant(hostile('revoked Proxy of an Error', () => revoked(new Error('revoked')))),
  fc.constant(hostile('Proxy of an Error whose traps throw', () => throwingProxy(new Error('trapped')))),
  fc.constant(
    hostile('Error whose cause is itself', () => {
      const e = new Error('cycle');
      (e as { cause?: unknown }).cause = e;
      return e;
    }),
  ),
  fc.constant(hostile('Error with a revoked Proxy as cause', () => new Error('outer', { cause: revoked({}) }))),
  fc.bigInt().map((n) => hostile(`BigInt ${n}`, () => n)),
  fc.oneof(fc.string({ maxLength: 20 }).filter((s) => s !== 'route' && s !== 'router'), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)).map(
    (v) => hostile(`the primitive ${typeof v}`, () => v),
  ),
  fc.constant(hostile('a Symbol', () => Symbol('thrown'))),
  fc.constant(hostile('a plain object with a throwing toString', () => withThrowingGetter({ a: 1 }, 'toString'))),
  fc.constant(
    hostile('a cyclic plain object', () => {
      const o: Record<string, unknown> = { message: 'cyclic' };
      o.self = o;
      return o;
    }),
  ),
  fc.constant(hostile('a function', () => () => 'thrown function')),
);

/** Values a handler or a traced method returns (besides errors, which can be returned too). */
export const hostileValue: fc.Arbitrary<Hostile> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => hostile('JSON value', () => structuredClone(v))),
  hostileError,
  // biome-ignore lint/suspicious/noThenProperty: hostile thenables are the point
  fc.constant(hostile('a thenable that never calls back', () => ({ then: () => {} }))),
  // biome-ignore lint/suspicious/noThenProperty: hostile thenables are the point
  fc.constant(hostile('a thenable whose then throws', () => ({ then: thrower('then') }))),
  fc.constant(hostile('a promise with extra methods', () => Object.assign(Promise.resolve('value'), { cancel: () => {} }))),
);

/** Bytes a counterexample prints by their label (a 1 MB buffer would flood the report). */
export interface HostileBytes {
  label: string;
  bytes: Buffer;
}

function labelled(label: string, bytes: Buffer): HostileBytes {
  return { label, bytes, [fc.toStringMethod]: () => `${label} (${bytes.length} bytes)` } as HostileBytes;
}

/**
 * Header values as bytes on the wire: text, any unicode (UTF-8 bytes), bytes that are not
 * UTF-8, control characters other than CR and LF (the parser refuses most), 1 MB, digit runs.
 */
export const hostileHeaderValue: fc.Arbitrary<HostileBytes> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ label: 'text', bytes: Buffer.from(s, 'utf8') })), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => ({ label: 'unicode', bytes: Buffer.from(s, 'utf8') })), weight: 4 },
  // Bytes 0x80-0xff are not UTF-8 (Node reads the header as latin1); control bytes make its parser answer 400 itself.
  { arbitrary: fc.uint8Array({ min: 0x20, max: 0xff, maxLength: 40 }).map((a) => ({ label: 'bytes, not UTF-8', bytes: Buffer.from(a.filter((b) => b !== 0x7f)) })), weight: 4 },
  { arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => ({ label: 'bytes with control characters', bytes: Buffer.from(a) })), weight: 1 },
  { arbitrary: fc.constant({ label: '1 MB', bytes: Buffer.alloc(1 << 20, 'u') }), weight: 1 },
  { arbitrary: fc.nat({ max: 32 }).map((n) => ({ label: `${n} KB of digits and dots`, bytes: Buffer.from('1.'.repeat(n * 512)) })), weight: 2 },
).map(({ label, bytes }) => labelled(label, Buffer.from(bytes.filter((b) => b !== 13 && b !== 10))));
