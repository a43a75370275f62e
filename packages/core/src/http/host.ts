// Adapts an Agentspan instance to what request traces need (cached: one object per instance).
import type { Agentspan } from '../agentspan.js';
import type { HttpTraceHost } from './request-trace.js';

const hosts = new WeakMap<Agentspan, HttpTraceHost>();

// The last instance asked for: one comparison per request in the usual one-instance app.
let last: { agentspan: Agentspan; host: HttpTraceHost } | undefined;

export function httpTraceHost(agentspan: Agentspan): HttpTraceHost {
  if (last?.agentspan === agentspan) return last.host;
  let host = hosts.get(agentspan);
  if (!host) {
    host = {
      agentspan,
      tracer: agentspan.tracer,
      redactMessage: (text) => agentspan.content.redactMessage(text),
    };
    hosts.set(agentspan, host);
  }
  last = { agentspan, host };
  return host;
}
