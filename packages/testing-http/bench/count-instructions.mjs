// CPU instructions per request of each bench mode, counted by valgrind (callgrind): a
// measure a busy machine does not disturb. Each mode's server runs under callgrind; after a
// warm-up (see warmUp) its counters are zeroed, a fixed number of requests is sent by
// autocannon from this process, and the counters are dumped: the main thread's instructions
// (GC included) less JIT compilation, divided by the requests; nothing of the start-up.
// The requests counted must span several major GC cycles: a major GC (its incremental
// marking, and the deopts and re-optimizations that follow when it clears type feedback)
// falls in some 1000-request windows and not in others: bare Express counted 631k, 641k
// and 679k instructions per request in three such windows. Two builds with the
// same per-request code can still differ by a few % (inline caches and GC move with the
// code's layout).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export function hasCallgrind() {
  return spawnSync('valgrind', ['--version']).status === 0 && spawnSync('callgrind_control', ['-h']).error === undefined;
}

/**
 * callgrind_control, without waiting for it: the server serves the command when it wakes,
 * so no timer has to keep the idle server busy (a timer's cost would depend on wall time).
 */
function control(pid, flag) {
  const child = spawn('callgrind_control', [flag, String(pid)], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`callgrind_control ${flag} exited with ${code}`))));
  });
}

/** Waits until callgrind_control has written its command file (it then polls for the answer). */
function settle() {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}

function totalOf(file) {
  const text = readFileSync(file, 'utf8');
  const m = /^(?:totals|summary):\s*(\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

/**
 * Instructions spent compiling JavaScript (V8's optimizing and baseline compilers, lazy
 * compilation) within the counted window. A JIT still settling after the warm-up costs a
 * different amount in each run, and any change to the code shifts it; in production it runs
 * on background threads. It is left out of the figure per request.
 */
const COMPILERS = ['v8::internal::Runtime_CompileOptimized(', 'v8::internal::Runtime_CompileLazy(', 'v8::internal::baseline::BaselineBatchCompiler::CompileBatch('];
function compileCost(file) {
  const r = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`callgrind_annotate: ${r.stderr}`);
  let sum = 0;
  for (const line of r.stdout.split('\n')) {
    // `  273,400,605 (29.58%)  ???:v8::internal::Runtime_CompileOptimized(int, …) [node]` (not the recursive `'2` entries)
    const m = /^\s*([\d,]+) \([^)]*\)\s+\S*?:(.*)$/.exec(line);
    if (m && COMPILERS.some((name) => m[2].startsWith(name))) sum += Number(m[1].replaceAll(',', ''));
  }
  return sum;
}

/**
 * Four connections keep the server saturated, as under load (BENCH_CONNECTIONS). How many
 * requests one event-loop turn serves then depends on the client's timing, and each server
 * process settles its JIT its own way: rounds of one mode move by up to 4% (Express) and
 * more on Fastify. Take the median of a few rounds (BENCH_CG_ROUNDS).
 * One connection (requests one at a time) measures a server that is idle between requests.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);

async function send(port, path, amount) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: Math.min(CONNECTIONS, amount), amount, timeout: 60 });
  // A few connection errors happen when a run of `amount` requests winds its sockets down
  // (autocannon counts those); only answered requests are counted.
  if (result.non2xx > 0 || result.errors + result.timeouts > amount / 100) {
    throw new Error(`errors: ${result.errors}, non-2xx: ${result.non2xx}, timeouts: ${result.timeouts}`);
  }
  return result['2xx'];
}

/**
 * The warm-up, in runs of WARMUP_BATCH requests, each on new connections. V8 optimizes a
 * function called once per request after about 3000 calls, and the objects of a
 * connection (socket, parser, request) settle their hidden classes over its first few:
 * warmed up on the same four connections, the counted requests' new connections made
 * V8 drop optimized code all over Node's HTTP stack (`--trace-deopt`: 7–44 deopts after
 * 10,000 requests). After five runs of 1000, no deopt and no optimization happens in the
 * counted requests (without the full GC below).
 */
const WARMUP_BATCH = 1000;
/** Requests between the full GC and the counted ones (two runs of new connections: no deopt after them). */
const RESETTLE = 2000;

async function warmUp(port, path, amount) {
  for (let left = amount; left > 0; left -= WARMUP_BATCH) await send(port, path, Math.min(WARMUP_BATCH, left));
}

/** Sends a command to the bench server (server-control.mjs) and waits for its answer. */
function ask(child, command) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(command);
  });
}

