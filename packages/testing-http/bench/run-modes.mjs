// The autocannon driver both HTTP adapters' benches share: each mode runs in its own server
// process (the bench's server.mjs, forked with the mode as argument); rounds are interleaved
// and the median is reported, with the server's CPU time per request (process.cpuUsage(),
// which a busy machine disturbs far less than requests/s), each paired with that round's bare run.
import { fork } from 'node:child_process';
import autocannon from 'autocannon';

/** BENCH_MODES=bare,agentspan limits a run to some modes (the first, bare, is always kept). */
export function selectModes(modes, list = process.env.BENCH_MODES) {
  if (!list) return [...modes];
  const wanted = new Set([modes[0][0], ...list.split(',')]);
  // A platform prefix (`fastify:otel-http`) may be left out.
  return modes.filter(([mode]) => wanted.has(mode) || wanted.has(mode.slice(mode.indexOf(':') + 1)));
}

/** modes: [mode, label][] with the reference (bare) first; prints a Markdown table. */
export async function runModes({ modes: allModes, serverPath, seconds, rounds }) {
  const modes = selectModes(allModes);
  const bare = modes[0][0]; // the reference: every figure is compared with it

  async function start(mode) {
    const child = fork(serverPath, [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
    });
    return { child, port };
  }
  
  function cpuOf(child) {
    return new Promise((resolve) => {
      child.once('message', (m) => resolve(m.cpuMicros));
      child.send('cpu');
    });
  }
  
  async function measure(child, port, duration) {
    const before = await cpuOf(child);
    const result = await autocannon({ url: `http://127.0.0.1:${port}/hello`, connections: 50, duration });
    const after = await cpuOf(child);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`errors: ${result.errors}, non-2xx: ${result.non2xx}`);
    return { rps: result.requests.average, cpuPerRequest: (after - before) / result['2xx'] };
  }
  
  const samples = new Map(modes.map(([mode]) => [mode, []]));
  for (let round = 0; round < rounds; round++) {
    // The order rotates each round: no mode always runs first (or right after a heavy one).
    const order = modes.map((_, i) => modes[(i + round) % modes.length]);
    for (const [mode] of order) {
      const { child, port } = await start(mode);
      await measure(child, port, 1); // warm-up
      samples.get(mode).push(await measure(child, port, seconds));
      child.kill();
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // Each round's figure is compared with the same round's bare run (paired: drift of a busy machine cancels out).
  const ratio = (mode, key) => median(samples.get(mode).map((s, i) => s[key] / samples.get(bare)[i][key]));
  const pct = (r) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;
  console.log(`| mode | requests/s (median of ${rounds} × ${seconds} s) | vs bare (paired) | server CPU µs / request | vs bare (paired) |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const [mode, label] of modes) {
    const rps = median(samples.get(mode).map((s) => s.rps));
    const cpu = median(samples.get(mode).map((s) => s.cpuPerRequest));
    const same = mode === bare;
    console.log(`| ${label} | ${Math.round(rps)} | ${same ? '—' : pct(ratio(mode, 'rps'))} | ${cpu.toFixed(1)} | ${same ? '—' : pct(ratio(mode, 'cpuPerRequest'))} |`);
  }
}
