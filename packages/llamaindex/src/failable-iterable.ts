// An async iterable over a source that can also be failed from outside: the pending and
// every later next() reject with the error, and the source is cancelled. (The run's stream
// must reject when a workflow step fails: the framework itself never ends it then.)
export interface Failable<T> {
  readonly iterable: AsyncIterable<T>;
  fail(error: unknown): void;
}

export function failableIterable<T>(source: AsyncIterable<T>): Failable<T> {
  let failure: { error: unknown } | undefined;
  let rejectPending: ((error: unknown) => void) | undefined;
  let iterator: AsyncIterator<T> | undefined;
  const iterable: AsyncIterable<T> = {
    [Symbol.asyncIterator]() {
      const it = source[Symbol.asyncIterator]();
      iterator = it;
      return {
        next(): Promise<IteratorResult<T>> {
          if (failure) return Promise.reject(failure.error);
          return new Promise<IteratorResult<T>>((resolve, reject) => {
            rejectPending = reject;
            it.next().then(resolve, reject);
          });
        },
        return(value?: unknown): Promise<IteratorResult<T>> {
          if (it.return) return it.return(value);
          return Promise.resolve({ done: true, value: value as T });
        },
      };
    },
  };
  return {
    iterable,
    fail(error) {
      if (failure) return;
      failure = { error };
      rejectPending?.(error);
      iterator?.return?.().catch(() => {});
    },
  };
}