/** A bench server under callgrind, warmed up: its port, a way to count windows of requests, and its end. */
async function startCounted({ serverPath, mode, args = [], env }) {
  const dir = mkdtempSync(join(tmpdir(), 'agentspan-cg-'));
  const keep = Boolean(process.env.AGENTSPAN_CG_KEEP);
  const node = process.execPath;
  // V8's predictable mode: compiler and GC on the main thread (nothing spins while valgrind
  // serialises threads; compilation after the warm-up is counted with the request that caused
  // it) and no GC heuristics driven by wall time, which a loaded machine would make vary.
  const nodeFlags = (process.env.AGENTSPAN_CG_NODE_FLAGS ?? '--predictable --expose-gc').split(' ').filter(Boolean);
  const child = spawn(
    'valgrind',
    ['--tool=callgrind', '--dump-line=no', '--separate-threads=yes', `--callgrind-out-file=${join(dir, 'cg.out')}`, node, ...nodeFlags, serverPath, mode, ...args],
    // AGENTSPAN_CG_KEEP: the server's output (valgrind's, node's --trace-* logs) kept beside the dump.
    { stdio: ['ignore', keep ? openSync(join(dir, 'stdout.txt'), 'w') : 'ignore', keep ? openSync(join(dir, 'stderr.txt'), 'w') : 'ignore', 'ipc'], env: { ...process.env, ...env } },
  );
  const close = () => {
    child.kill('SIGKILL');
    // AGENTSPAN_CG_KEEP=1 keeps the dump for callgrind_annotate.
    if (keep) process.stderr.write(`  callgrind dump kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
    });
    return { child, dir, port, keep, close };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * The main thread's instructions per request over `requests` requests, less JIT compilation.
 * Zeroed when the first counted request wakes the server; dumped when one more request does
 * (that request's start, reading and parsing its bytes, is counted: the same in every mode).
 */
async function countWindow({ child, dir, port }, path, requests) {
  const zeroed = control(child.pid, '-z');
  await settle();
  const done = await send(port, path, requests);
  await zeroed;
  const dumped = control(child.pid, '-d');
  await settle();
  await send(port, path, 1);
  await dumped;
  // One dump per thread and per request to dump: cg.out.<n>-<thread>, the newest n last.
  const mains = readdirSync(dir)
    .map((f) => /^cg\.out\.(\d+)-01$/.exec(f))
    .filter(Boolean)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  if (mains.length === 0) throw new Error(`callgrind wrote no dump of the main thread (${readdirSync(dir).join(', ')})`);
  const main = join(dir, mains[0][0]);
  const total = totalOf(main);
  return { withCompilation: total / done, main: (total - compileCost(main)) / done };
}

/** Instructions per request of one mode (one server process under callgrind). */
export async function countMode({ serverPath, mode, requests, warmup, path = '/hello', args = [], env }) {
  const server = await startCounted({ serverPath, mode, args, env });
  try {
    await warmUp(server.port, path, warmup);
    // A full GC before counting: every mode's window starts from the same heap state. It
    // also drops much of V8's optimized code and type feedback (`--trace-deopt`: 30 deopts
    // and 80 recompilations in bare Express's next 1000 requests, whose figures then moved
    // by up to 8% between rounds): RESETTLE requests re-optimize before counting starts.
    await ask(server.child, 'gc');
    await warmUp(server.port, path, RESETTLE);
    if (server.keep) await ask(server.child, 'mark');
    return await countWindow(server, path, requests);
  } finally {
    server.close();
  }
}

/**
 * Windows of `requests` in one server process, the mode's middleware switched off (taken out
 * of the app: the mode without it) or on between them, in the order off, on, on, off, …, or
 * on, off, off, on, … with `startOn`. Both paths are warmed up alike; each window starts
 * RESETTLE requests after its switch.
 */
export async function countPhases({ serverPath, mode, requests, warmup, phases = 4, startOn = false, path = '/hello', args = [], env }) {
  const server = await startCounted({ serverPath, mode, args, env: { ...env, BENCH_SWITCH: '1' } });
  const turn = (on) => ask(server.child, { layers: on });
  try {
    for (let left = warmup, on = true; left > 0; left -= WARMUP_BATCH, on = !on) {
      await turn(on);
      await send(server.port, path, Math.min(WARMUP_BATCH, left));
    }
    await ask(server.child, 'gc');
    const results = [];
    for (let i = 0; i < phases; i++) {
      const on = (i % 4 === 1 || i % 4 === 2) !== startOn;
      await turn(on);
      await warmUp(server.port, path, RESETTLE);
      results.push({ on, ...(await countWindow(server, path, requests)) });
    }
    return results;
  } finally {
    server.close();
  }
}
/**
 * modes: [mode, label][] with the reference (bare) first. Prints a Markdown table of instructions per
 * request (median of `rounds`) and the loss vs bare: 1 − bare / mode, the share of a
 * saturated server's requests/s that the mode costs when CPU bounds the server.
 */
export async function countModes({ modes, serverPath, requests = 10000, warmup = 4000, rounds = 1, parallel = 2, args = [] }) {
  const samples = new Map(modes.map(([mode]) => [mode, []]));
  // Counts do not depend on the machine's load: modes may run side by side.
  const jobs = [];
  for (let round = 0; round < rounds; round++) for (const [mode] of modes) jobs.push(mode);
  async function worker() {
    for (let mode = jobs.shift(); mode !== undefined; mode = jobs.shift()) {
      const { main } = await countMode({ serverPath, mode, requests, warmup, args });
      samples.get(mode).push(main);
      process.stderr.write(`  ${mode}: ${Math.round(main)} instructions / request\n`);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bare = median(samples.get(modes[0][0]));
  console.log(`| mode | instructions / request (callgrind, JIT compilation excluded, median of ${rounds} × ${requests} after ${warmup} + a full GC + ${RESETTLE}) | vs bare | loss of requests/s vs bare (CPU-bound) |`);
  console.log('|---|---:|---:|---:|');
  const rows = {};
  for (const [mode, label] of modes) {
    const n = median(samples.get(mode));
    rows[mode] = n;
    const same = mode === modes[0][0];
    const more = `${n >= bare ? '+' : ''}${(((n - bare) / bare) * 100).toFixed(1)}%`;
    const loss = `${((1 - bare / n) * 100).toFixed(1)}%`;
    console.log(`| ${label} | ${Math.round(n).toLocaleString('en')} | ${same ? '—' : more} | ${same ? '—' : loss} |`);
  }
  return rows;
}

/**
 * The middleware's own cost, in a crossover of `countPhases`: rounds alternate the order of
 * the windows (off first, on first). What a window counts depends on its place in the
 * process's life far more than on the middleware: the heap grows and major GC cycles fall
 * in some windows and not others, on the same schedule in every process (ten processes:
 * the first windows 778k–810k, the third 664k–700k, the fourth 855k–934k), while
 * separate processes of one mode, each counted in its first window, moved by up to 10%.
 * So each window's "off" figures are compared with the "on" figures of the same window in
 * the processes of the other order. The first window is the figure to read: every process
 * reaches it through the same warm-up, and its counts repeat within 0.5% (seven processes:
 * "off" 777k–782k); later windows carry the other state's garbage, and the fourth moved by
 * 7%. Prints every window, each window's loss, and the loss over all (1 − Σ off / Σ on).
 */
export async function countPaired({ modes, serverPath, requests = 10000, warmup = 4000, phases = 4, rounds = 2, parallel = 2 }) {
  const jobs = [];
  for (let round = 0; round < rounds; round++) for (const [mode] of modes) jobs.push({ mode, startOn: round % 2 === 1 });
  const windows = new Map(modes.map(([mode]) => [mode, []]));
  async function worker() {
    for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
      const counted = await countPhases({ serverPath, mode: job.mode, requests, warmup, phases, startOn: job.startOn });
      windows.get(job.mode).push(counted);
      process.stderr.write(`  ${job.mode}: ${counted.map((w) => `${w.on ? 'on' : 'off'} ${Math.round(w.main)}`).join(', ')}\n`);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const fmt = (x) => Math.round(x).toLocaleString('en');
  console.log(`| middleware switched off and on (crossover; ${phases} windows × ${requests} after ${warmup} + a full GC, ${RESETTLE} after each switch) | processes | off (mean per window) | on (mean per window) | loss per window | loss of requests/s: first window; all |`);
  console.log('|---|---:|---|---|---|---:|');
  for (const [mode, label] of modes) {
    const runs = windows.get(mode);
    const off = [];
    const on = [];
    for (let i = 0; i < phases; i++) {
      const at = runs.map((r) => r[i]).filter(Boolean);
      off.push(at.filter((w) => !w.on).map((w) => w.main));
      on.push(at.filter((w) => w.on).map((w) => w.main));
    }
    const both = off.map((xs, i) => xs.length > 0 && on[i].length > 0);
    const sum = (lists) => lists.filter((_, i) => both[i]).reduce((a, xs) => a + mean(xs), 0);
    const perWindow = off.map((xs, i) => (both[i] ? pct(1 - mean(xs) / mean(on[i])) : '—')).join(', ');
    const loss = both[0] ? `${pct(1 - mean(off[0]) / mean(on[0]))}; ${pct(1 - sum(off) / sum(on))}` : '— (needs both orders: rounds ≥ 2)';
    const means = (lists) => lists.map((xs) => (xs.length ? fmt(mean(xs)) : '—')).join(', ');
    console.log(`| ${label} | ${runs.length} | ${means(off)} | ${means(on)} | ${perWindow} | ${loss} |`);
  }
}
