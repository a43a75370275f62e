// Reversible method patches, for adapters that wrap framework methods. A patch is removed
// on restore only while it is still the outermost one; when something else wrapped it later,
// ours stays in place and passes through, so neither breaks the other.
import { reportInternal } from './safety.js';

export type Method = (...args: never[]) => unknown;

export class Patcher {
  private readonly undo: (() => void)[] = [];

  /** Replaces `target[key]` (a function) by `wrap(original)`. */
  method(target: object, key: string, wrap: (original: Method) => Method): void {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    const original = (target as Record<string, unknown>)[key];
    if (typeof original !== 'function') {
      reportInternal(`patch ${key}`, new TypeError(`${key} is not a function on the installed framework`));
      return;
    }
    const wrapped = wrap(original as Method);
    Object.defineProperty(target, key, {
      value: wrapped,
      writable: true,
      configurable: true,
      enumerable: descriptor?.enumerable ?? false,
    });
    this.undo.push(() => {
      if ((target as Record<string, unknown>)[key] !== wrapped) return;
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete (target as Record<string, unknown>)[key];
    });
  }

  /** Replaces the getter of an accessor property (e.g. `Settings.llm`). */
  getter(target: object, key: string, wrap: (value: unknown) => unknown): void {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    const get = descriptor?.get;
    if (!descriptor || !get || !descriptor.configurable) {
      reportInternal(`patch ${key}`, new TypeError(`${key} is not a configurable accessor`));
      return;
    }
    const patchedGet = function (this: unknown) {
      return wrap(get.call(this));
    };
    Object.defineProperty(target, key, { ...descriptor, get: patchedGet });
    this.undo.push(() => {
      if (Object.getOwnPropertyDescriptor(target, key)?.get !== patchedGet) return;
      Object.defineProperty(target, key, descriptor);
    });
  }

  restore(): void {
    for (let undo = this.undo.pop(); undo; undo = this.undo.pop()) {
      try {
        undo();
      } catch (error) {
        reportInternal('unpatch', error);
      }
    }
  }
}
