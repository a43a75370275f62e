// What every bench server answers on its IPC channel: `cpu` (this process's CPU time, the
// cost per request robust to a busy machine) and `gc` (a full collection before
// count-instructions.mjs counts; node --expose-gc); SIGINT ends it.
export function answerBench() {
  process.on('message', (m) => {
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    } else if (m === 'gc') {
      globalThis.gc?.();
      process.send?.('gc done');
    }
  });
  process.on('SIGINT', () => process.exit(0));
}
