// Unhandled rejections seen while a suite runs, counted instead of failing the run: a
// framework may leave its own rejections unhandled (LlamaIndex's failed workflow steps), and
// a hostile reason (a revoked Proxy) would crash the test runner's reporting of it.
export interface UnhandledRejections {
  /** Rejections seen since the last take(). */
  take(): number;
  restore(): void;
}

export function trackUnhandledRejections(): UnhandledRejections {
  let count = 0;
  const listener = () => {
    count++;
  };
  process.on('unhandledRejection', listener);
  return {
    take() {
      const n = count;
      count = 0;
      return n;
    },
    restore() {
      process.off('unhandledRejection', listener);
    },
  };
}
