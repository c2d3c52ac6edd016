import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { run } from '../../lib/engine';
import { cli, currentQuery, expectPageMatchesUrl } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const QUERY = 'v=1&target=postgres&via=aws-natgw';

test('each copy button puts exactly its snippet on the clipboard and says so', async ({ page }) => {
  await page.goto(`/?${QUERY}`);
  // The painted page has buttons before React is live: wait until it shows the link's snippets.
  await expectPageMatchesUrl(page);
  const { snippets } = run(QUERY, { siteUrl: process.env.SITE_URL || undefined });
  expect(snippets.length).toBeGreaterThan(5);
  for (const s of snippets) {
    const card = page.locator(`[data-snippet="${s.id}"]`);
    await card.getByRole('button', { name: `Copy ${s.title}` }).click();
    await expect(page.getByTestId('announcer')).toHaveText(`Copied ${s.title}`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(s.text);
    await page.evaluate(() => navigator.clipboard.writeText(''));
  }
});

test('the runbook download and copy equal the CLI --format markdown', async ({ page }) => {
  await page.goto(`/?${QUERY}`);
  await expect(page.locator('[data-snippet="postgresql-conf"]')).toBeVisible();
  const expected = cli(currentQuery(page), 'markdown');
  expect(expected).toContain('# Keepalive runbook');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download .*\.md$/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('keepalive-postgres.md');
  const path = await download.path();
  expect(await readFile(path, 'utf8')).toBe(expected);

  await page.getByRole('button', { name: 'Copy all as Markdown runbook' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Copied the runbook');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
});
