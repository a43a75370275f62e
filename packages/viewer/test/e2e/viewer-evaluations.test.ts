// Scores, feedback and prompt versions in a real browser: a thumbs-down arriving while the
// turn's page is open shows on the turn and on the span it rates, the list filters by prompt
// version and by score, and the trends page splits its charts and a table by prompt version.
// Writes screenshots to test-artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TurnRef } from '@agentspan/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type Viewer } from '../../src/index.js';
import { type Producer, producer } from '../support/rated-turns.js';
import { launchChromium } from './browser.js';
import { ARTIFACTS, artifact, expectNoPageProblems, openPage, row, rowIds, selectSpan, testId, waitForTurnPage } from './pages.js';

/** The page polls the server: on a loaded machine that can take a while. */
const POLL = { timeout: 20_000 };
let viewer: Viewer;
let browser: Browser;
let app: Producer;
let dir: string;
let v1: TurnRef;
let v2: TurnRef;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-evaluations-'));
  viewer = await startViewer({ port: 0, dbPath: join(dir, 'viewer.db') });
  app = producer(viewer);
  v1 = await app.turn('support-agent', { name: 'support-answer', version: 'v1' }, 1000);
  v2 = await app.turn('support-agent', { name: 'support-answer', version: 'v2' }, 100);
  await app.agentspan.recordFeedback(v2, { rating: 'up' });
  await app.flush();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await app?.shutdown();
  await browser?.close();
  await viewer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a turn rated while its page is open', () => {
  it('shows the thumbs-down and the comment on the turn and on the span it rates', async () => {
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/turns/${v1.traceId}`);
    await waitForTurnPage(page);
    await expect(testId(page, 'turn-prompts').textContent()).resolves.toContain('support-answer@v1');
    expect(await testId(page, 'turn-evaluations').count()).toBe(0);

    await app.agentspan.recordFeedback(v1, { rating: 'down', comment: 'Wrong order. Write to jane@example.com', userId: 'user-7' });
    await app.flush();
    const rows = page.locator('[data-testid="turn-evaluations-row"]');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    await expect(rows.locator('[data-testid="evaluation-score"]').textContent()).resolves.toContain('thumbs down');
    const comment = (await rows.locator('[data-testid="evaluation-comment"]').textContent()) ?? '';
    expect(comment).toMatch(/^Wrong order\. Write to /);
    expect(comment).not.toContain('jane@example.com');

    // The rated span is the turn's agent span: its panel lists the feedback, a chat's does not.
    await selectSpan(page, 'invoke_agent support-agent');
    await expect(page.locator('[data-testid="span-evaluations-row"]').count()).resolves.toBe(1);
    await selectSpan(page, 'chat gpt-4o-mini');
    await expect(page.locator('[data-testid="span-evaluations"]').count()).resolves.toBe(0);
    await page.screenshot({ path: artifact('turn-feedback.png'), fullPage: true });
    expectNoPageProblems(page);
  });
});

describe('the list', () => {
  it('filters by prompt version and by score', async () => {
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/`);
    await page.locator('[data-testid="turn-list"][data-state="ready"]').waitFor();
    await row(page, v1.traceId).waitFor();
    await expect.poll(async () => (await rowIds(page)).sort(), POLL).toEqual([v1.traceId, v2.traceId].sort());
    await expect.poll(() => testId(page, 'filter-prompt').locator('option').allTextContents(), POLL).toEqual(
      expect.arrayContaining(['support-answer@v1', 'support-answer@v2']),
    );
    await testId(page, 'filter-prompt').selectOption('support-answer@v2');
    await page.waitForURL(/prompt=support-answer%40v2/);
    await expect.poll(() => rowIds(page), POLL).toEqual([v2.traceId]);
    await testId(page, 'filter-prompt').selectOption('');
    await expect.poll(async () => (await rowIds(page)).length, POLL).toBe(2);

    // Only the turns a user rated below 0.5: the thumbs-down.
    await page.locator('[data-testid="more-filters"] summary').click();
    await testId(page, 'filter-evaluation').selectOption('user_feedback');
    await testId(page, 'filter-maxScore').fill('0.4');
    await testId(page, 'filter-maxScore').press('Enter');
    await page.waitForURL(/maxScore=0\.4/);
    await expect.poll(() => rowIds(page), POLL).toEqual([v1.traceId]);
    expectNoPageProblems(page);
  });
});

describe('the trends page', () => {
  it('splits latency, cost and score by prompt version and compares the versions in a table', async () => {
    const page = await openPage(browser);
    await page.goto(`${viewer.url}/trends?range=1h`);
    await page.locator('[data-testid="trends-page"][data-state="ready"]').waitFor();
    for (const chart of ['chart-prompt-latency', 'chart-prompt-cost', 'chart-prompt-score']) {
      await expect(testId(page, chart).locator('.chart-legend li').allTextContents()).resolves.toEqual(['support-answer@v1', 'support-answer@v2']);
    }
    await expect(testId(page, 'chart-prompt-score').locator('figcaption').textContent()).resolves.toContain('user_feedback');
    const rows = page.locator('[data-testid="trend-prompts-row"]');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain('user_feedback 0 (1)');
    await expect(rows.nth(1).textContent()).resolves.toContain('user_feedback 1 (1)');
    await page.screenshot({ path: artifact('trends-prompts.png'), fullPage: true });
    expectNoPageProblems(page);
  });
});
