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

/** Instructions per request of one mode (one server process under callgrind). */
export async function countMode({ serverPath, mode, requests, warmup, path = '/hello', args = [], env }) {
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
  try {
    const port = await new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
    });
    await warmUp(port, path, warmup);
    // A full GC before counting: every mode's window starts from the same heap state. It
    // also drops much of V8's optimized code and type feedback (`--trace-deopt`: 30 deopts
    // and 80 recompilations in bare Express's next 1000 requests, whose figures then moved
    // by up to 8% between rounds): RESETTLE requests re-optimize before counting starts.
    await ask(child, 'gc');
    await warmUp(port, path, RESETTLE);
    if (keep) await ask(child, 'mark');
    // Zeroed when the first counted request wakes the server; dumped when one more request does
    // (that request's start, reading and parsing its bytes, is counted: the same in every mode).
    const zeroed = control(child.pid, '-z');
    await settle();
    const done = await send(port, path, requests);
    await zeroed;
    const dumped = control(child.pid, '-d');
    await settle();
    await send(port, path, 1);
    await dumped;
    // One dump per thread: cg.out.<n>-<thread> (cg.out itself is written at exit, if ever).
    const dumps = readdirSync(dir).filter((f) => /^cg\.out\.\d+-\d+$/.test(f));
    if (dumps.length === 0) throw new Error(`callgrind wrote no dump (${readdirSync(dir).join(', ')})`);
    const main = dumps.find((f) => f.endsWith('-01'));
    if (!main) throw new Error('no dump of the main thread');
    const total = totalOf(join(dir, main));
    return { withCompilation: total / done, main: (total - compileCost(join(dir, main))) / done };
  } finally {
    child.kill('SIGKILL');
    // AGENTSPAN_CG_KEEP=1 keeps the dump for callgrind_annotate.
    if (keep) process.stderr.write(`  callgrind dump kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
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
