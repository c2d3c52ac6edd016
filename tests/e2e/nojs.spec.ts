import { expect, test } from '@playwright/test';
import { presetPath } from '../../lib/link';
import { PRESETS } from '../../lib/presets';
import { expectedSnippets, pageSnippets } from './helpers';

test.use({ javaScriptEnabled: false });

test('without JavaScript the page holds the default output', async ({ page }) => {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 2, name: /A dead peer is detected within|Idle connections/ }).first(),
  ).toBeVisible();
  expect(await pageSnippets(page)).toEqual(expectedSnippets('v=1'));
  await expect(page.getByRole('table').first()).toContainText('2 h 11 min 15 s');
});

test("without JavaScript every preset link opens its own page, whose HTML holds that preset's answer", async ({
  page,
}) => {
  await page.goto('/');
  for (const p of PRESETS) {
    const link = page.getByRole('navigation', { name: 'Common setups' }).getByRole('link', { name: p.title });
    await expect(link).toHaveAttribute('href', presetPath(p.id));
    await link.click();
    await expect(page).toHaveURL(presetPath(p.id));
    await expect(page.getByRole('heading', { level: 1, name: p.title })).toBeVisible();
    expect(await pageSnippets(page), p.id).toEqual(expectedSnippets(p.query));
    // The active preset is marked on its page too.
    await expect(
      page.getByRole('navigation', { name: 'Common setups' }).getByRole('link', { name: p.title }),
    ).toHaveAttribute('aria-current', 'true');
  }
});

test('without JavaScript the controls that cannot work say so', async ({ page }) => {
  for (const path of ['/', presetPath('ssh-satellite')]) {
    await page.goto(path);
    await expect(page.getByTestId('inputs-need-js')).toHaveText(/These inputs need JavaScript/);
    // Playwright's text matching skips <noscript>: the notes are found by test id.
    await expect(page.getByTestId('buttons-need-js')).toHaveText(/These buttons and the copy buttons need JavaScript/);
    await expect(page.getByTestId('buttons-need-js')).toBeVisible();
  }
});

test('an unknown preset page is a 404', async ({ page }) => {
  const response = await page.goto('/p/no-such-preset');
  expect(response?.status()).toBe(404);
});
