// What every bench server answers on its IPC channel: `cpu` (this process's CPU time, the
// cost per request robust to a busy machine) and `gc` (a full collection before
// count-instructions.mjs counts; node --expose-gc), `mark` (a line in its output),
// `{ layers }` (the mode's middleware off or on: countPhases); SIGINT ends it.
/** `switchLayers(on)`: takes the mode's middleware out of the app, or puts it back. */
export function answerBench(switchLayers) {
  process.on('message', (m) => {
    if (typeof m === 'object' && m !== null && 'layers' in m) {
      if (!switchLayers) throw new Error('this bench server cannot switch its middleware');
      switchLayers(m.layers === true);
      process.send?.('switched');
    } else if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    } else if (m === 'mark') {
      // where counting starts, in a --trace-opt/--trace-deopt log (count-instructions.mjs, AGENTSPAN_CG_KEEP)
      process.stdout.write('=== counted requests start\n', () => process.send?.('marked'));
    } else if (m === 'gc') {
      globalThis.gc?.();
      process.send?.('gc done');
    }
  });
  process.on('SIGINT', () => process.exit(0));
}
