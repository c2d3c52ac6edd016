import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl } from './helpers';

// `npm run screenshots` refreshes the README's pictures; a test run keeps its own under test-results/.
const DIR = fileURLToPath(
  new URL(`../../${process.env.SCREENSHOT_DIR ?? 'test-results/screenshots'}/`, import.meta.url),
);
// Three widths (a phone, a tablet, a laptop), each light and dark. In one column (phone, tablet) the
// picture runs on below the first screen, far enough to show the results under the inputs: the
// headline, the timeline and the table.
const WIDTHS = [
  { name: 'mobile', width: 375, height: 812, tall: 3000 },
  { name: 'tablet', width: 768, height: 1024, tall: 2100 },
  { name: 'desktop', width: 1440, height: 900, tall: undefined },
] as const;
const SHOTS = WIDTHS.flatMap((w) =>
  (['light', 'dark'] as const).map((colorScheme) => ({ ...w, colorScheme, name: `${w.name}-${colorScheme}` })),
);

for (const shot of SHOTS) {
  test(`screenshot ${shot.name}`, async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: shot.height },
      colorScheme: shot.colorScheme,
    });
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
    // Boxes that skip off-screen work (content-visibility: auto) are drawn in the frame after they come
    // near the screen again: wait for two frames, or the picture can catch them empty.
    await page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );
    // The layout holds at this width: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(shot.width);
    const clip = shot.tall === undefined ? undefined : { x: 0, y: 0, width: shot.width, height: shot.tall };
    // A picture taller than the screen would show the boxes below it empty (content-visibility: auto
    // skips them): draw them all for it, through the CSSOM (the page's CSP refuses injected style sheets).
    if (clip) {
      await page.evaluate(() => {
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('*'))) {
          if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
        }
      });
      await page.evaluate(
        () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
      );
    }
    await page.screenshot({ path: `${DIR}${shot.name}.png`, fullPage: clip !== undefined, clip });
    await context.close();
  });
}
