// The viewer under test, in its own process: reports its URL, then its memory on request.
import { startViewer } from '../dist/index.js';

const viewer = await startViewer({ port: 0, dbPath: process.argv[2] ?? ':memory:' });
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 100);
process.send?.({ url: viewer.url, cpu: process.cpuUsage() });
process.on('message', async (message) => {
  if (message === 'stats') {
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({ heapUsed, rss, peakHeap: Math.max(peakHeap, heapUsed), cpu: process.cpuUsage() });
  } else if (message === 'stop') {
    clearInterval(sampler);
    await viewer.close();
    process.exit(0);
  }
});
