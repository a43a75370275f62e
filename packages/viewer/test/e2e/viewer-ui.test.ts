// The viewer in a real browser: turns exported through the real OTLP/HTTP exporter appear in
// the list, their page shows the canonical S1 tree with its tokens and cost, filters work and
// captured messages read as a conversation. Writes test-artifacts/turn-page.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PII, S1 } from '@agentspan/conformance/runner';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type Viewer } from '../../src/index.js';
import { CHROMIUM_PATH, launchChromium } from './browser.js';
import { otlpRequest, spanId, traceId } from '../support/otlp-json.js';
import { ARTIFACTS, expectNoPageProblems, openPage as openCheckedPage, row, selectSpan, testId, waitForTurnPage } from './pages.js';
import { createHarness, type ExportedTurn, exportScenario } from './produce-turns.js';

/** The canonical S1 tree (spec: span-tree.md), depth first, siblings by start time. */
const S1_SPANS = [
  { name: 'invoke_agent support-agent', level: 1 },
  { name: 'search_memory', level: 2 },
  { name: 'retrieval kb-policies', level: 2 },
  { name: 'chat gpt-4o-mini', level: 2 },
  { name: 'execute_tool lookup_order', level: 2 },
  { name: 'chat gpt-4o-mini', level: 2 },
  { name: 'upsert_memory', level: 2 },
];

let viewer: Viewer;
let browser: Browser;
let dir: string;
const turns: Record<'ok' | 'modelError' | 'captured', ExportedTurn> = {} as never;

const openPage = () => openCheckedPage(browser);

async function openTurn(page: Page, traceId: string): Promise<void> {
  await page.goto(`${viewer.url}/turns/${traceId}`);
  await waitForTurnPage(page);
}

beforeAll(async () => {
  // Fail early with the set-up hint when Chromium is missing, before any other work.
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-e2e-'));
  viewer = await startViewer({ port: 0, dbPath: join(dir, 'viewer.db') });
  const harness = createHarness();
  harness.register();
  try {
    turns.ok = await exportScenario(harness, viewer.url, 'S1');
    turns.modelError = await exportScenario(harness, viewer.url, 'S3');
    turns.captured = await exportScenario(harness, viewer.url, 'S6-capture-on');
  } finally {
    await harness.shutdown();
  }
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the browser', () => {
  it('is the system Chromium, and a missing one fails with the set-up hint', async () => {
    expect(browser.version()).toMatch(/^\d+\./);
    expect(CHROMIUM_PATH).toBe('/usr/bin/chromium');
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(/run scripts\/setup-chromium\.sh/);
  });
});

