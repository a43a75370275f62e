// One mode of the S1 turn (bench/s1-app.mjs) under callgrind: WARMUP turns uncounted, then
// TURNS turns with instruction counting switched on (callgrind_control), so the count is
// the turns' own, not start-up's (the switch itself costs the same in every mode, and
// cancels out of the overheads). Driven by bench/s1.count.sh.
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { enable, turns } from './s1-app.mjs';

const [mode = 'agentspan', warmup = '1500', n = '300'] = process.argv.slice(2);
const run = promisify(exec);
const dispose = enable(mode);
const fn = turns[mode];
for (let i = 0; i < Number(warmup); i++) await fn();
globalThis.gc?.();
await run(`callgrind_control -i on ${process.pid}`);
for (let i = 0; i < Number(n); i++) await fn();
await run(`callgrind_control -i off ${process.pid}`);
dispose();
