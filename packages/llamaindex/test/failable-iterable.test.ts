import { expect, it } from 'vitest';
import { failableIterable } from '../src/failable-iterable.js';

async function* slow() {
  yield 1;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  yield 2;
}

it('fail() rejects the pending and later reads with the error and cancels the source', async () => {
  let cancelled = false;
  const source = slow();
  const original = source.return.bind(source);
  source.return = (value) => {
    cancelled = true;
    return original(value);
  };
  const { iterable, fail } = failableIterable(source);
  const it = iterable[Symbol.asyncIterator]();
  expect(await it.next()).toEqual({ done: false, value: 1 });
  const pending = it.next();
  const error = new Error('step failed');
  fail(error);
  await expect(pending).rejects.toBe(error);
  await expect(it.next()).rejects.toBe(error);
  expect(cancelled).toBe(true);
});

it('passes values and the end through unchanged', async () => {
  const { iterable } = failableIterable((async function* () { yield 'a'; yield 'b'; })());
  const seen: string[] = [];
  for await (const v of iterable) seen.push(v);
  expect(seen).toEqual(['a', 'b']);
});
