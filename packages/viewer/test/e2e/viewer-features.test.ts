// The questions a user brings to the viewer, in a real browser: which turn was slowest, most
// expensive or failed with a rate limit, and what the user said in it — sorting by column,
// numeric filters, search with highlighted hits, the conversation, TTFT, trends, comparing two
// turns, the layout at 1024 px, and hostile stored values that must render without a script
// error. Writes screenshots to test-artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type Viewer } from '../../src/index.js';
import { HOSTILE_STRINGS, hostileJson, random } from '../support/hostile.js';
import { otlpRequest, type SpanSpec, spanId, traceId } from '../support/otlp-json.js';
import { buildTurn, type BuiltTurn } from '../support/turns.js';
import { launchChromium } from './browser.js';
import { ARTIFACTS, artifact, expectNoPageProblems, openPage, row, rowIds, selectSpan, testId, waitForTurnPage } from './pages.js';
import { createHarness, type ExportedTurn, exportScenario } from './produce-turns.js';

/** The page reloads rows from the server: on a loaded machine that can take a few seconds. */
const POLL = { timeout: 15_000 };
let viewer: Viewer;
let browser: Browser;
let dir: string;
const real: Record<'s1' | 's3' | 's4' | 's6', ExportedTurn> = {} as never;
const made: Record<'slow' | 'unpriced' | 'context', BuiltTurn> = {} as never;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-features-'));
  viewer = await startViewer({ port: 0, dbPath: join(dir, 'viewer.db') });
  const harness = createHarness();
  harness.register();
  try {
    real.s1 = await exportScenario(harness, viewer.url, 'S1');
    real.s3 = await exportScenario(harness, viewer.url, 'S3');
    real.s4 = await exportScenario(harness, viewer.url, 'S4');
    real.s6 = await exportScenario(harness, viewer.url, 'S6-capture-on');
  } finally {
    await harness.shutdown();
  }
  // Turns of other services: one slow, one on a model with no known price, one failed.
  const now = Date.now();
  made.slow = buildTurn({ at: now - 5000, durationMs: 95_000, agent: 'billing-agent', conversation: 'conv-7', user: 'user-9', costUsd: 0.0009, ttftS: 1.2, framework: 'ai-sdk' });
  made.unpriced = buildTurn({ at: now - 4000, durationMs: 800, agent: 'billing-agent', conversation: 'conv-7', user: 'user-9', costUsd: null, model: 'local-llama', inputTokens: 12000, outputTokens: 900, framework: 'ai-sdk' });
  made.context = buildTurn({ at: now - 3000, durationMs: 300, agent: 'billing-agent', conversation: 'conv-8', user: 'user-9', failed: 'context_length_exceeded', framework: 'ai-sdk' });
  for (const turn of Object.values(made)) expect((await fetch(`${viewer.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpRequest(turn.spans, 'billing-svc') })).status).toBe(200);
  mkdirSync(ARTIFACTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openList(page: Page, query = ''): Promise<void> {
  await page.goto(`${viewer.url}/${query}`);
  await page.locator('[data-testid="turn-list"][data-state="ready"]').waitFor();
  await row(page, real.s1.traceId).or(row(page, made.slow.traceId)).first().waitFor();
}

describe('the list at 1024 px', () => {
  it('sorts by clicking column titles (server-side, in the address, Back undoes), shows TTFT, service and unknown cost', async () => {
    const page = await openPage(browser, 1024, 800);
    await openList(page);
    await expect(testId(page, 'turn-count').textContent()).resolves.toBe('7 turns');
    await testId(page, 'sort-duration').click();
    await page.waitForURL(/sort=duration/);
    await expect.poll(() => rowIds(page), POLL).toEqual(expect.arrayContaining([made.slow.traceId]));
    await expect.poll(async () => (await rowIds(page))[0], POLL).toBe(made.slow.traceId);
    await expect(page.locator('.turn-header [aria-sort="descending"]').textContent()).resolves.toContain('Duration');
    // Again: ascending, the shortest first.
    await testId(page, 'sort-duration').click();
    await page.waitForURL(/sort=duration&order=asc/);
    await expect.poll(async () => (await rowIds(page)).at(-1), POLL).toBe(made.slow.traceId);
    // Most expensive first; the turns without a cost last: the one whose model has no price
    // reads "unknown" (never $0), the failed one that used no tokens a dash.
    await testId(page, 'sort-cost').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'cost' && !url.searchParams.has('order'));
    await expect.poll(async () => (await rowIds(page)).slice(-2).sort(), POLL).toEqual([made.unpriced.traceId, real.s3.traceId].sort());
    await expect(row(page, real.s3.traceId).locator('[data-col="cost"]').textContent()).resolves.toBe('—');
    const unpriced = row(page, made.unpriced.traceId);
    await expect(unpriced.locator('[data-col="cost"]').textContent()).resolves.toBe('unknown');
    await expect(unpriced.locator('[data-col="service"]').textContent()).resolves.toBe('billing-svc · ai-sdk');
    await expect(row(page, made.slow.traceId).locator('[data-col="ttft"]').textContent()).resolves.toBe('1.20 s');
    await expect(row(page, real.s1.traceId).locator('[data-col="service"]').textContent()).resolves.toBe('unknown_service · langchain');
    // Back: the ascending duration sort again, from the address.
    await page.goBack();
    await page.waitForURL(/sort=duration&order=asc/);
    await expect.poll(async () => (await rowIds(page)).at(-1), POLL).toBe(made.slow.traceId);
    // Nothing is cut off at 1024 px: every badge and cell fits its row.
    const overflow = await page.locator('[data-testid="turn-row"]').evaluateAll((rows) =>
      rows.flatMap((r) => {
        const right = r.getBoundingClientRect().right;
        const badge = r.querySelector('.cell-status') as HTMLElement;
        return badge.scrollWidth > badge.clientWidth + 1 || badge.getBoundingClientRect().right > right + 1 ? [badge.textContent] : [];
      }),
    );
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await expect(row(page, made.context.traceId).locator('[data-col="status"]').textContent()).resolves.toBe('context_length_exceeded');
    await page.screenshot({ path: artifact('list-1024.png') });
    expectNoPageProblems(page);
    await page.close();
  });

  it('filters on numeric ranges and the error category from the filter bar', async () => {
    const page = await openPage(browser, 1024, 800);
    await openList(page);
    await page.locator('[data-testid="more-filters"] summary').click();
    await testId(page, 'filter-minDuration').fill('1');
    await testId(page, 'filter-minDuration').press('Enter');
    await page.waitForURL(/minDuration=1000/);
    // The 4.2 s turn is in, the 0.8 s and 0.3 s turns are out (the real turns take what they take).
    await expect.poll(() => rowIds(page), POLL).toContain(made.slow.traceId);
    const slowOnes = await rowIds(page);
    expect(slowOnes).not.toContain(made.unpriced.traceId);
    expect(slowOnes).not.toContain(made.context.traceId);
    await testId(page, 'filter-minCost').fill('0.0005');
    await testId(page, 'filter-minCost').press('Enter');
    await page.waitForURL(/minCost=0.0005/);
    await expect.poll(() => rowIds(page), POLL).toEqual([made.slow.traceId]);
    // A reload keeps them (they are in the address), and the category filter narrows to failures.
    await page.goto(`${viewer.url}/?category=rate_limit`);
    await expect.poll(() => rowIds(page), POLL).toEqual([real.s3.traceId]);
    await expect(testId(page, 'filter-category').inputValue()).resolves.toBe('rate_limit');
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('search', () => {
  it('finds the turn whose user message has the words, and highlights them on its page', async () => {
    const page = await openPage(browser);
    await openList(page);
    // Two words: both somewhere in the turn (the S1-shaped turns have "lookup_order" and "conv-42"; the failed S3 never reached the tool).
    await testId(page, 'filter-q').fill('order 42');
    await testId(page, 'filter-q').press('Enter');
    await page.waitForURL(/q=order\+42/);
    await expect.poll(async () => (await rowIds(page)).sort(), POLL).toEqual([real.s1.traceId, real.s4.traceId, real.s6.traceId].sort());
    // In quotes, a phrase: only the turn whose captured user message says it.
    await testId(page, 'filter-q').fill('"order 42"');
    await testId(page, 'filter-q').press('Enter');
    await page.waitForURL(/q=%22order\+42%22/);
    await expect.poll(() => rowIds(page), POLL).toEqual([real.s6.traceId]);
    await row(page, real.s6.traceId).click();
    await page.waitForURL(/\/turns\/[0-9a-f]{32}\?q=%22order\+42%22/);
    await waitForTurnPage(page);
    await expect(testId(page, 'search-note').textContent()).resolves.toMatch(/^\d+ spans? contain "order 42"/);
    // The first span with a hit is selected; the hit is marked in its captured message.
    expect(await testId(page, 'hit-marker').count()).toBeGreaterThan(0);
    const marks = await page.locator('[data-testid="span-details"] mark.hit').allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['order 42']));
    await page.screenshot({ path: artifact('turn-search.png'), fullPage: true });
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('the conversation', () => {
  it('is reachable from a turn and reads as the dialogue: user message, tools, answer, usage', async () => {
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/turns/${real.s6.traceId}`);
    await waitForTurnPage(page);
    await testId(page, 'conversation-link').click();
    await page.waitForURL('**/conversations/conv-42');
    await page.locator('[data-testid="conversation-page"][data-state="ready"]').waitFor();
    const turns = testId(page, 'conversation-turn');
    await expect(turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')))).resolves.toEqual([
      real.s1.traceId,
      real.s3.traceId,
      real.s4.traceId,
      real.s6.traceId,
    ]);
    const captured = turns.nth(3);
    await expect(captured.locator('[data-testid="conversation-user"]').textContent()).resolves.toContain('Where is my order 42?');
    await expect(captured.locator('[data-testid="conversation-user"]').textContent()).resolves.toContain('[EMAIL]');
    await expect(captured.locator('[data-testid="conversation-tool"]').textContent()).resolves.toContain('lookup_order');
    await expect(captured.locator('[data-testid="conversation-answer"]').count()).resolves.toBe(1);
    await expect(turns.nth(1).locator('[data-testid="conversation-answer"]').textContent()).resolves.toMatch(/failed \(error · rate_limit\)/);
    await expect(turns.nth(0).locator('[data-testid="conversation-turn-tokens"]').textContent()).resolves.toBe('932 / 88');
    await expect(testId(page, 'conversation-total-turns').textContent()).resolves.toBe('4');
    await page.screenshot({ path: artifact('conversation.png'), fullPage: true });
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('time to first token', () => {
  it('marks the first chunk on each streamed chat bar, inside the bar', async () => {
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/turns/${real.s4.traceId}`);
    await waitForTurnPage(page);
    const streamed = page.locator('[data-testid="span-row"]').filter({ has: page.locator('[data-testid="ttft-mark"]') });
    expect(await streamed.count()).toBeGreaterThan(0);
    const boxes = await streamed.evaluateAll((rows) =>
      rows.map((r) => ({ bar: r.querySelector('.span-bar')?.getBoundingClientRect(), mark: r.querySelector('.ttft-mark')?.getBoundingClientRect(), label: r.querySelector('.ttft-mark')?.getAttribute('title') })),
    );
    for (const { bar, mark, label } of boxes) {
      expect(mark!.left).toBeGreaterThanOrEqual(bar!.left - 1);
      expect(mark!.left).toBeLessThanOrEqual(bar!.right + 1);
      expect(label).toMatch(/^first chunk after \d+(\.\d+)? (ms|s)$/);
    }
    await expect(testId(page, 'turn-ttft').textContent()).resolves.toMatch(/^\d+(\.\d+)? (ms|s)$/);
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('trends', () => {
  it('charts turns, failures, latency, TTFT, tokens and cost, per agent and model; a bar opens its turns', async () => {
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/trends?range=1h`);
    await page.locator('[data-testid="trends-page"][data-state="ready"]').waitFor();
    for (const chart of ['chart-turns', 'chart-latency', 'chart-ttft', 'chart-tokens', 'chart-cost']) await testId(page, chart).waitFor();
    expect(await page.locator('[data-testid="chart-turns"] .chart-bar').count()).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="chart-turns"] .chart-legend').textContent()).resolves.toContain('failed · rate_limit');
    expect(await page.locator('[data-testid="chart-latency"] .chart-line').count()).toBe(2);
    const agents = await page.locator('[data-testid="trend-agents-row"] th').allTextContents();
    expect(agents.sort()).toEqual(['billing-agent', 'support-agent']);
    await expect(page.locator('[data-testid="trend-models-row"]').filter({ hasText: 'local-llama' }).textContent()).resolves.toContain('unknown');
    await testId(page, 'trend-agent').selectOption('billing-agent');
    await page.waitForURL(/agent=billing-agent/);
    await expect.poll(() => page.locator('[data-testid="trend-agents-row"] th').allTextContents(), POLL).toEqual(['billing-agent']);
    await page.screenshot({ path: artifact('trends.png'), fullPage: true });
    // A bucket with turns opens the list of that time window, for that agent.
    const bucket = await page.locator('[data-testid="chart-turns"] .chart-bar').last().getAttribute('data-index');
    await page.locator(`[data-testid="chart-turns"] .chart-column[data-index="${bucket}"]`).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.has('from') && url.searchParams.get('agent') === 'billing-agent');
    await expect.poll(async () => (await rowIds(page)).sort(), POLL).toEqual([made.slow.traceId, made.unpriced.traceId, made.context.traceId].sort());
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('comparing two turns', () => {
  it('picks two turns in the list and aligns them span by span, differences marked', async () => {
    const page = await openPage(browser);
    await openList(page);
    await row(page, real.s1.traceId).locator('xpath=..').locator('[data-testid="compare-pick"]').check();
    await row(page, real.s3.traceId).locator('xpath=..').locator('[data-testid="compare-pick"]').check();
    await testId(page, 'compare-picked').click();
    await page.waitForURL(`**/compare?a=${real.s1.traceId}&b=${real.s3.traceId}`);
    await page.locator('[data-state="ready"]').filter({ has: testId(page, 'compare-table') }).waitFor();
    const rows = await testId(page, 'compare-row').evaluateAll((els) =>
      els.map((e) => ({ diff: e.getAttribute('data-diff'), cells: [...e.querySelectorAll('.span-name')].map((n) => n.textContent) })),
    );
    // The agent span and the first chat pair up (both failed in B); the steps B never took show as gaps.
    expect(rows[0]?.cells).toEqual(['invoke_agent support-agent', 'invoke_agent support-agent']);
    expect(rows[0]?.diff).toContain('status');
    const chat = rows.find((r) => r.cells.length === 2 && r.cells[0] === 'chat gpt-4o-mini');
    expect(chat?.diff).toContain('status');
    expect(rows.filter((r) => r.diff === 'missing').map((r) => r.cells[0])).toEqual(['execute_tool lookup_order', 'chat gpt-4o-mini', 'upsert_memory']);
    await expect(page.locator('[data-testid="compare-totals"] tr.diff th').allTextContents()).resolves.toEqual(expect.arrayContaining(['Input tokens', 'Spans']));
    await page.screenshot({ path: artifact('compare.png'), fullPage: true });
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('hostile stored values', () => {
  it('renders bidi and control characters visibly, and any captured value without a script error', async () => {
    const trace = traceId();
    const root = spanId();
    const now = Date.now();
    const toStringPart = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: { toString: 1 } }], name: { valueOf: 1 } }]);
    const rand = random(20);
    const spans: SpanSpec[] = [
      { traceId: trace, spanId: root, name: 'invoke_agent \u202Egnp.exe', startMs: now, durationMs: 50, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'spoof\u202Egnp.exe', 'gen_ai.input.messages': toStringPart } },
      { traceId: trace, parentSpanId: root, name: 'chat \u0007bell\u001b[31m', startMs: now + 1, durationMs: 5, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.output.messages': toStringPart, 'gen_ai.system_instructions': '{"toString":1}' } },
      ...Array.from({ length: 30 }, (_, i) => ({
        traceId: trace,
        parentSpanId: root,
        name: `hostile ${i} ${HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]}`,
        startMs: now + 2 + i,
        durationMs: 1,
        attributes: {
          'gen_ai.input.messages': JSON.stringify(hostileJson(rand)),
          'gen_ai.output.messages': JSON.stringify([hostileJson(rand)]),
          'gen_ai.tool.call.arguments': JSON.stringify(hostileJson(rand)),
          'custom.value': HOSTILE_STRINGS[(i * 7) % HOSTILE_STRINGS.length] as string,
        },
      })),
    ];
    expect((await fetch(`${viewer.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpRequest(spans) })).status).toBe(200);
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/turns/${trace}`);
    await waitForTurnPage(page);
    // The root's captured part with {"toString":1} renders; the override is shown, not obeyed.
    await testId(page, 'span-details').waitFor();
    await expect(testId(page, 'turn-agent').textContent()).resolves.toBe('spoof⟨RLO⟩gnp.exe');
    await expect(page.locator('[data-testid="span-name"]').nth(1).textContent()).resolves.toBe('chat ⟨BEL⟩bell⟨ESC⟩[31m');
    await expect(page.locator('[data-testid="messages"]').textContent()).resolves.toContain('{"toString":1}');
    // Every span, child spans with hostile values included, shows its own details.
    const ids = await testId(page, 'span-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-span-id')));
    for (const id of ids) {
      await page.locator(`[data-testid="span-row"][data-span-id="${id}"]`).click();
      await page.locator(`[data-testid="span-details"][data-span-id="${id}"]`).waitFor();
    }
    expect(await testId(page, 'span-render-error').count()).toBe(0);
    await selectSpan(page, 'chat ⟨BEL⟩bell⟨ESC⟩[31m');
    await page.screenshot({ path: artifact('hostile.png'), fullPage: true });
    // The list and the conversation view render them too.
    await page.goto(`${viewer.url}/?q=hostile`);
    await row(page, trace).waitFor();
    await expect(row(page, trace).locator('[data-col="agent"]').textContent()).resolves.toBe('spoof⟨RLO⟩gnp.exe');
    expectNoPageProblems(page);
    await page.close();
  });
});
