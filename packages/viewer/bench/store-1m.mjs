// The large-store bench: ingests 1,000,000 spans (142,858 turns, OTLP/protobuf over HTTP, 512
// spans per request, two in flight) into a viewer in its own process with a SQLite file, then
// times what a user does on that store: the list (sorted, filtered, deep pages), search,
// a conversation, a turn, trends, totals and facets (median of 5 each). Last, one request of
// 50,000 spans while a client polls: the longest event-loop stall in the viewer and the poll
// latency meanwhile. Needs `pnpm build` first.
// Usage: node bench/store-1m.mjs [spans]   (VIEWER_BENCH_DB=<file> keeps the store for reuse)
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRequests, makeTurn, RARE_WORD } from './synthetic.mjs';

const SPANS = Number(process.argv[2] ?? 1_000_000);
const PER_REQUEST = 512;
const IN_FLIGHT = 2;
const RUNS = 5;
const keep = process.env.VIEWER_BENCH_DB;
const dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-1m-'));
const dbPath = keep ?? join(dir, 'store.db');
const reuse = keep !== undefined && existsSync(keep);

function startServer(options) {
  const child = fork(fileURLToPath(new URL('./viewer-server.mjs', import.meta.url)), [dbPath, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.env.VIEWER_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.VIEWER_BENCH_PROFILE}`] : [],
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const ask = async (message) => {
    const reply = next();
    child.send(message);
    return reply;
  };
  return { child, next, ask };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

console.log(`viewer large-store bench: ${SPANS.toLocaleString('en')} spans; load average ${load()}`);
const server = startServer({ maxTurns: 1_000_000, maxBodyBytes: 64 * 2 ** 20 });
const { url, cpu: cpuAtStart } = await server.next();

if (!reuse) {
  const t0 = performance.now();
  const { requests, turns } = makeRequests(SPANS, PER_REQUEST);
  console.log(`  generated ${requests.length} requests (${turns.toLocaleString('en')} turns) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await server.ask('reset');
  let next = 0;
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const { body, spans } = requests[next++];
      const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      if (res.status !== 200) throw new Error(`POST /v1/traces: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      sent += spans;
      if (next % 200 === 0) process.stdout.write(`\r  ingested ${sent.toLocaleString('en')} spans`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  const stats = await server.ask('stats');
  const cpuSeconds = (stats.cpu.user + stats.cpu.system - cpuAtStart.user - cpuAtStart.system) / 1e6;
  const size = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  console.log(
    `\ningest: ${sent.toLocaleString('en')} spans in ${seconds.toFixed(0)} s = ${Math.round(sent / seconds).toLocaleString('en')} spans/s (${Math.round(sent / cpuSeconds).toLocaleString('en')} per CPU-second of the viewer); longest event-loop stall ${stats.loopMaxMs.toFixed(0)} ms wall-clock (p99 ${stats.loopP99Ms.toFixed(0)} ms), longest run of the viewer's own work ${stats.busyMaxMs.toFixed(0)} ms CPU; file ${mib(size)}; peak heap ${mib(stats.peakHeap)}; load average ${load()}`,
  );
}

async function time(path) {
  const times = [];
  let body;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`);
    body = await res.json();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), body };
}

const DAY = 86_400_000;
const today = new Date();
today.setHours(0, 0, 0, 0);
const someTurn = makeTurn(Math.floor(SPANS / 7 / 2) + 1, { endMs: 0, spreadMs: 0, totalTurns: 1 });
const traceHex = someTurn.spans[0].traceId.toString('hex');
const queries = [
  ['list: newest 200 turns', '/api/turns?limit=200'],
  ['list: slowest first', '/api/turns?limit=200&sort=duration&order=desc'],
  ['list: most expensive first', '/api/turns?limit=200&sort=cost&order=desc'],
  ['list: cheapest first (unknown cost last)', '/api/turns?limit=200&sort=cost&order=asc'],
  ['list: highest TTFT first', '/api/turns?limit=200&sort=ttft&order=desc'],
  ['list: most tokens first', '/api/turns?limit=200&sort=tokens&order=desc'],
  ['list: failed with rate_limit today', `/api/turns?limit=200&category=rate_limit&from=${today.getTime()}`],
  ['list: duration > 5 s and cost > $0.001', '/api/turns?limit=200&minDuration=5000&minCost=0.001&sort=duration'],
  ['list: one agent, one model, last 24 h', `/api/turns?limit=200&agent=billing-agent&model=gpt-4o-mini&from=${Date.now() - DAY}`],
  ['list: page at offset 100,000', '/api/turns?limit=200&offset=100000'],
  ['search: a common word ("refund")', '/api/turns?limit=200&q=refund'],
  ['search: a rare word', `/api/turns?limit=200&q=${RARE_WORD}`],
  ['search: two words, prefix ("refund deliv")', '/api/turns?limit=200&q=refund%20deliv'],
  ['search: a span name ("lookup_order"), every turn', '/api/turns?limit=200&q=lookup_order'],
  ['search: Japanese ("配送先")', `/api/turns?limit=200&q=${encodeURIComponent('配送先')}`],
  ['search: common word, sorted by cost', '/api/turns?limit=200&q=refund&sort=cost'],
  ['search: error text + errors only', '/api/turns?limit=200&q=refused&errors=1'],
  ['conversation (8 turns)', `/api/conversations/conv-${Math.floor(SPANS / 7 / 16)}`],
  ['turn page', `/api/turns/${traceHex}`],
  ['trends: all time (7 days)', '/api/trends'],
  ['trends: last 24 h, one agent', `/api/trends?from=${Date.now() - DAY}&agent=support-agent`],
  ['totals: all time', '/api/totals'],
  ['facets', '/api/facets'],
];
console.log('\nqueries on the store (median of 5, over HTTP):');
const results = [];
for (const [label, path] of queries) {
  const { ms, body } = await time(path);
  const size = body.total ?? body.turns?.length ?? body.buckets?.length ?? body.spans?.length ?? '';
  results.push([label, ms, size]);
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(0).padStart(5)} ms   ${size === '' ? '' : `(${Number(size).toLocaleString('en')})`}`);
}

// One request of 50,000 spans (protobuf) while a client polls the list.
const big = makeRequests(50_000, 50_000, { endMs: Date.now(), spreadMs: 60_000 }).requests[0];
await server.ask('reset');
let polling = true;
const pollTimes = [];
const poller = (async () => {
  while (polling) {
    const t0 = performance.now();
    await fetch(`${url}/api/turns?limit=50`).then((r) => r.json());
    pollTimes.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
})();
const t0 = performance.now();
const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: big.body });
await res.arrayBuffer();
const bigMs = performance.now() - t0;
polling = false;
await poller;
const bigStats = await server.ask('stats');
console.log(
  `\none request of ${big.spans.toLocaleString('en')} spans (${mib(big.body.length)} protobuf): ${res.status} in ${bigMs.toFixed(0)} ms; longest event-loop stall ${bigStats.loopMaxMs.toFixed(0)} ms wall-clock, longest run of the viewer's own work ${bigStats.busyMaxMs.toFixed(0)} ms CPU; ${pollTimes.length} polls of /api/turns meanwhile, median ${median(pollTimes).toFixed(0)} ms, max ${Math.max(...pollTimes).toFixed(0)} ms`,
);
console.log(`load average after: ${load()}`);
server.child.send('stop');
await new Promise((resolve) => server.child.once('exit', resolve));
if (!keep) rmSync(dir, { recursive: true, force: true });
