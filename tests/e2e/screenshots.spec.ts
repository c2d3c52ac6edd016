import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl } from './helpers';

// `npm run screenshots` refreshes the README's pictures; a test run keeps its own under test-results/.
const DIR = fileURLToPath(new URL(`../../${process.env.SCREENSHOT_DIR ?? 'test-results/screenshots'}/`, import.meta.url));
const SHOTS = [
  { name: 'desktop', width: 1440, height: 900, colorScheme: 'light' },
  { name: 'mobile', width: 375, height: 812, colorScheme: 'light', fullPage: true },
  { name: 'dark', width: 1440, height: 900, colorScheme: 'dark' },
] as const;

for (const shot of SHOTS) {
  test(`screenshot ${shot.name}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: shot.width, height: shot.height }, colorScheme: shot.colorScheme });
    const page = await context.newPage();
    await page.goto('/?v=1&target=postgres&via=aws-natgw');
    await expectPageMatchesUrl(page);
    // Code is highlighted only near the screen: bring each card near until it is coloured, then
    // back to the top. (Off-screen cards are not even laid out, so a quick pass can miss some.)
    const cards = page.locator('[data-snippet]');
    for (let i = 0; i < (await cards.count()); i++) {
      await cards.nth(i).scrollIntoViewIfNeeded();
      await expect(cards.nth(i).locator('pre span[style]').first()).toBeAttached({ timeout: 15_000 });
    }
    await expect(page.locator('[data-snippet] pre:not(:has(span[style]))')).toHaveCount(0, { timeout: 15_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    // The layout holds at this width: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(shot.width);
    await page.screenshot({ path: `${DIR}${shot.name}.png`, fullPage: 'fullPage' in shot });
    await context.close();
  });
}
