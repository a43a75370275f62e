// Ingest throughput of the viewer through real HTTP: OTLP JSON and protobuf batches of whole
// S1-shaped turns (511 spans per request), two requests in flight, while a client polls
// /api/turns, /api/facets and /api/totals every second as an open UI would. The viewer runs in
// its own process with a SQLite file (WAL). Prints spans/s per round, the median, the viewer's
// heap and the poll latency. Needs `pnpm build` first.
// Usage: node bench/ingest.mjs [seconds per round] [rounds]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePayloads } from './payloads.mjs';

const seconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 3);
const IN_FLIGHT = Number(process.env.VIEWER_BENCH_IN_FLIGHT ?? 2);
const POLL_MS = 1000;
const CONTENT_TYPE = { json: 'application/json', protobuf: 'application/x-protobuf' };

function startServer(dbPath) {
  const child = fork(fileURLToPath(new URL('./viewer-server.mjs', import.meta.url)), [dbPath], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.env.VIEWER_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.VIEWER_BENCH_PROFILE}`] : [],
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return { child, next };
}

async function poller(url, stop) {
  const latencies = [];
  while (!stop.done) {
    const t0 = performance.now();
    const [turns] = await Promise.all([
      fetch(`${url}/api/turns?limit=100`).then((r) => r.json()),
      fetch(`${url}/api/facets`).then((r) => r.json()),
      fetch(`${url}/api/totals`).then((r) => r.json()),
    ]);
    if (!Array.isArray(turns.turns)) throw new Error('bad /api/turns answer');
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return latencies;
}

async function round(kind, payloads) {
  const dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-bench-'));
  const server = startServer(join(dir, 'bench.db'));
  const { url, cpu: cpuAtStart } = await server.next();
  const stop = { done: false };
  const polling = poller(url, stop);
  const bodies = payloads[kind];
  let sent = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = bodies[next++ % bodies.length];
      const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': CONTENT_TYPE[kind] }, body });
      if (res.status !== 200) throw new Error(`POST /v1/traces: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      sent += payloads.spansPerRequest;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  stop.done = true;
  const latencies = await polling;
  server.child.send('stats');
  const stats = await server.next();
  server.child.send('stop');
  await new Promise((resolve) => server.child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const cpuSeconds = (stats.cpu.user + stats.cpu.system - cpuAtStart.user - cpuAtStart.system) / 1e6;
  return {
    spansPerSecond: sent / elapsed,
    // Spans per second of the viewer's own CPU time (includes answering the polls): what one
    // core would ingest, much less disturbed by other load on a shared machine.
    spansPerCpuSecond: sent / cpuSeconds,
    heapMiB: stats.heapUsed / 2 ** 20,
    peakHeapMiB: stats.peakHeap / 2 ** 20,
    rssMiB: stats.rss / 2 ** 20,
    pollMedianMs: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN,
    pollMaxMs: latencies.at(-1) ?? Number.NaN,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Distinct trace ids for every request of a round (retention keeps the newest 10,000 turns).
const payloads = makePayloads(200, 512);
console.log(
  `viewer ingest bench: ${payloads.spansPerRequest} spans/request, ${IN_FLIGHT} in flight, UI poll every ${POLL_MS} ms, ${seconds} s x ${rounds} rounds; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
for (const kind of ['json', 'protobuf']) {
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const result = await round(kind, payloads);
    results.push(result);
    console.log(
      `  ${kind.padEnd(8)} round ${r + 1}: ${Math.round(result.spansPerSecond)} spans/s (${Math.round(result.spansPerCpuSecond)} per CPU-second), heap ${result.heapMiB.toFixed(0)} MiB (peak ${result.peakHeapMiB.toFixed(0)}), rss ${result.rssMiB.toFixed(0)} MiB, poll median ${result.pollMedianMs.toFixed(0)} ms (max ${result.pollMaxMs.toFixed(0)})`,
    );
  }
  console.log(
    `${kind.padEnd(8)} median: ${Math.round(median(results.map((r) => r.spansPerSecond)))} spans/s (${Math.round(median(results.map((r) => r.spansPerCpuSecond)))} per CPU-second), peak heap ${median(results.map((r) => r.peakHeapMiB)).toFixed(0)} MiB, poll median ${median(results.map((r) => r.pollMedianMs)).toFixed(0)} ms`,
  );
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