describe('the list of turns', () => {
  it('shows the exported S1 turn with its agent, ids, tokens, cost and status', async () => {
    const page = await openPage();
    await page.goto(viewer.url);
    const s1 = row(page, turns.ok.traceId);
    await s1.waitFor();
    await expect(s1.locator('[data-col="agent"]').textContent()).resolves.toBe('support-agent');
    await expect(s1.locator('[data-col="conversation"]').textContent()).resolves.toBe(S1.conversationId);
    await expect(s1.locator('[data-col="user"]').textContent()).resolves.toBe(S1.userId);
    await expect(s1.locator('[data-col="tokens"]').textContent()).resolves.toBe('932 / 88');
    await expect(s1.locator('[data-col="cost"]').textContent()).resolves.toBe('$0.000183');
    await expect(s1.locator('[data-col="status"]').textContent()).resolves.toBe('ok');
    await expect(testId(page, 'turn-count').textContent()).resolves.toBe('3 turns');
    // Totals per model and per agent for the range.
    const model = testId(page, 'totals-model-row').filter({ hasText: 'gpt-4o-mini' });
    await expect(model.count()).resolves.toBe(1);
    const agent = testId(page, 'totals-agent-row').filter({ hasText: 'support-agent' });
    await expect(agent.locator('th').textContent()).resolves.toBe('support-agent');
    expectNoPageProblems(page);
    await page.close();
  });

  it('opens the turn page with a click, and with Enter', async () => {
    const page = await openPage();
    await page.goto(viewer.url);
    await row(page, turns.ok.traceId).click();
    await page.waitForURL(`**/turns/${turns.ok.traceId}`);
    await page.locator('[data-testid="turn-page"][data-state="ready"]').waitFor();
    await page.goBack();
    // Newest first: S6, S3, S1. Arrow keys move between rows, Enter opens one.
    await testId(page, 'turn-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator(':focus').getAttribute('data-trace-id')).resolves.toBe(turns.modelError.traceId);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/turns/${turns.modelError.traceId}`);
    await expect(testId(page, 'turn-status').textContent()).resolves.toBe('error · rate_limit');
    expectNoPageProblems(page);
    await page.close();
  });

  it('errors only hides the OK turn and shows the failed turn with its category', async () => {
    const page = await openPage();
    await page.goto(viewer.url);
    await row(page, turns.ok.traceId).waitFor();
    await testId(page, 'filter-errors').check();
    await row(page, turns.ok.traceId).waitFor({ state: 'detached' });
    const failed = row(page, turns.modelError.traceId);
    await failed.waitFor();
    await expect(failed.locator('[data-col="status"]').textContent()).resolves.toBe('rate_limit');
    await expect(failed.locator('[data-col="status"]').getAttribute('title')).resolves.toBe('error · rate_limit');
    await expect(testId(page, 'turn-row').count()).resolves.toBe(1);
    expect(new URL(page.url()).searchParams.get('errors')).toBe('1');
    // The filter survives a reload (it lives in the address).
    await page.reload();
    await failed.waitFor();
    await expect(testId(page, 'filter-errors').isChecked()).resolves.toBe(true);
    await expect(testId(page, 'turn-row').count()).resolves.toBe(1);
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('the turn page', () => {
  it('shows the S1 tree in order with 932 / 88 tokens and cost 0.000183', async () => {
    const page = await openPage();
    await openTurn(page, turns.ok.traceId);
    await expect(testId(page, 'span-name').allTextContents()).resolves.toEqual(S1_SPANS.map((s) => s.name));
    const levels = await testId(page, 'span-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-level'))));
    expect(levels).toEqual(S1_SPANS.map((s) => s.level));
    // Header: the turn's agent, ids, totals and status.
    await expect(testId(page, 'turn-agent').textContent()).resolves.toBe('support-agent');
    await expect(testId(page, 'turn-conversation').textContent()).resolves.toBe('conv-42');
    await expect(testId(page, 'turn-user').textContent()).resolves.toBe('user-7');
    await expect(testId(page, 'turn-input-tokens').textContent()).resolves.toBe('932');
    await expect(testId(page, 'turn-output-tokens').textContent()).resolves.toBe('88');
    await expect(testId(page, 'turn-cost').textContent()).resolves.toBe('$0.000183');
    await expect(testId(page, 'turn-status').textContent()).resolves.toBe('ok');
    // The waterfall: the steps run in sequence, so each child's bar starts where the last ended or later.
    const bars = await page.locator('[data-testid="span-row"] .span-bar').evaluateAll((els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        return { left: box.left, right: box.right };
      }),
    );
    const [root, ...children] = bars;
    for (const [index, bar] of children.entries()) {
      expect(bar.left).toBeGreaterThanOrEqual(root!.left - 0.5);
      expect(bar.right).toBeLessThanOrEqual(root!.right + 0.5);
      if (index > 0) expect(bar.left).toBeGreaterThanOrEqual(children[index - 1]!.right - 1);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'turn-page.png'), fullPage: true });
    expectNoPageProblems(page);
    await page.close();
  });

  it('shows the first chat span with its tokens split, cost, models and finish reason', async () => {
    const page = await openPage();
    await openTurn(page, turns.ok.traceId);
    // The agent span is selected first.
    await expect(testId(page, 'span-details-name').textContent()).resolves.toBe('invoke_agent support-agent');
    await selectSpan(page, 'chat gpt-4o-mini', 0);
    const details = testId(page, 'span-details');
    const attr = (key: string) => details.locator(`[data-testid="attr-${key}"]`).textContent();
    await expect(testId(page, 'span-details-name').textContent()).resolves.toBe('chat gpt-4o-mini');
    await expect(attr('gen_ai.operation.name')).resolves.toBe('chat');
    await expect(attr('gen_ai.provider.name')).resolves.toBe('openai');
    await expect(attr('gen_ai.request.model')).resolves.toBe('gpt-4o-mini');
    await expect(attr('gen_ai.response.model')).resolves.toBe('gpt-4o-mini-2024-07-18');
    await expect(attr('gen_ai.usage.input_tokens')).resolves.toBe('420');
    await expect(attr('gen_ai.usage.cache_read.input_tokens')).resolves.toBe('128');
    await expect(attr('gen_ai.usage.output_tokens')).resolves.toBe('24');
    await expect(attr('agentspan.cost.usd')).resolves.toBe('$0.0000678');
    await expect(attr('gen_ai.response.finish_reasons')).resolves.toBe('tool_call');
    // The selection is in the address: a reload shows the same span.
    await page.reload();
    await page.locator('[data-testid="turn-page"][data-state="ready"]').waitFor();
    await expect(testId(page, 'span-details-name').textContent()).resolves.toBe('chat gpt-4o-mini');
    await expect(attr('gen_ai.usage.input_tokens')).resolves.toBe('420');
    // The second chat reports reasoning tokens; the tool, retrieval and memory spans their own fields.
    await selectSpan(page, 'chat gpt-4o-mini', 1);
    await expect(attr('gen_ai.usage.reasoning.output_tokens')).resolves.toBe('16');
    await expect(attr('agentspan.cost.usd')).resolves.toBe('$0.0001152');
    await selectSpan(page, 'execute_tool lookup_order');
    await expect(attr('gen_ai.tool.name')).resolves.toBe('lookup_order');
    await expect(attr('gen_ai.tool.call.id')).resolves.toBe('call_1');
    await selectSpan(page, 'retrieval kb-policies');
    await expect(attr('gen_ai.data_source.id')).resolves.toBe('kb-policies');
    await expect(attr('gen_ai.retrieval.top_k')).resolves.toBe('3');
    await selectSpan(page, 'upsert_memory');
    await expect(attr('gen_ai.memory.store.id')).resolves.toBe('conversations');
    expectNoPageProblems(page);
    await page.close();
  });

  it('shows a failed model call with its error type, category and exception', async () => {
    const page = await openPage();
    await openTurn(page, turns.modelError.traceId);
    await expect(testId(page, 'span-name').allTextContents()).resolves.toEqual([
      'invoke_agent support-agent',
      'search_memory',
      'retrieval kb-policies',
      'chat gpt-4o-mini',
    ]);
    await selectSpan(page, 'chat gpt-4o-mini');
    const error = testId(page, 'span-error');
    await expect(error.locator('[data-testid="attr-error.type"]').textContent()).resolves.toBe('RateLimitError');
    await expect(error.locator('[data-testid="attr-agentspan.error.category"]').textContent()).resolves.toBe('rate_limit');
    await expect(testId(page, 'span-events').locator('h4').first().textContent()).resolves.toMatch(/^exception/);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(ARTIFACTS, 'turn-page-error-dark.png'), fullPage: true });
    expectNoPageProblems(page);
    await page.close();
  });

  it('shows captured messages as a conversation, redacted', async () => {
    const page = await openPage();
    await openTurn(page, turns.captured.traceId);
    await selectSpan(page, 'chat gpt-4o-mini', 0);
    const messages = testId(page, 'messages');
    await messages.waitFor();
    const user = messages.locator('[data-testid="message"][data-role="user"]');
    await expect(user.first().textContent()).resolves.toContain('Where is my order 42?');
    await expect(user.first().textContent()).resolves.toContain('[EMAIL]');
    await expect(messages.locator('[data-testid="message"][data-role="system"]').count()).resolves.toBe(1);
    const toolCall = messages.locator('[data-testid="message-tool-call"]');
    await expect(toolCall.first().textContent()).resolves.toContain('lookup_order');
    const pageText = (await page.locator('body').textContent()) ?? '';
    for (const raw of Object.values(PII)) expect(pageText).not.toContain(raw);
    await page.screenshot({ path: join(ARTIFACTS, 'turn-page-messages.png'), fullPage: true });
    expectNoPageProblems(page);
    await page.close();
  });
});

