// Flushing at exit. The batch span processor's timer does not keep the process alive, so a
// script's last spans would be lost without a flush before exit. On SIGINT / SIGTERM with no
// other listener, Node would exit at once: we flush, then raise the signal again so the
// process ends as it would have (same signal, same exit status). When the application
// listens to the signal itself, it owns the exit: we only flush. A library's listener that
// exits only when alone (the OpenAI Agents SDK's) owns nothing: it exits after our flush.
const FLUSH_TIMEOUT_MS = 5_000;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * A listener that exits only when no other listener is left (the OpenAI Agents SDK's tracing
 * clean-up): it leaves the exit to the others, so it does not own the exit as an
 * application's listener does. Two such listeners would otherwise wait for each other forever.
 */
function exitsWhenAlone(listener: (...args: never[]) => unknown): boolean {
  try {
    return Function.prototype.toString.call(listener).includes('hasOtherListenersFor');
  } catch {
    return false;
  }
}

export function onExit(flush: () => Promise<void>, shutdown: () => Promise<void>): () => void {
  let ended = false;
  const withTimeout = (work: () => Promise<void>): Promise<void> =>
    Promise.race([work().catch(() => undefined), new Promise<void>((r) => setTimeout(r, FLUSH_TIMEOUT_MS).unref())]);

  const beforeExit = (): void => {
    if (ended) return;
    ended = true;
    void withTimeout(shutdown);
  };
  let raising = false;
  const raise = (signal: NodeJS.Signals): void => {
    remove();
    process.kill(process.pid, signal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (raising) {
      raise(signal); // a second signal while flushing: end now
      return;
    }
    const othersListen = process.listeners(signal).some((l) => l !== onSignal && !exitsWhenAlone(l));
    if (othersListen) {
      void withTimeout(flush);
      return;
    }
    // Flushed while ours is still listening (shutdown() removes it): a listener that exits
    // when alone would exit before the spans left.
    raising = true;
    void withTimeout(ended ? flush : () => flush().catch(() => undefined).then(shutdown)).then(() => raise(signal));
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
