// The export's one script is the configurator's island (scripts/island.mjs, components/island.tsx):
// it must take over the HTML the build rendered as it is. React replaces what it cannot match
// (a tree rendered from another query, another site URL, an id that differs) by rendering on the
// client, and reports it; here the nodes the browser parsed are marked before any script runs,
// and after hydration they must still be the page's nodes, now owned by React, with nothing reported.
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl, waitForHighlighting } from './helpers';

declare global {
  interface Window {
    kcParsed?: Element[];
  }
}

const PAGES = ['/', '/p/postgres-aws-nat.html', '/p/redis-azure-cache.html'];

for (const path of PAGES) {
  test(`${path}: the island hydrates the configurator's HTML in place, with no error`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    // Parsed before the loader starts any script (it waits for the first paint).
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        window.kcParsed = [
          ...document.querySelectorAll(
            '#configurator input, #configurator [data-snippet], #configurator [data-testid], #results',
          ),
        ];
      });
    });
    await page.goto(path);
    await waitForHighlighting(page);
    const kept = await page.evaluate(() => {
      const parsed = window.kcParsed ?? [];
      const owned = (e: Element) => Object.keys(e).some((k) => k.startsWith('__reactFiber$'));
      return { parsed: parsed.length, inPage: parsed.filter((e) => e.isConnected && owned(e)).length };
    });
    expect(kept.parsed, 'the build rendered the configurator').toBeGreaterThan(20);
    expect(kept.inPage, 'every parsed node is still in the page, and React owns it').toBe(kept.parsed);
    expect(errors).toEqual([]);
    // And it is live: an edit changes the address and the snippets.
    await page.getByRole('radio', { name: 'MySQL / MariaDB', exact: true }).check({ force: true });
    await expect(page).toHaveURL(/target=mysql/);
    await expectPageMatchesUrl(page);
  });
}

test('a page of text (the 404) loads no script', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/404.html');
  await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
  await page.waitForLoadState('load');
  expect(scripts).toEqual([]);
});
