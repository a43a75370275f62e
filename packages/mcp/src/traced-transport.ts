// Traces an MCP transport in place — the official SDK's (stdio, Streamable HTTP, SSE,
// in-memory) or any object of the same shape (the AI SDK's MCP transports): its `send`
// starts client spans and injects their context; its `onmessage` (set by whichever client
// or server owns it, before or after this) ends them and dispatches incoming requests
// inside their server spans; its `onclose` ends what is still pending. Nothing is copied
// but a request's params, and a message we cannot read passes through untouched.
import { type Context, context as otelContext } from '@opentelemetry/api';
import { reportInternal } from '@agentspan/core';
import { TracedConnection } from './connection.js';
import { type MessageView, viewMessage } from './messages.js';
import { type McpTraceOptions, type ResolvedMcpOptions, resolveMcpOptions } from './options.js';

/** The part of a transport the tracing uses: what the official SDK's `Transport` and the AI SDK's `MCPTransport` share. */
export interface McpTransportLike {
  send(message: never, ...rest: never[]): Promise<void>;
  onmessage?: ((message: never, ...rest: never[]) => void) | undefined;
  onclose?: (() => void) | undefined;
}

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

const TRACED = new WeakSet<object>();

/** Traces a transport in place (idempotent) and returns it. */
export function traceMcpTransport<T extends McpTransportLike>(transport: T, options?: McpTraceOptions): T {
  return traceResolved(transport, resolveMcpOptions(options));
}

export function traceResolved<T extends McpTransportLike>(transport: T, options: ResolvedMcpOptions): T {
  if (typeof transport !== 'object' || transport === null || TRACED.has(transport)) return transport;
  try {
    const send = (transport as unknown as { send?: unknown }).send;
    if (typeof send !== 'function') return transport;
    const connection = new TracedConnection(transport, options);
    wrapSend(transport, send as AnyFn, connection);
    wrapHandler(transport, 'onmessage', (handler) => receiving(handler, connection), false);
    // Always a function: a close must end the pending calls even when nobody else listens.
    wrapHandler(transport, 'onclose', (handler) => closing(handler, connection), true);
    TRACED.add(transport);
  } catch (error) {
    reportInternal('mcp: trace transport', error);
  }
  return transport;
}

function wrapSend(transport: object, send: AnyFn, connection: TracedConnection): void {
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    let outgoing: ReturnType<TracedConnection['beforeSend']> | undefined;
    try {
      const message = args[0];
      const view = viewMessage(message);
      if (view.kind !== 'other') outgoing = connection.beforeSend(message, view, signalOf(args[1]));
    } catch (error) {
      reportInternal('mcp: send', error);
    }
    const call = outgoing?.call;
    if (!call) return send.apply(this, args);
    if (outgoing && outgoing.message !== args[0]) args[0] = outgoing.message;
    let sent: unknown;
    try {
      // The request goes out in its span's context: an HTTP transport's fetch nests under it.
      sent = otelContext.with(call.op.context, send as (...a: unknown[]) => unknown, this, ...args);
    } catch (error) {
      connection.sendFailed(call, error);
      throw error;
    }
    if (sent && typeof (sent as Promise<void>).then === 'function') {
      (sent as Promise<void>).then(undefined, (error: unknown) => connection.sendFailed(call, error));
    }
    return sent;
  };
  Object.defineProperty(transport, 'send', { value: traced, writable: true, configurable: true, enumerable: false });
}

/** The AI SDK passes `{ signal }` to send; the official SDK passes no signal. */
function signalOf(options: unknown): unknown {
  try {
    return typeof options === 'object' && options !== null ? (options as { signal?: unknown }).signal : undefined;
  } catch {
    return undefined;
  }
}

/** A property's descriptor, own or inherited. */
function findDescriptor(target: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}

/**
 * Replaces a handler property by an accessor: whatever function is assigned (now or later,
 * by the SDK's `connect` or the AI SDK's client) is stored wrapped. A transport whose
 * handler is itself an accessor (the SDK's Node Streamable HTTP transport forwards it to an
 * inner transport) keeps it: the wrapped handler goes through it.
 */
function wrapHandler(transport: object, key: 'onmessage' | 'onclose', wrap: (handler: AnyFn) => AnyFn, always: boolean): void {
  const noop: AnyFn = () => undefined;
  const wrapOrKeep = (handler: unknown): unknown =>
    typeof handler === 'function' ? wrap(handler as AnyFn) : always ? wrap(noop) : handler;
  const inherited = findDescriptor(transport, key);
  if (inherited?.get && inherited.set) {
    const { get, set } = inherited;
    set.call(transport, wrapOrKeep(get.call(transport)));
    Object.defineProperty(transport, key, {
      configurable: true,
      enumerable: inherited.enumerable ?? true,
      get() {
        return get.call(this);
      },
      set(handler: unknown) {
        set.call(this, wrapOrKeep(handler));
      },
    });
    return;
  }
  let wrapped = wrapOrKeep((transport as Record<string, unknown>)[key]);
  Object.defineProperty(transport, key, {
    configurable: true,
    enumerable: true,
    get: () => wrapped,
    set: (handler: unknown) => {
      wrapped = wrapOrKeep(handler);
    },
  });
}

/** One message is seen once, even when a newer handler chains an older one (SDK 1.2x `connect`). */
let receivingNow: unknown;

function receiving(handler: AnyFn, connection: TracedConnection): AnyFn {
  return function (this: unknown, ...args: unknown[]): unknown {
    const message = args[0];
    if (message === receivingNow) return handler.apply(this, args);
    let ctx: Context | undefined;
    let view: MessageView | undefined;
    try {
      view = viewMessage(message);
      if (view.kind !== 'other') ctx = connection.onReceive(view, args[1]);
    } catch (error) {
      reportInternal('mcp: receive', error);
    }
    const previous = receivingNow;
    receivingNow = message;
    try {
      // A request's handler chain is set up in this call: it runs in the server or tool span.
      return ctx ? otelContext.with(ctx, handler as (...a: unknown[]) => unknown, this, ...args) : handler.apply(this, args);
    } catch (error) {
      // The dispatch itself threw (a request the SDK could not read): no response will come.
      // Whatever the error is (a revoked Proxy, throwing getters), the caller gets it unchanged.
      try {
        if (ctx && view) connection.dispatchFailed(view, error);
      } catch (internal) {
        reportInternal('mcp: dispatch failed', internal);
      }
      throw error;
    } finally {
      receivingNow = previous;
    }
  };
}

function closing(handler: AnyFn, connection: TracedConnection): AnyFn {
  return function (this: unknown, ...args: unknown[]): unknown {
    try {
      connection.closed();
    } catch (error) {
      reportInternal('mcp: close', error);
    }
    return handler.apply(this, args);
  };
}
