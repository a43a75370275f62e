// node:sqlite prints an ExperimentalWarning when loaded; the viewer swallows that one only.
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../src/sqlite-open.js';

const seen: string[] = [];
const listener = (warning: Error): void => {
  seen.push(`${warning.name}: ${warning.message}`);
};
afterEach(() => {
  process.off('warning', listener);
});

it('opens node:sqlite without its ExperimentalWarning, and leaves other warnings alone', async () => {
  process.on('warning', listener);
  const db = await openDatabase(':memory:');
  expect(db.prepare('PRAGMA journal_mode').get()).toBeDefined();
  db.close();
  process.emitWarning('still reported', 'ExperimentalWarning');
  await new Promise((resolve) => setImmediate(resolve));
  expect(seen).toEqual(['ExperimentalWarning: still reported']);
});
