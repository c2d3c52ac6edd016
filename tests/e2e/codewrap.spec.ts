import { expect, test, type Locator } from '@playwright/test';
import { expectPageMatchesUrl, waitForHighlighting } from './helpers';

/** How far the block's text reaches past its box; 0 when every line fits. */
const overflow = (pre: Locator) => pre.evaluate((p) => p.scrollWidth - p.clientWidth);

test.use({ viewport: { width: 375, height: 812 } });

test('the wrap toggle: keyboard operable, its state announced, long lines wrap, kept for the page view', async ({
  page,
}) => {
  await page.goto('/?v=1&target=postgres&via=aws-natgw');
  await expectPageMatchesUrl(page);
  const card = page.locator('[data-snippet="libpq"]');
  await card.scrollIntoViewIfNeeded();
  await waitForHighlighting(page);
  const pre = card.locator('pre');
  const toggle = card.getByRole('button', { name: 'Wrap lines' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await overflow(pre)).toBeGreaterThan(0);
  const text = await pre.textContent();

  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => overflow(pre)).toBe(0);
  // The same characters: wrapping is presentation, the copied text is unchanged.
  expect(await pre.textContent()).toBe(text);

  // One choice for the page: another card wraps too, and it stays through edits and another target.
  const other = page.locator('[data-snippet="sysctl"] pre');
  await expect(other).toHaveAttribute('data-wrap', 'true');
  await page.getByRole('radio', { name: 'SSH' }).check({ force: true });
  await expect(page.locator('[data-snippet="ssh-config"]')).toBeVisible();
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  await expect(page.locator('[data-snippet="libpq"] pre')).toHaveAttribute('data-wrap', 'true');
  await expect(page.locator('[data-snippet="libpq"]').getByRole('button', { name: 'Wrap lines' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // Space turns it off again.
  const again = page.locator('[data-snippet="libpq"]').getByRole('button', { name: 'Wrap lines' });
  await again.focus();
  await page.keyboard.press('Space');
  await expect(again).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('[data-snippet="libpq"] pre')).toHaveAttribute('data-wrap', 'false');

  // A new page view starts unwrapped.
  await again.click();
  await expect(again).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expectPageMatchesUrl(page);
  await expect(page.locator('[data-snippet="libpq"]').getByRole('button', { name: 'Wrap lines' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});
