// A hello-world Nest route on the Express and on the Fastify platform: bare, with
// AgentspanModule, and with instrumentation-http, each mode in its own server process
// (bench/server.mjs). Prints requests/s from autocannon and CPU instructions per request from
// callgrind (see @agentspan/testing-http/bench for the method and the BENCH_* variables).
// Usage: node bench/nestjs.bench.mjs [seconds] [rounds]   (autocannon's; then callgrind's)
// BENCH_PLATFORM=express|fastify runs one platform.
import { fileURLToPath } from 'node:url';
import { runBench } from '@agentspan/testing-http/bench';

if (process.argv[2]) process.env.BENCH_SECONDS = process.argv[2];
if (process.argv[3]) process.env.BENCH_ROUNDS = process.argv[3];
const modes = [
  ['bare', 'no tracing'],
  ['noop-interceptor', 'a global interceptor that does nothing (Nest’s cost of any interceptor)'],
  ['agentspan', 'AgentspanModule without an SDK (tracing off)'],
  ['sdk', 'an SDK registered (context manager), no instrumentation'],
  ['agentspan-sdk', 'AgentspanModule with an SDK: its own SERVER span'],
  ['otel-http', '@opentelemetry/instrumentation-http alone'],
  ['otel-http-noop-interceptor', 'instrumentation-http + a global interceptor that does nothing'],
  ['otel-http-agentspan', 'instrumentation-http + AgentspanModule (enriches its span)'],
];
const serverPath = fileURLToPath(new URL('./server.mjs', import.meta.url));
const platforms = process.env.BENCH_PLATFORM ? [process.env.BENCH_PLATFORM] : ['express', 'fastify'];
for (const platform of platforms) {
  // The server reads `fastify:mode`; a mode without a prefix runs on the Express platform.
  const platformModes = modes.map(([mode, label]) => [platform === 'express' ? mode : `${platform}:${mode}`, label]);
  // Switched off (a no-op interceptor) and on within one process (BENCH_KIND=paired).
  const paired = [platform === 'express' ? 'otel-http-agentspan' : `${platform}:otel-http-agentspan`];
  await runBench({ title: `Nest 12 on ${platform === 'express' ? 'Express' : 'Fastify'}`, modes: platformModes, paired, serverPath });
}
