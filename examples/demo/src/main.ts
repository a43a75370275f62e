// The demo: the support-agent turn (streamed, so time to first chunk shows) through every
// producer, printed as trees side by side with a verdict on whether they are identical.
import { isDeepStrictEqual } from 'node:util';
import { createHarness, runScenario } from '@agentspan/conformance/runner';
import { renderTree, sideBySide } from './print-tree.js';
import { PRODUCERS } from './producers.js';

const SCENARIO = 'S4';
const harness = createHarness();
harness.register();

const columns: { title: string; lines: string[] }[] = [];
const trees: unknown[] = [];
let failures = 0;
for (const [i, { title, adapter }] of PRODUCERS.entries()) {
  process.stdout.write(`[${i + 1}/${PRODUCERS.length}] ${title}: running the support-agent turn…\n`);
  await adapter.setup?.({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider });
  try {
    const result = await runScenario(harness, adapter, SCENARIO);
    columns.push({ title, lines: renderTree(result.spans) });
    trees.push(result.actual);
    if (!result.passed) {
      failures++;
      process.stdout.write(`  differs from the canonical tree: ${result.problems.join('; ') || 'tree mismatch'}\n`);
    }
  } finally {
    await adapter.teardown?.();
  }
}

process.stdout.write(`\n${sideBySide(columns)}\n\n`);
const identical = trees.every((t) => isDeepStrictEqual(t, trees[0]));
process.stdout.write(
  identical && failures === 0
    ? `✔ ${PRODUCERS.length} producer(s): identical span trees, equal to the canonical tree.\n`
    : `✘ the trees differ (${failures} off the canonical tree).\n`,
);
await harness.shutdown();
process.exitCode = identical && failures === 0 ? 0 : 1;
