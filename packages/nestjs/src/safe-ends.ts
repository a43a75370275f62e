// An operation whose end, fail and cancel never throw: where failing it with the method's
// error throws (an error whose `name`, `message` or `cause` getter throws, a revoked Proxy),
// it is failed with a stand-in error instead, so its span always ends and the method's own
// error reaches the caller, or the Observable's subscriber, unchanged.
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { type Operation, reportInternal } from '@agentspan/core';

/** Recorded in place of an error that could not be read. */
class UnreadableError extends Error {
  constructor() {
    super('the error thrown could not be read (its properties threw)');
    this.name = 'UnreadableError';
  }
}

export class SafeEnds<R> implements Operation<R> {
  constructor(private readonly op: Operation<R>) {}

  get span(): Span {
    return this.op.span;
  }
  get context(): Context {
    return this.op.context;
  }
  get ended(): boolean {
    return this.op.ended;
  }

  run<T>(fn: () => T): T {
    return this.op.run(fn);
  }

  setAttributes(attributes: Attributes): void {
    try {
      this.op.setAttributes(attributes);
    } catch (error) {
      reportInternal('nestjs: set attributes', error);
    }
  }

  end(result?: R): void {
    try {
      this.op.end(result);
    } catch (error) {
      reportInternal('nestjs: end operation', error);
    }
  }

  /** Ends with what `toResult` makes of the value (undefined when it throws). */
  endWith(toResult: (value: unknown) => R | undefined, value: unknown): void {
    let result: R | undefined;
    try {
      result = toResult(value);
    } catch (error) {
      reportInternal('nestjs: operation result', error);
    }
    this.end(result);
  }

  fail(error: unknown): void {
    try {
      this.op.fail(error);
      return;
    } catch (e) {
      reportInternal('nestjs: fail operation', e);
    }
    try {
      if (!this.op.ended) this.op.fail(new UnreadableError());
    } catch (e) {
      reportInternal('nestjs: fail operation', e);
    }
  }

  cancel(reason?: unknown): void {
    try {
      this.op.cancel(reason);
    } catch (error) {
      reportInternal('nestjs: cancel operation', error);
    }
  }
}
