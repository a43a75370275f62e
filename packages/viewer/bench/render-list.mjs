// Render bench of the web UI: seeds 10,000 turns through the OTLP/HTTP endpoint, opens the
// list in headless Chromium (Debian's, via playwright-core) and measures the time from
// navigation to the list being rendered and interactive (the UI's `agentspan:list-ready`
// mark, set after the frame showing the rows), then the time a jump to the end of the list
// takes to show the oldest turn (rows are fetched a page at a time). Medians of 5 runs.
// Usage: node bench/render-list.mjs   (needs `pnpm --filter @agentspan/viewer build` first)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const TURNS = 10_000;
const RUNS = 5;
const TURNS_PER_REQUEST = 500;
const CHROMIUM = '/usr/bin/chromium';
const AGENTS = ['support-agent', 'billing-agent', 'triage-agent', 'research-agent', 'router'];

const dist = new URL('../dist/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('dist/ is missing: run `pnpm --filter @agentspan/viewer build` first');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: run scripts/setup-chromium.sh`);
  process.exit(1);
}
const { startViewer } = await import(dist.href);

const hex = (n, width) => n.toString(16).padStart(width, '0');
const str = (key, value) => ({ key, value: { stringValue: value } });
const int = (key, value) => ({ key, value: { intValue: String(value) } });
const dbl = (key, value) => ({ key, value: { doubleValue: value } });
const nanos = (ms) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** One turn as OTLP JSON spans: invoke_agent → chat, execute_tool, chat (the S1 shape, trimmed). */
function turnSpans(i, startMs) {
  const traceId = hex(i + 1, 32);
  const root = hex(i * 4 + 1, 16);
  const agent = AGENTS[i % AGENTS.length];
  const failed = i % 20 === 0;
  const ids = [str('gen_ai.conversation.id', `conv-${i % 1000}`), str('user.id', `user-${i % 50}`)];
  const span = (n, name, parent, offsetMs, durationMs, attributes, error) => ({
    traceId,
    spanId: hex(i * 4 + n, 16),
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: parent ? 3 : 1,
    startTimeUnixNano: nanos(startMs + offsetMs),
    endTimeUnixNano: nanos(startMs + offsetMs + durationMs),
    attributes: [...ids, ...attributes],
    status: error ? { code: 2, message: 'rate limited' } : {},
  });
  const chat = (n, offset, input, output, cost) =>
    span(n, 'chat gpt-4o-mini', root, offset, 300, [
      str('gen_ai.operation.name', 'chat'),
      str('gen_ai.provider.name', 'openai'),
      str('gen_ai.request.model', 'gpt-4o-mini'),
      int('gen_ai.usage.input_tokens', input),
      int('gen_ai.usage.output_tokens', output),
      dbl('agentspan.cost.usd', cost),
    ]);
  const errorAttributes = failed ? [str('error.type', 'RateLimitError'), str('agentspan.error.category', 'rate_limit')] : [];
  return [
    span(1, `invoke_agent ${agent}`, undefined, 0, 900, [
      str('gen_ai.operation.name', 'invoke_agent'),
      str('gen_ai.agent.name', agent),
      int('gen_ai.usage.input_tokens', 932),
      int('gen_ai.usage.output_tokens', 88),
      dbl('agentspan.cost.usd', 0.000183),
      ...errorAttributes,
    ], failed),
    chat(2, 10, 420, 24, 0.0000678),
    span(3, 'execute_tool lookup_order', root, 320, 50, [
      str('gen_ai.operation.name', 'execute_tool'),
      str('gen_ai.tool.name', 'lookup_order'),
    ]),
    chat(4, 380, 512, 64, 0.0001152),
  ];
}

async function seed(url) {
  const now = Date.now();
  for (let first = 0; first < TURNS; first += TURNS_PER_REQUEST) {
    const spans = [];
    for (let i = first; i < Math.min(TURNS, first + TURNS_PER_REQUEST); i++) {
      spans.push(...turnSpans(i, now - (TURNS - i) * 5_000));
    }
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [str('service.name', 'render-bench')] },
          scopeSpans: [{ scope: { name: 'render-bench' }, spans }],
        },
      ],
    });
    const response = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'agentspan-render-bench-'));
const viewer = await startViewer({ port: 0, dbPath: join(dir, 'viewer.db'), maxTurns: TURNS * 2 });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const seedStart = performance.now();
  await seed(viewer.url);
  console.log(`seeded ${TURNS} turns (${TURNS * 4} spans) over OTLP/HTTP in ${Math.round(performance.now() - seedStart)} ms`);

  const ready = [];
  const api = [];
  const end = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(viewer.url);
    await page.waitForFunction(() => performance.getEntriesByName('agentspan:list-ready').length > 0, null, { timeout: 30_000 });
    const figures = await page.evaluate(() => ({
      ready: performance.getEntriesByName('agentspan:list-ready')[0].startTime,
      api: performance.getEntriesByType('resource').find((e) => e.name.includes('/api/turns'))?.responseEnd ?? Number.NaN,
      rows: document.querySelectorAll('[data-testid="turn-row"]').length,
      count: document.querySelector('[data-testid="turn-count"]')?.textContent,
    }));
    if (!figures.count?.startsWith('10,000')) throw new Error(`the list shows "${figures.count}", not 10,000 turns`);
    // Jump to the end: the oldest turn's row must show its data.
    const jumped = await page.evaluate(async (last) => {
      const start = performance.now();
      window.scrollTo(0, document.documentElement.scrollHeight);
      const selector = `.vrow[data-index="${last}"] [data-trace-id]`;
      while (!document.querySelector(selector)) {
        if (performance.now() - start > 10_000) throw new Error('the last row never rendered');
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return performance.now() - start;
    }, TURNS - 1);
    ready.push(figures.ready);
    api.push(figures.api);
    end.push(jumped);
    console.log(
      `run ${run + 1}: list ready ${figures.ready.toFixed(0)} ms after navigation ` +
        `(first turns JSON at ${figures.api.toFixed(0)} ms; ${figures.rows} rows in the DOM); ` +
        `jump to the 10,000th turn ${jumped.toFixed(0)} ms`,
    );
    await context.close();
  }
  // Other work on the machine shifts these figures: say how busy it was.
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' / ')}`);
  console.log(
    `median of ${RUNS}: the list of ${TURNS.toLocaleString('en-US')} turns is ready ${median(ready).toFixed(0)} ms ` +
      `after navigation (first turns JSON at ${median(api).toFixed(0)} ms); a jump to its end shows the last turn ` +
      `in ${median(end).toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await viewer.close();
  rmSync(dir, { recursive: true, force: true });
}
