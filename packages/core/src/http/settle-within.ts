// A store call's answer, or a rejection once it took too long (an offline client that
// queues every command forever must not hold requests with it).

export class BudgetStoreTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`budget store ${what} did not settle within ${ms} ms`);
    this.name = 'BudgetStoreTimeoutError';
  }
}

/** `value` settled, or a BudgetStoreTimeoutError after `ms`. The timer never keeps the process alive. */
export function settleWithin<T>(value: PromiseLike<T> | T, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BudgetStoreTimeoutError(what, ms)), ms);
    timer.unref();
    Promise.resolve(value).then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
