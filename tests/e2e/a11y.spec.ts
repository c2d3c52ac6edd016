import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectPageMatchesUrl } from './helpers';

/**
 * axe-core over the whole page, every rule it runs by default (WCAG 2.x A and AA, best practices), with
 * every code block highlighted first: the syntax colours are what the contrast rule judges.
 */
async function violations(page: Page) {
  await expectPageMatchesUrl(page);
  const cards = page.locator('[data-snippet]');
  for (let i = 0; i < (await cards.count()); i++) {
    await cards.nth(i).scrollIntoViewIfNeeded();
    await expect(cards.nth(i).locator('pre span[style]').first()).toBeAttached({ timeout: 15_000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  const { violations } = await new AxeBuilder({ page }).analyze();
  // One line per failing node, so a failure names the rule and the element.
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
  );
}

const STATES = [
  { name: 'the default state', query: '' },
  {
    name: 'postgres through a NAT gateway, Advanced open',
    query: '?v=1&target=postgres&via=aws-natgw',
    advanced: true,
  },
  // An unknown key gives the notice; the draft typed afterwards leaves a field invalid.
  { name: 'a notice and an invalid field', query: '?v=1&target=mysql&bogus=1', invalid: true },
] as const;

for (const scheme of ['light', 'dark'] as const) {
  for (const state of STATES) {
    test(`axe finds no violations: ${state.name}, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/${state.query}`);
      await expectPageMatchesUrl(page);
      if ('advanced' in state) {
        await page.getByText('Advanced: versions, explicit values, names').click();
        await expect(page.locator('details[open]')).toHaveCount(1);
      }
      if ('invalid' in state) {
        await expect(page.locator('[data-ignored]')).toHaveCount(1);
        await page.getByLabel('Detect a dead peer within (optional)', { exact: true }).fill('soon');
        await expect(page.locator('#field-goal-error')).toBeVisible();
      }
      expect(await violations(page)).toEqual([]);
    });
  }
}

for (const width of [375, 768] as const) {
  test(`axe finds no violations at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/?v=1&target=postgres&via=aws-natgw');
    expect(await violations(page)).toEqual([]);
  });
}
