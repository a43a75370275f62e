// Requests per second of a hello-world Express route: bare, with agentspan(), and with
// OpenTelemetry's own instrumentations. Each mode runs in its own server process; rounds
// are interleaved and the median is reported, with the server's CPU time per request (from
// process.cpuUsage(), which a busy machine disturbs far less than requests/s). Usage: node bench/express.bench.mjs [seconds] [rounds]
import { fileURLToPath } from 'node:url';
import { runModes } from '@agentspan/testing-http/bench';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const modes = [
  ['bare', 'Express, no tracing'],
  ['agentspan', 'agentspan() without an SDK (tracing off)'],
  ['sdk', 'an SDK registered (context manager), no instrumentation'],
  ['sdk-context', 'an SDK + a middleware running the request in a context (context.with): the floor of any tracing middleware'],
  ['sdk-span', 'an SDK + a middleware making a SERVER span around the request: the floor of one that makes its own span'],
  ['agentspan-sdk', 'agentspan() with an SDK: its own SERVER span'],
  ['otel-http', 'instrumentation-http'],
  ['otel-http-agentspan', 'instrumentation-http + agentspan() (enriches its span)'],
  ['otel-http-express', 'instrumentation-http + instrumentation-express'],
  ['otel-http-express-agentspan', 'instrumentation-http + instrumentation-express + agentspan()'],
];
await runModes({ modes, serverPath: fileURLToPath(new URL('./server.mjs', import.meta.url)), seconds, rounds });
