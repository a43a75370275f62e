// Page helpers shared by the browser tests: a page that records script errors, and locators.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const artifact = (name: string): string => join(ARTIFACTS, name);

type CheckedPage = Page & { problems: string[] };

/** A new page that records page errors and console errors (checked by expectNoPageProblems). */
export async function openPage(browser: Browser, width = 1440, height = 900): Promise<Page> {
  const page = (await browser.newPage({ viewport: { width, height }, colorScheme: 'light' })) as CheckedPage;
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console error: ${message.text()}`);
  });
  return page;
}

/** No script error and no failed request in the page. */
export function expectNoPageProblems(page: Page): void {
  expect((page as CheckedPage).problems).toEqual([]);
}

export const testId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
export const row = (page: Page, traceId: string) => page.locator(`[data-testid="turn-row"][data-trace-id="${traceId}"]`);

export async function waitForTurnPage(page: Page): Promise<void> {
  await page.locator('[data-testid="turn-page"][data-state="ready"]').waitFor();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Clicks the nth span row named exactly `name` and waits for its panel. */
export async function selectSpan(page: Page, name: string, nth = 0): Promise<void> {
  const spanRow = page.locator('[data-testid="span-row"]').filter({
    has: page.locator('[data-testid="span-name"]', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
  });
  await spanRow.nth(nth).click();
  const spanId = await spanRow.nth(nth).getAttribute('data-span-id');
  await page.locator(`[data-testid="span-details"][data-span-id="${spanId}"]`).waitFor();
}

/** The trace ids of the rows on screen, in order. */
export function rowIds(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid="turn-row"][data-trace-id]').evaluateAll((rows) =>
    rows
      .map((r) => ({ id: r.getAttribute('data-trace-id'), index: Number(r.closest('.vrow')?.getAttribute('data-index')) }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.id),
  );
}
