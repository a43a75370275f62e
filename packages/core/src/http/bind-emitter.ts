// Runs the listeners later added to a request or response emitter in the request's
// trace context. Body parsers resume the handler chain from a stream listener, and
// instrumentation-http binds those emitters to its own context (without agentspan's
// turn ids and rollup); the OTel context manager does not bind an emitter twice, so
// this layer goes over its binding.
import type { EventEmitter } from 'node:events';
import { type Context, context as contextApi } from '@opentelemetry/api';

type Listener = (...args: unknown[]) => unknown;
type AddMethod = (this: EventEmitter, event: string | symbol, listener: Listener) => EventEmitter;

const ADD_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_METHODS = ['removeListener', 'off'] as const;
const bound = new WeakSet<EventEmitter>();

export function bindEmitterToContext(emitter: EventEmitter, ctx: Context): void {
  if (bound.has(emitter)) return;
  bound.add(emitter);
  const wrappers = new Map<string | symbol, WeakMap<Listener, Listener>>();
  // once() is implemented with on(): the inner call must not wrap a second time.
  let adding = false;
  const target = emitter as unknown as Record<string, AddMethod>;
  for (const name of ADD_METHODS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: EventEmitter, event, listener) {
      if (adding || typeof listener !== 'function') return original.call(this, event, listener);
      let byListener = wrappers.get(event);
      if (!byListener) {
        byListener = new WeakMap();
        wrappers.set(event, byListener);
      }
      let wrapped = byListener.get(listener);
      if (!wrapped) {
        wrapped = contextApi.bind(ctx, listener);
        byListener.set(listener, wrapped);
      }
      adding = true;
      try {
        return original.call(this, event, wrapped);
      } finally {
        adding = false;
      }
    };
  }
  for (const name of REMOVE_METHODS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: EventEmitter, event, listener) {
      return original.call(this, event, wrappers.get(event)?.get(listener) ?? listener);
    };
  }
}
