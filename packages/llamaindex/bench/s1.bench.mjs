// S1 through LlamaIndex (bench/s1-app.mjs): CPU time per turn in the three modes, the
// tracing overhead over the untraced turn, its ratio to the raw-OTel floor's, and heap
// growth over many traced turns. Run after a build: pnpm --filter @agentspan/llamaindex bench
// For decisions on a loaded machine prefer bench/s1.count.sh (instruction counts).
import { enable, exported, turns } from './s1-app.mjs';

const TURNS = Number(process.env.BENCH_TURNS ?? 21_000);
const HEAP_TURNS = Number(process.env.BENCH_HEAP_TURNS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
// Warm-up turns per mode before the rounds. The core's and adapter's functions run once or
// twice per turn, and V8 takes thousands of turns to optimise some of them (--trace-opt).
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8_000);

// CPU time per turn (user + system, µs): of the process (GC and compiler threads
// included), and of the main thread alone. The machine is shared, and wall time then
// measures the neighbours more than the code.
const threadCpu = process.threadCpuUsage?.bind(process) ?? process.cpuUsage.bind(process);
async function time(fn, n) {
  const p0 = process.cpuUsage();
  const t0 = threadCpu();
  for (let i = 0; i < n; i++) await fn();
  const p = process.cpuUsage(p0);
  const t = threadCpu(t0);
  return { process: (p.user + p.system) / n, main: (t.user + t.system) / n };
}

const gc = globalThis.gc;
function heapMb() {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

// BENCH_ONLY=<mode>: run that mode alone (for a CPU profile) and stop.
if (process.env.BENCH_ONLY) {
  const mode = process.env.BENCH_ONLY;
  const dispose = enable(mode);
  const t = await time(turns[mode], TURNS);
  console.log(`${mode}: ${t.process.toFixed(1)} CPU µs/turn (main thread ${t.main.toFixed(1)})`);
  dispose();
  process.exit(0);
}

// Rounds interleave the modes so that JIT warm-up, heap growth and the neighbours' load
// hit all three alike (the order rotates, so no mode always collects the garbage of the
// same predecessor); the ratio is also taken per round (paired).
const modes = { none: { times: [], spans: 0 }, raw: { times: [], spans: 0 }, agentspan: { times: [], spans: 0 } };
const names = Object.keys(modes);
for (let round = -1; round < ROUNDS; round++) {
  const start = (round + 3) % 3;
  for (const name of [...names.slice(start), ...names.slice(0, start)]) {
    const m = modes[name];
    // Instrumentation is on for the agentspan rounds only (wrapped instances pass through while off).
    const dispose = enable(name);
    exported.count = 0;
    const n = round < 0 ? WARMUP : TURNS / ROUNDS;
    const t = await time(turns[name], n);
    dispose();
    if (round >= 0) {
      m.times.push(t);
      m.spans = exported.count / n;
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function summary(key) {
  const [none, raw, traced] = [modes.none, modes.raw, modes.agentspan].map((m) => median(m.times.map((t) => t[key])));
  const paired = median(modes.none.times.map((n, i) => (modes.agentspan.times[i][key] - n[key]) / (modes.raw.times[i][key] - n[key])));
  return { none, raw, traced, ratio: (traced - none) / (raw - none), paired };
}
const cpu = summary('process');
const main = summary('main');

const dispose = enable('agentspan');
const heap = [heapMb()];
for (let q = 0; q < 4; q++) {
  for (let i = 0; i < HEAP_TURNS / 4; i++) await turns.agentspan();
  heap.push(heapMb());
}
dispose();

const f = (x) => x.toFixed(1);
console.log(`S1 LlamaIndex turn, CPU µs per turn, median of ${ROUNDS} interleaved rounds of ${TURNS / ROUNDS} turns (node ${process.version}${gc ? ', --expose-gc' : ''})`);
for (const [label, r] of [['process', cpu], ['main thread', main]]) {
  console.log(`  ${label}: none ${f(r.none)}, raw OTel +${f(r.raw - r.none)}, agentspan +${f(r.traced - r.none)}; overhead ratio ${r.ratio.toFixed(2)} of medians, ${r.paired.toFixed(2)} median of per-round ratios`);
}
console.log(`  spans per turn: raw ${f(modes.raw.spans)}, agentspan ${f(modes.agentspan.spans)}`);
if (process.env.BENCH_VERBOSE) for (const [name, m] of Object.entries(modes)) console.log(`  ${name} rounds: ${m.times.map((t) => f(t.process)).join(' ')}`);
console.log(`  heap over ${HEAP_TURNS} traced turns (MB, after GC): ${heap.map(f).join(' → ')}`);
