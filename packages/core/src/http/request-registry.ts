// Where a request's trace is filed, so that it is found from the request object, even
// where the async context was lost. In a slot of the request's socket: every socket has
// the same map (hidden class), so after a connection's first request the store is a
// plain field write. A WeakMap entry per request cost 5k–10k CPU instructions and a
// property on Express's request objects (a map of their own each) about 45k (callgrind,
// over HTTP). One socket serves many requests in turn: a lookup checks the request, and
// a request whose socket already holds a live trace (pipelining, HTTP/2) or that has no
// socket object goes to the WeakMap. A trace left to its server span (no end() call) stays
// in the slot until the connection's next request takes it, or the socket is collected.
import { context as contextApi } from '@opentelemetry/api';
import { REQUEST_TRACE_KEY } from './request-context.js';

/** What the registry needs of a trace. */
export interface FiledTrace {
  readonly request: object;
  readonly ended: boolean;
}

type Socket = { [SLOT]?: FiledTrace | undefined };

// Symbol.for and a global WeakMap: the ESM and CommonJS copies of this package share them.
const SLOT = Symbol.for('agentspan.socketRequestTrace');
const MAP = Symbol.for('agentspan.httpRequestTraces');
const registry = globalThis as unknown as Record<symbol, WeakMap<object, FiledTrace> | undefined>;
const mapped: WeakMap<object, FiledTrace> = registry[MAP] ?? new WeakMap();
registry[MAP] = mapped;
/** Whether any trace went to the WeakMap: until then a lookup skips it. */
let anyMapped = false;

function socketOf(request: object): Socket | undefined {
  const socket = (request as { socket?: unknown }).socket;
  return typeof socket === 'object' && socket !== null ? (socket as Socket) : undefined;
}

/** Files the trace under its request; returns the socket it went to, for `unfileTrace`. */
export function fileTrace(trace: FiledTrace): object | undefined {
  const socket = socketOf(trace.request);
  const current = socket?.[SLOT];
  if (socket && (current === undefined || current.ended)) {
    socket[SLOT] = trace;
    return socket;
  }
  anyMapped = true;
  mapped.set(trace.request, trace);
  return undefined;
}

/** Frees the socket's slot at the request's end (an idle connection keeps no request alive). */
export function unfileTrace(trace: FiledTrace, socket: object | undefined): void {
  try {
    if (socket && (socket as Socket)[SLOT] === trace) (socket as Socket)[SLOT] = undefined;
  } catch {
    // a socket proxy whose session is gone (HTTP/2 compatibility API): nothing is kept alive
  }
}

/** The request's trace when the active context is that request's (no read of the request object). */
export function activeTrace<T extends FiledTrace>(request: object): T | undefined {
  const active = contextApi.active().getValue(REQUEST_TRACE_KEY) as FiledTrace | undefined;
  return active?.request === request ? (active as T) : undefined;
}

/** The request's trace: from the active context, its socket, or the WeakMap. Never throws. */
export function findTrace<T extends FiledTrace>(request: object): T | undefined {
  try {
    const active = activeTrace<T>(request);
    if (active) return active;
    const filed = socketOf(request)?.[SLOT];
    if (filed?.request === request) return filed as T;
    return anyMapped ? (mapped.get(request) as T | undefined) : undefined;
  } catch {
    return undefined; // a socket proxy whose session is gone (HTTP/2 compatibility API)
  }
}
