// The demo: the support-agent turn (spec S1) through every framework's example, printed as
// trees side by side with a verdict on whether they are the same tree. Time to first chunk
// exists only when the answer is streamed, so each producer also runs the same turn with its
// answer streamed (S4); each column's title gives that run's TTFT.
import { createHarness, runScenario } from '@agentspan/conformance/runner';
import { type Column, otlpSpanProcessors, renderTree, sideBySide } from '@agentspan/example-kit';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PRODUCERS } from './producers.js';
import { agentTurn, firstDifference } from './verdict.js';
import { startDemoViewer } from './viewer.js';

const tty = process.stdout.isTTY === true;
// 160 columns, or fewer on a narrower terminal (the trees then wrap to more rows of columns).
const WIDTH = Math.min(160, tty ? process.stdout.columns || 160 : 160);
const frameworks = PRODUCERS.filter((p) => !p.reference).length;

function progress(text: string): void {
  // One line rewritten in place on a terminal; a line per step elsewhere (CI logs, tests).
  process.stdout.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
}

function ttftMs(spans: readonly ReadableSpan[]): string {
  const chunked = spans.find((s) => typeof s.attributes['gen_ai.response.time_to_first_chunk'] === 'number');
  const seconds = chunked?.attributes['gen_ai.response.time_to_first_chunk'];
  return typeof seconds === 'number' ? `${(seconds * 1000).toFixed(1)}ms` : 'none';
}

process.stdout.write(
  `agentspan demo: the support-agent turn (S1) through ${frameworks} frameworks and the core's manual API; TTFT from the same turn with its answer streamed (S4).\n`,
);
// Every producer's spans also go to OTEL_EXPORTER_OTLP_ENDPOINT when set, else to the viewer.
const viewer = await startDemoViewer();
const harness = createHarness({ spanProcessors: otlpSpanProcessors() });
harness.register();
const columns: Column[] = [];
const differences: string[] = [];
const served: string[] = [];
for (const [i, producer] of PRODUCERS.entries()) {
  const step = `[${i + 1}/${PRODUCERS.length}] ${producer.title} …`;
  let adapter: Awaited<ReturnType<typeof producer.load>>;
  try {
    adapter = await producer.load();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    columns.push({ title: producer.title, lines: ['not available:', reason] });
    differences.push(`${producer.title}: not available (${reason})`);
    continue;
  }
  await adapter.setup?.({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider });
  try {
    progress(`${step} running S1`);
    const s1 = await runScenario(harness, adapter, 'S1');
    progress(`${step} running S1 streamed (S4)`);
    const s4 = await runScenario(harness, adapter, 'S4');
    columns.push({ title: `${producer.title} · TTFT ${ttftMs(s4.spans)}`, lines: renderTree(s1.spans, { compact: true }) });
    if (adapter.transport === 'http') served.push(producer.title);
    const [actual, expected] = [agentTurn(s1.actual[0]), agentTurn(s1.expected[0])];
    const difference = !actual || !expected ? 'no invoke_agent tree' : firstDifference(actual, expected);
    const problems = [...s1.problems, ...s4.problems];
    if (difference) differences.push(`${producer.title}: ${difference}`);
    else if (problems.length > 0) differences.push(`${producer.title}: ${problems[0]}`);
  } finally {
    await adapter.teardown?.();
  }
}
progress(`[${PRODUCERS.length}/${PRODUCERS.length}] done\n`);
await harness.shutdown();

process.stdout.write(`\n${sideBySide(columns, WIDTH)}\n\n`);
const compared =
  '  compared in the spec\'s normalised form: names, kinds, status, tokens, cost, ids; not timings, not embeddings inside a retrieval' +
  (served.length > 0 ? `;\n  ${served.join(' and ')} add the request's server span above the turn.` : '.');
if (differences.length === 0) {
  process.stdout.write(`✔ identical: all ${PRODUCERS.length} turns give the canonical S1 tree.\n${compared}\n`);
} else {
  process.stdout.write(`✘ not identical: ${differences.length} of ${PRODUCERS.length} differ from the canonical S1 tree:\n`);
  for (const line of differences) process.stdout.write(`  - ${line}\n`);
  process.stdout.write(`${compared}\n`);
  process.exitCode = 1;
}

if (viewer) {
  const turns = await viewer.turns();
  process.stdout.write(`\nviewer: ${turns} turns received; open ${viewer.url} to see them as waterfalls.\n`);
  process.stdout.write(`They are kept in a file: \`${viewer.reopen}\` opens them again later.\n`);
  // The viewer stays up, on a terminal or not, until Ctrl-C; --exit closes it (CI, tests).
  if (!process.argv.includes('--exit')) {
    process.stdout.write('Ctrl-C to stop (or run the demo with --exit).\n');
    const stop = (): void => {
      viewer.stop();
      process.exit(process.exitCode ?? 0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    setInterval(() => {}, 1 << 30);
  } else {
    viewer.stop();
  }
}
