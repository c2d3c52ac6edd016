import { expect, test } from '@playwright/test';
import { run } from '../../lib/engine';
import { settledSummary } from '../../components/results/announce';
import { currentQuery, expectPageMatchesUrl, waitForHighlighting } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
});

test('while a field is invalid the results say they show the last valid state, and stop saying it once fixed', async ({
  page,
}) => {
  const goal = page.getByLabel('Detect a dead peer within (optional)', { exact: true });
  const results = page.getByRole('main');
  await goal.fill('90');
  await expect(page).toHaveURL(/[?&]goal=90(&|$)/);
  await expect(page.locator('#stale-marker')).toHaveCount(0);
  await goal.fill('soon');
  const marker = page.locator('#stale-marker');
  await expect(marker).toBeVisible();
  await expect(marker).toHaveText(/^Showing the last valid state: the detection goal is not valid/);
  // Screen readers hear it with the results: it describes the main region.
  await expect(results).toHaveAccessibleDescription(/Showing the last valid state/);
  // The results are those of goal=90, the last valid value.
  await expect(page).toHaveURL(/[?&]goal=90(&|$)/);
  await expectPageMatchesUrl(page);
  await goal.fill('120');
  await expect(marker).toHaveCount(0);
  await expect(results).not.toHaveAccessibleDescription(/last valid state/);
});

test('the live regions say one settled summary after typing, not one per keystroke', async ({ page }) => {
  // Every change of text inside any live region (polite or assertive, explicit or by role), in order.
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const live = '[aria-live]:not([aria-live="off"]), [role=status], [role=alert], [role=log]';
    new MutationObserver((records) => {
      const regions = new Set<Element>();
      for (const r of records) {
        const node = r.target instanceof Element ? r.target : r.target.parentElement;
        const region = node?.closest(live);
        if (region && region.getAttribute('data-testid') !== 'announcer') regions.add(region);
        // An alert is read out when it is inserted, wherever it lands.
        for (const added of Array.from(r.addedNodes)) {
          if (added instanceof Element)
            for (const alert of [added, ...Array.from(added.querySelectorAll('*'))].filter((e) =>
              e.matches('[role=alert]'),
            ))
              regions.add(alert);
        }
      }
      for (const region of regions) if ((region.textContent ?? '').trim() !== '') said.push(region.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const idle = page.getByLabel('Idle timeout of the path', { exact: true });
  await idle.focus();
  await page.keyboard.type('1');
  await page.keyboard.type('2');
  await page.keyboard.type('0');
  await expect(page).toHaveURL(/[?&]idle=120(&|$)/);
  const summary = settledSummary(run(currentQuery(page)).plan, []);
  await expect(page.getByTestId('results-status')).toHaveText(summary, { timeout: 15_000 });
  const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
  expect(said).toEqual([summary]);
});
