// A hello-world Express route: bare, with agentspan(), and with OpenTelemetry's own
// instrumentations, each mode in its own server process (bench/server.mjs). Prints
// requests/s from autocannon and CPU instructions per request from callgrind (see
// @agentspan/testing-http/bench for the method and the BENCH_* variables).
// Usage: node bench/express.bench.mjs [seconds] [rounds]   (autocannon's; then callgrind's)
import { fileURLToPath } from 'node:url';
import { runBench } from '@agentspan/testing-http/bench';

if (process.argv[2]) process.env.BENCH_SECONDS = process.argv[2];
if (process.argv[3]) process.env.BENCH_ROUNDS = process.argv[3];
const modes = [
  ['bare', 'Express, no tracing'],
  ['noop', 'a no-op middleware `(req, res, next) => next()`: Express\'s cost of one middleware layer'],
  ['agentspan', 'agentspan() without an SDK (tracing off)'],
  ['sdk', 'an SDK registered (context manager), no instrumentation'],
  ['sdk-context', 'an SDK + a middleware running the request in a context (context.with): the floor of any tracing middleware'],
  ['sdk-span', 'an SDK + a middleware making a SERVER span around the request: the floor of one that makes its own span'],
  ['agentspan-sdk', 'agentspan() with an SDK: its own SERVER span'],
  ['otel-http', 'instrumentation-http'],
  ['otel-http-noop', 'instrumentation-http + a no-op middleware'],
  ['otel-http-context', 'instrumentation-http + a middleware doing only context.with(one key): the floor of any middleware keeping request state in the context'],
  ['otel-http-floor', 'instrumentation-http + a middleware doing the least agentspan() does (find its span, read the ids\' headers, context.with, hand over the route on close): the floor of an enriching middleware'],
  ['otel-http-nocontext', 'instrumentation-http + the floor without its context: the request and the span\'s RPC metadata filed on the socket, the route handed over from one shared close listener; no context.with'],
  ['otel-http-close', 'instrumentation-http + a middleware adding one shared close listener before instrumentation-http\'s: the cost of hooking the response\'s end'],
  ['otel-http-route', 'instrumentation-http + a middleware setting the route on its RPC metadata at once: the cost of naming the span by its route inside instrumentation-http'],
  ['otel-http-spanend', 'instrumentation-http + a middleware wrapping its span\'s end to name it by the route there: the response\'s end hooked without a listener on it'],
  ['otel-http-agentspan', 'instrumentation-http + agentspan() (enriches its span)'],
  ['otel-http-agentspan-named', 'instrumentation-http + agentspan({ nameEveryRequest: true }) (a listener on every response, to name each span by its route)'],
  ['otel-http-express', 'instrumentation-http + instrumentation-express'],
  ['otel-http-express-agentspan', 'instrumentation-http + instrumentation-express + agentspan()'],
];
// Switched off and on within one process (BENCH_KIND=paired): agentspan() alone, and behind instrumentation-http.
const paired = ['agentspan', 'otel-http-agentspan', 'otel-http-agentspan-named'];
await runBench({ title: 'Express 5', modes, paired, serverPath: fileURLToPath(new URL('./server.mjs', import.meta.url)) });
