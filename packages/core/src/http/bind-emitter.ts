// Runs the listeners later added to a request or response emitter in the request's
// trace context. Body parsers resume the handler chain from stream listeners, and
// instrumentation-http binds those emitters to its own context (without agentspan's
// turn ids and rollup); the OTel context manager does not bind an emitter twice, so
// this layer goes over its binding. The methods are shared functions reading the
// emitter's own state: binding costs one object per emitter, not a closure per method.
import type { EventEmitter } from 'node:events';
import { type Context, context as contextApi } from '@opentelemetry/api';

type Listener = (...args: unknown[]) => unknown;
type Method = (this: EventEmitter, event: string | symbol, listener: Listener) => EventEmitter;

const ADD_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_METHODS = ['removeListener', 'off'] as const;
type MethodName = (typeof ADD_METHODS)[number] | (typeof REMOVE_METHODS)[number];

const STATE = Symbol('agentspan.emitterContext');

interface BindState {
  ctx: Context;
  originals: Partial<Record<MethodName, Method>>;
  wrappers: Map<string | symbol, WeakMap<Listener, Listener>> | undefined;
  /** once() is implemented with on(): the inner call must not wrap a second time. */
  adding: boolean;
}

type Bound = EventEmitter & { [STATE]?: BindState } & Record<MethodName, Method>;

function wrapperFor(state: BindState, event: string | symbol, listener: Listener): Listener {
  if (!state.wrappers) state.wrappers = new Map();
  let byListener = state.wrappers.get(event);
  if (!byListener) {
    byListener = new WeakMap();
    state.wrappers.set(event, byListener);
  }
  let wrapped = byListener.get(listener);
  if (!wrapped) {
    wrapped = contextApi.bind(state.ctx, listener);
    byListener.set(listener, wrapped);
  }
  return wrapped;
}

function sharedAdd(name: MethodName): Method {
  return function (this: EventEmitter, event, listener) {
    const self = this as Bound;
    const state = self[STATE];
    const original = state?.originals[name];
    if (!state || !original) return Object.getPrototypeOf(self)[name].call(self, event, listener);
    if (state.adding || typeof listener !== 'function') return original.call(self, event, listener);
    state.adding = true;
    try {
      return original.call(self, event, wrapperFor(state, event, listener));
    } finally {
      state.adding = false;
    }
  };
}

function sharedRemove(name: MethodName): Method {
  return function (this: EventEmitter, event, listener) {
    const self = this as Bound;
    const state = self[STATE];
    const original = state?.originals[name];
    if (!state || !original) return Object.getPrototypeOf(self)[name].call(self, event, listener);
    return original.call(self, event, state.wrappers?.get(event)?.get(listener) ?? listener);
  };
}

const SHARED: Record<MethodName, Method> = {
  addListener: sharedAdd('addListener'),
  on: sharedAdd('on'),
  once: sharedAdd('once'),
  prependListener: sharedAdd('prependListener'),
  prependOnceListener: sharedAdd('prependOnceListener'),
  removeListener: sharedRemove('removeListener'),
  off: sharedRemove('off'),
};

export function bindEmitterToContext(emitter: EventEmitter, ctx: Context): void {
  const target = emitter as Bound;
  if (target[STATE]) return;
  const originals: Partial<Record<MethodName, Method>> = {};
  for (const name of ADD_METHODS) originals[name] = target[name];
  for (const name of REMOVE_METHODS) originals[name] = target[name];
  target[STATE] = { ctx, originals, wrappers: undefined, adding: false };
  for (const name of ADD_METHODS) target[name] = SHARED[name];
  for (const name of REMOVE_METHODS) target[name] = SHARED[name];
}
