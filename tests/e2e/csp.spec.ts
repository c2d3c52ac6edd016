// The page needs no inline style (scripts/csp.mjs: style-src 'self'): no state of it makes the
// browser refuse anything. The highlighter's colours are React style props, set through the CSSOM,
// which CSP allows; a style attribute in the served HTML, or an inline <style>, would be refused.
// Violations are counted from the moment the document exists, on the securitypolicyviolation
// event and in the console, up to a barrier (watch.ts).
import { expect, test, type Page } from '@playwright/test';
import { expectPageMatchesUrl, waitForHighlighting } from './helpers';
import { raised, watch, type Watch } from './watch';

async function expectNothingRaised(page: Page, w: Watch): Promise<void> {
  expect(await raised(page, w)).toEqual({ violations: [], console: [] });
}

test('the default page raises no violation, before and after highlighting', async ({ page, baseURL }) => {
  const w = await watch(page, new URL(baseURL ?? '').origin);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: /A dead peer is detected within/ })).toBeVisible();
  // The served HTML as parsed (a style attribute or <style> in it would be refused now).
  await expectNothingRaised(page, w);
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
  await expectNothingRaised(page, w);
  expect(w.foreign).toEqual([]);
});

test('edits that highlight new code raise no violation', async ({ page, baseURL }) => {
  const w = await watch(page, new URL(baseURL ?? '').origin);
  await page.goto('/');
  await waitForHighlighting(page);
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  // A card that did not exist before: its code is tokenized and coloured anew.
  // Colouring starts once a block is within a screen of the viewport: bring the card near first.
  await expect(async () => {
    await page
      .locator('[data-snippet="postgresql-conf"] pre')
      .evaluate((pre) => pre.scrollIntoView({ block: 'nearest' }));
    await expect(page.locator('[data-snippet="postgresql-conf"] pre span[style]').first()).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 15_000 });
  await page.getByLabel('Idle timeout of the path', { exact: true }).fill('100');
  await expect(page).toHaveURL(/[?&]idle=100(&|$)/);
  await expectPageMatchesUrl(page);
  await expect(
    page.locator('[data-snippet="postgresql-conf"] pre span[style]').filter({ hasText: 'idle=100' }).first(),
  ).toBeVisible();
  await expectNothingRaised(page, w);
  expect(w.foreign).toEqual([]);
});

test('the middlebox picker, opened, searched and picked from, raises no violation', async ({ page, baseURL }) => {
  const w = await watch(page, new URL(baseURL ?? '').origin);
  await page.goto('/');
  await waitForHighlighting(page);
  const search = page.getByRole('combobox', { name: /Load balancers, NATs and firewalls/ });
  await search.focus();
  await expect(page.getByRole('listbox', { name: 'Known middleboxes' })).toBeVisible();
  await page.keyboard.type('azure');
  await expect(page.getByRole('option').first()).toContainText('Azure');
  await expectNothingRaised(page, w);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]via=azure/);
  await expectPageMatchesUrl(page);
  await expectNothingRaised(page, w);
  expect(w.foreign).toEqual([]);
});

test('the dark page raises no violation, and its code takes the dark colours', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  try {
    const page = await context.newPage();
    const w = await watch(page, new URL(baseURL ?? '').origin);
    await page.goto('/?v=1&target=nginx');
    await waitForHighlighting(page);
    await expectPageMatchesUrl(page);
    // The stylesheet's dark rule (app/globals.css) is applied: a token shows its --shiki-dark colour.
    const colours = await page
      .locator('[data-snippet] pre span[style]')
      .first()
      .evaluate((span) => {
        const probe = document.createElement('i');
        probe.style.color = (span as HTMLElement).style.getPropertyValue('--shiki-dark');
        span.after(probe);
        const dark = getComputedStyle(probe).color;
        probe.remove();
        return {
          dark: matchMedia('(prefers-color-scheme: dark)').matches,
          shown: getComputedStyle(span).color,
          wanted: dark,
        };
      });
    expect(colours.dark).toBe(true);
    expect(colours.shown).toBe(colours.wanted);
    await expectNothingRaised(page, w);
  } finally {
    await context.close();
  }
});

test('the 404 page raises no violation', async ({ page, baseURL }) => {
  const w = await watch(page, new URL(baseURL ?? '').origin);
  const response = await page.goto('/404.html');
  expect(response?.status()).toBe(200);
  // A page of text: scripts/island.mjs leaves it no script, inline or external, so nothing can be refused.
  await expect(page.locator('script')).toHaveCount(0);
  await expectNothingRaised(page, w);
  await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'the start page' })).toHaveAttribute('href', '/');
  expect(w.foreign).toEqual([]);
});
