// The entry both HTTP adapters' benches share. It prints two tables per set of modes:
// requests/s and server CPU time from autocannon (meaningful on a quiet machine only), and
// CPU instructions per request from callgrind (the same on a busy machine; needs valgrind).
// BENCH_KIND=autocannon|instructions runs one of them; BENCH_SECONDS, BENCH_ROUNDS (autocannon),
// BENCH_CG_ROUNDS, BENCH_CONNECTIONS (callgrind),
// BENCH_REQUESTS, BENCH_WARMUP, BENCH_PARALLEL (callgrind) and BENCH_MODES tune the run.
import { countModes, hasCallgrind } from './count-instructions.mjs';
import { runModes, selectModes } from './run-modes.mjs';

export async function runBench({ title, modes, serverPath }) {
  const kind = process.env.BENCH_KIND ?? 'both';
  const env = (name, fallback) => Number(process.env[name] ?? fallback);
  if (kind !== 'instructions') {
    console.log(`\n${title}: requests/s (autocannon, 50 connections)\n`);
    await runModes({ modes, serverPath, seconds: env('BENCH_SECONDS', 5), rounds: env('BENCH_ROUNDS', 3) });
  }
  if (kind !== 'autocannon') {
    if (!hasCallgrind()) {
      console.log(`\n${title}: no instruction counts (valgrind is not installed: apt-get install valgrind)`);
      return;
    }
    console.log(`\n${title}: CPU instructions per request (callgrind)\n`);
    await countModes({
      modes: selectModes(modes),
      serverPath,
      // After 2000 requests V8's JIT is still settling (per-request functions run in its
      // baseline tier until about 3000; see warmUp in count-instructions.mjs).
      requests: env('BENCH_REQUESTS', 10000),
      warmup: env('BENCH_WARMUP', 4000),
      parallel: env('BENCH_PARALLEL', 2),
      rounds: env('BENCH_CG_ROUNDS', 1),
    });
  }
}