describe('formatting in the page', () => {
  it('writes costs and numbers as plain decimals, never in exponent notation', async () => {
    const page = await openPage();
    await page.goto(viewer.url);
    // A string, so the test runner does not rewrite the dynamic import meant for the page.
    const formatted = await page.evaluate(`(async () => {
      const format = await import('/ui/format.js');
      return {
        costs: [0.000183, 0.0000678 + 0.0001152, 0.0000678, 1e-9, 0, 1234.5678, 12.5].map(format.formatCost),
        ints: [0, 932, 12345, 1234567].map(format.formatInt),
        plain: [0.1 + 0.2, 2.5e-7, 3].map(format.formatPlain),
        durations: [0, 0.42, 17.3, 1234, 75000].map(format.formatDuration),
      };
    })()`);
    expect(formatted).toEqual({
      costs: ['$0.000183', '$0.000183', '$0.0000678', '$0.000000001', '$0', '$1,234.57', '$12.5'],
      ints: ['0', '932', '12,345', '1,234,567'],
      plain: ['0.3', '0.00000025', '3'],
      durations: ['0 ms', '0.42 ms', '17 ms', '1.23 s', '1 min 15 s'],
    });
    expectNoPageProblems(page);
    await page.close();
  });
});

// Last: these add turns to the shared viewer.
describe('live data', () => {
  it('shows a new turn without a reload and keeps the filters', async () => {
    const page = await openPage();
    await page.goto(`${viewer.url}/?agent=support-agent&range=1h`);
    await row(page, turns.ok.traceId).waitFor();
    const harness = createHarness();
    harness.register();
    let fresh: ExportedTurn;
    try {
      fresh = await exportScenario(harness, viewer.url, 'S1');
    } finally {
      await harness.shutdown();
    }
    // The list polls every 3 s: the new turn arrives on top, the filters are untouched.
    await row(page, fresh.traceId).waitFor({ timeout: 10_000 });
    await expect(testId(page, 'turn-row').first().getAttribute('data-trace-id')).resolves.toBe(fresh.traceId);
    await expect(testId(page, 'filter-agent').inputValue()).resolves.toBe('support-agent');
    await expect(testId(page, 'filter-range').inputValue()).resolves.toBe('1h');
    expect(new URL(page.url()).search).toBe('?agent=support-agent&range=1h');
    await expect(testId(page, 'turn-count').textContent()).resolves.toBe('4 turns');
    expectNoPageProblems(page);
    await page.close();
  });

  it('shows markup in span names and attributes as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__injected=1"><b>bold</b>';
    const trace = traceId();
    const root = spanId();
    const now = Date.now();
    const body = otlpRequest([
      {
        traceId: trace,
        spanId: root,
        name: `invoke_agent ${hostile}`,
        startMs: now,
        durationMs: 20,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': hostile, 'gen_ai.conversation.id': hostile },
      },
      {
        traceId: trace,
        parentSpanId: root,
        name: hostile,
        startMs: now + 5,
        durationMs: 5,
        attributes: { 'custom.note': hostile, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: hostile }] }]) },
      },
    ]);
    const response = await fetch(`${viewer.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);

    const page = await openPage();
    await page.goto(viewer.url);
    const hostileRow = row(page, trace);
    await hostileRow.waitFor();
    await expect(hostileRow.locator('[data-col="agent"]').textContent()).resolves.toBe(hostile);
    await expect(hostileRow.locator('[data-col="conversation"]').textContent()).resolves.toBe(hostile);
    await hostileRow.click();
    await page.locator('[data-testid="turn-page"][data-state="ready"]').waitFor();
    await expect(testId(page, 'span-name').allTextContents()).resolves.toEqual([`invoke_agent ${hostile}`, hostile]);
    await selectSpan(page, hostile);
    await expect(testId(page, 'other-attributes').textContent()).resolves.toContain(hostile);
    await expect(testId(page, 'messages').textContent()).resolves.toContain(hostile);
    await expect(page.locator('main img, main b').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as unknown as { __injected?: number }).__injected)).resolves.toBeUndefined();
    expectNoPageProblems(page);
    await page.close();
  });

  it('shows the time to first chunk of a streamed chat', async () => {
    const harness = createHarness();
    harness.register();
    let streamed: ExportedTurn;
    try {
      streamed = await exportScenario(harness, viewer.url, 'S4');
    } finally {
      await harness.shutdown();
    }
    // The second chat (the streamed answer) is the one opened below.
    const chats = streamed.spans
      .filter((span) => span.attributes['gen_ai.operation.name'] === 'chat')
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    const ttft = chats[1]?.attributes['gen_ai.response.time_to_first_chunk'];
    expect(ttft).toBeGreaterThan(0);
    const page = await openPage();
    await openTurn(page, streamed.traceId);
    await selectSpan(page, 'chat gpt-4o-mini', 1);
    const details = testId(page, 'span-details');
    await expect(details.locator('[data-testid="attr-gen_ai.request.stream"]').textContent()).resolves.toBe('yes');
    const ttftField = details.locator('[data-testid="attr-gen_ai.response.time_to_first_chunk"] span');
    // "21 ms": a readable duration; the exact seconds, never in exponent notation, as its tooltip.
    expect(await ttftField.textContent()).toMatch(/^\d+(\.\d+)? (ms|s)$/);
    const title = (await ttftField.getAttribute('title')) ?? '';
    expect(title).toMatch(/^\d+(\.\d+)? s$/);
    expect(Number(title.replace(' s', ''))).toBeCloseTo(ttft as number, 12);
    expectNoPageProblems(page);
    await page.close();
  });
});
