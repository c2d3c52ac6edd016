import { expect, test, type Page } from '@playwright/test';

const VIEWPORT = { width: 1440, height: 900 };

async function codeBoxes(page: Page) {
  return page.locator('[data-snippet] pre').evaluateAll((pres) =>
    pres.map((p) => {
      const r = p.getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height), text: p.textContent };
    }),
  );
}

test('highlighting arrives after first paint, changes colours only, and moves nothing', async ({ browser }) => {
  const plain = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: false });
  const plainPage = await plain.newPage();
  await plainPage.goto('/');
  await expect(plainPage.locator('[data-snippet] pre span[style]')).toHaveCount(0);
  const before = await codeBoxes(plainPage);
  await plain.close();

  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto('/');
  // Not waitForHighlighting, which scrolls: at 1440 x 900 the home page's first card is within a screen
  // of the viewport, and the boxes must be measured where they were, with the same cards laid out.
  await expect(page.locator('[data-snippet] pre span[style]').first()).toBeVisible({ timeout: 15_000 });
  const after = await codeBoxes(page);
  await context.close();

  expect(before.length).toBeGreaterThan(5);
  expect(after).toEqual(before);
});
