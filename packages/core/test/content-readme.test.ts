// The redaction example of the README, run as a user would run it (the import pointed at
// the source): documentation that was never run is assumed wrong.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((code) => code.includes('createRedactor'));

it('the README redaction example runs and its assertions hold', async () => {
  expect(snippets).toHaveLength(1);
  const file = fileURLToPath(new URL('./.readme-redaction.snippet.ts', import.meta.url));
  writeFileSync(file, (snippets[0] as string).replace("'@agentspan/core'", "'../src/index.js'"));
  try {
    await import(file);
  } finally {
    rmSync(file, { force: true });
  }
}, 60_000); // the first rule check starts recheck
