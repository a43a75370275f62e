// The entry both HTTP adapters' benches share. It prints two tables per set of modes:
// requests/s and server CPU time from autocannon (meaningful on a quiet machine only), and
// CPU instructions per request from callgrind (the same on a busy machine; needs valgrind).
// Then, for the `paired` modes, the middleware's own cost counted within one process
// (countPaired). BENCH_KIND=autocannon|instructions|paired runs one of them; BENCH_SECONDS,
// BENCH_ROUNDS (autocannon), BENCH_CG_ROUNDS, BENCH_CONNECTIONS, BENCH_REQUESTS,
// BENCH_WARMUP, BENCH_PARALLEL (callgrind), BENCH_PHASES and BENCH_PAIRED_MODES (paired)
// and BENCH_MODES tune the run.
import { countModes, countPaired, hasCallgrind } from './count-instructions.mjs';
import { runModes, selectModes } from './run-modes.mjs';

export async function runBench({ title, modes, serverPath, paired: pairedModes = [] }) {
  const kind = process.env.BENCH_KIND ?? 'both';
  const env = (name, fallback) => Number(process.env[name] ?? fallback);
  if (kind === 'both' || kind === 'autocannon') {
    console.log(`\n${title}: requests/s (autocannon, 50 connections)\n`);
    await runModes({ modes, serverPath, seconds: env('BENCH_SECONDS', 5), rounds: env('BENCH_ROUNDS', 3) });
  }
  if (kind === 'autocannon') return;
  if (!hasCallgrind()) {
    console.log(`\n${title}: no instruction counts (valgrind is not installed: apt-get install valgrind)`);
    return;
  }
  const counting = {
    serverPath,
    // After 2000 requests V8's JIT is still settling (per-request functions run in its
    // baseline tier until about 3000; see warmUp in count-instructions.mjs).
    requests: env('BENCH_REQUESTS', 10000),
    warmup: env('BENCH_WARMUP', 4000),
    parallel: env('BENCH_PARALLEL', 2),
    rounds: env('BENCH_CG_ROUNDS', 1),
  };
  if (kind === 'both' || kind === 'instructions') {
    console.log(`\n${title}: CPU instructions per request (callgrind)\n`);
    await countModes({ ...counting, modes: selectModes(modes) });
  }
  if (kind === 'both' || kind === 'paired') {
    // The modes whose middleware is switched off and on within one process (not bare).
    const paired = selectModes(modes, process.env.BENCH_PAIRED_MODES ?? pairedModes.join(',')).filter(([mode]) => mode !== modes[0][0]);
    if (paired.length === 0) return;
    console.log(`\n${title}: the middleware's own cost, switched off and on in one process (callgrind)\n`);
    // Both orders of the crossover at least (one process each).
    await countPaired({ ...counting, modes: paired, phases: env('BENCH_PHASES', 4), rounds: Math.max(2, counting.rounds) });
  }
}
