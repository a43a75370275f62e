// Flushing at exit. The batch span processor's timer does not keep the process alive, so a
// script's last spans would be lost without a flush before exit. On SIGINT / SIGTERM with no
// other listener, Node would exit at once: we flush, then raise the signal again so the
// process ends as it would have (same signal, same exit status). When the application
// listens to the signal itself, it owns the exit: we only flush.
const FLUSH_TIMEOUT_MS = 5_000;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function onExit(flush: () => Promise<void>, shutdown: () => Promise<void>): () => void {
  let ended = false;
  const withTimeout = (work: () => Promise<void>): Promise<void> =>
    Promise.race([work().catch(() => undefined), new Promise<void>((r) => setTimeout(r, FLUSH_TIMEOUT_MS).unref())]);

  const beforeExit = (): void => {
    if (ended) return;
    ended = true;
    void withTimeout(shutdown);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    const othersListen = process.listenerCount(signal) > 1;
    if (othersListen) {
      void withTimeout(flush);
      return;
    }
    remove();
    void withTimeout(ended ? flush : shutdown).then(() => process.kill(process.pid, signal));
    ended = true;
  };
  function remove(): void {
    process.off('beforeExit', beforeExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
  process.on('beforeExit', beforeExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return remove;
}
