// Requests per second of a hello-world Nest route: bare, with AgentspanModule, and with
// OpenTelemetry's own instrumentations. Each mode runs in its own server process; rounds
// are interleaved and the median is reported, with the server's CPU time per request (from
// process.cpuUsage(), which a busy machine disturbs far less than requests/s). Usage: node bench/nestjs.bench.mjs [seconds] [rounds]
import { fileURLToPath } from 'node:url';
import { runModes } from '@agentspan/testing-http/bench';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const modes = [
  ['bare', 'Nest (Express platform), no tracing'],
  ['noop-interceptor', 'a global interceptor that does nothing (Nest’s cost of any interceptor)'],
  ['agentspan', 'AgentspanModule without an SDK (tracing off)'],
  ['sdk', 'an SDK registered (context manager), no instrumentation'],
  ['agentspan-sdk', 'AgentspanModule with an SDK: its own SERVER span'],
  ['otel-http', '@opentelemetry/instrumentation-http alone'],
  ['otel-http-agentspan', 'instrumentation-http + AgentspanModule (enriches its span)'],
];
await runModes({ modes, serverPath: fileURLToPath(new URL('./server.mjs', import.meta.url)), seconds, rounds });
