// The viewer under test, in its own process: reports its URL, then its memory, CPU time and
// the longest event-loop stall (since the last 'reset') on request.
// Usage (forked): viewer-server.mjs <dbPath> [JSON options for startViewer]
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startViewer } from '../dist/index.js';

const viewer = await startViewer({ port: 0, dbPath: process.argv[2] ?? ':memory:', ...JSON.parse(process.argv[3] ?? '{}') });
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 100);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
// On a shared machine a wall-clock stall may be the OS running other processes: the main
// thread's own CPU time between two ticks of a 2 ms timer is the viewer's work alone.
let busyMaxMs = 0;
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
}).observe({ entryTypes: ['gc'] });
let lastCpu = process.threadCpuUsage();
const ticker = setInterval(() => {
  const cpu = process.threadCpuUsage();
  busyMaxMs = Math.max(busyMaxMs, (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000);
  lastCpu = cpu;
}, 2);
process.send?.({ url: viewer.url, cpu: process.cpuUsage() });
process.on('message', async (message) => {
  if (message === 'stats') {
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({
      heapUsed,
      rss,
      peakHeap: Math.max(peakHeap, heapUsed),
      cpu: process.cpuUsage(),
      // The histogram records delays beyond the 5 ms resolution: max is the longest stall.
      loopMaxMs: loop.max / 1e6,
      busyMaxMs,
      gcMaxMs,
      loopP99Ms: loop.percentile(99) / 1e6,
    });
  } else if (message === 'reset') {
    loop.reset();
    busyMaxMs = 0;
    gcMaxMs = 0;
    process.send?.('reset');
  } else if (message === 'stop') {
    clearInterval(sampler);
    clearInterval(ticker);
    loop.disable();
    await viewer.close();
    process.exit(0);
  }
});
