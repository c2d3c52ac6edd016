// The page paints before its JavaScript runs (scripts/afterpaint.mjs). Edits made in that gap are
// kept: the form keeps them natively, and components/earlyInput.ts replays them once React is live.
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl } from './helpers';

test('a target and a timeout chosen before the scripts arrive are applied once they do', async ({ page }) => {
  // Every chunk is held until the edits are made, however long they take: the route answers only
  // once the test opens the gate.
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held: string[] = [];
  let released = 0;
  await page.route('**/_next/static/chunks/*.js', async (route) => {
    held.push(route.request().url());
    await gate;
    released++;
    await route.continue();
  });
  try {
    await page.goto('/', { waitUntil: 'commit' });
    await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
    await page.getByLabel('Idle timeout of the path', { exact: true }).fill('100');
    // The painted page asked for its scripts (so the loader ran and they are what waits), and none has arrived.
    await expect.poll(() => held.length).toBeGreaterThan(0);
    expect(released, 'the edits were made before any script arrived').toBe(0);
  } finally {
    open();
  }
  await expect(page).toHaveURL(/\?v=1&target=postgres&idle=100$/);
  await expect(page.getByRole('radio', { name: 'PostgreSQL' })).toBeChecked();
  await expect(page.getByLabel('Idle timeout of the path', { exact: true })).toHaveValue('100');
  await expectPageMatchesUrl(page);
});
