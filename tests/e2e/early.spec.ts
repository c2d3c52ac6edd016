// The page paints before its JavaScript runs (scripts/afterpaint.mjs). Edits made in that gap are
// kept: the form keeps them natively, and components/earlyInput.ts replays them once React is live.
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl } from './helpers';

test('a target and a timeout chosen before the scripts arrive are applied once they do', async ({ page }) => {
  let released = 0;
  // Every chunk is held back a second: long enough to edit the painted page before React is live.
  await page.route('**/_next/static/chunks/*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    released++;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'commit' });
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  await page.getByLabel('Idle timeout of the path', { exact: true }).fill('100');
  expect(released, 'the edits were made before any script arrived').toBe(0);
  await expect(page).toHaveURL(/\?v=1&target=postgres&idle=100$/);
  await expect(page.getByRole('radio', { name: 'PostgreSQL' })).toBeChecked();
  await expect(page.getByLabel('Idle timeout of the path', { exact: true })).toHaveValue('100');
  await expectPageMatchesUrl(page);
});
