import { expect, test, type Page } from '@playwright/test';
import { TARGETS } from '../../lib/catalog';
import { expectPageMatchesUrl } from './helpers';

/** WCAG 2.2 success criterion 2.5.8 (Target Size, Minimum, AA): 24 by 24 CSS pixels. */
const MIN_TARGET = 24;

/**
 * Every interactive element whose target is smaller than 24 × 24 CSS px, as "what: width×height". A
 * control's target is its own box together with its labels' boxes (a click on the label acts on it: a
 * visually hidden radio is its label); a link inside a sentence is the criterion's inline exception.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    // Off-screen cards skip layout (content-visibility: auto), which would hide their buttons' sizes.
    // (Through the CSSOM: the page's CSP refuses an injected style sheet.)
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('*'))) {
      if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
    }
    const selector =
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role=button], [role=option], [role=checkbox], [role=radio], [role=switch], [role=tab]';
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (el.closest('[hidden], [inert]') || getComputedStyle(el).visibility === 'hidden') continue;
      const measure = () => {
        const boxes = [el.getBoundingClientRect()];
        if ('labels' in el && el.labels)
          for (const l of Array.from(el.labels as NodeListOf<HTMLLabelElement>)) boxes.push(l.getBoundingClientRect());
        return boxes.filter((b) => b.width > 1 && b.height > 1);
      };
      let shown = measure();
      // Shown only on focus (the skip link): its target is the focused box.
      if (shown.length === 0) {
        el.focus();
        shown = measure();
        el.blur();
      }
      if (shown.length === 0) continue; // not rendered
      const left = Math.min(...shown.map((b) => b.left));
      const right = Math.max(...shown.map((b) => b.right));
      const top = Math.min(...shown.map((b) => b.top));
      const bottom = Math.max(...shown.map((b) => b.bottom));
      const inline =
        el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.parentElement?.closest('p, li') !== null;
      if (inline) continue;
      if (right - left < min - 0.01 || bottom - top < min - 0.01) {
        const name =
          el.getAttribute('aria-label') ?? (el.textContent?.trim() || el.getAttribute('name') || '').slice(0, 40);
        const value = el instanceof HTMLInputElement ? `[${el.type}=${el.value}]` : '';
        small.push(
          `${el.tagName.toLowerCase()}${value}${el.id ? `#${el.id}` : ''} "${name}": ${Math.round(right - left)}×${Math.round(bottom - top)}`,
        );
      }
    }
    return small;
  }, MIN_TARGET);
}

for (const width of [375, 1440] as const) {
  test(`every tap target is at least 24 × 24 px at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/?v=1&target=postgres&via=aws-natgw');
    await expectPageMatchesUrl(page);
    await page.getByText('Advanced: versions, explicit values, names').click();
    expect(await smallTargets(page)).toEqual([]);
  });
}

test('the measurement finds a small target', async ({ page }) => {
  await page.goto('/');
  await expectPageMatchesUrl(page);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.textContent = 'x';
    b.style.cssText = 'font-size: 10px; padding: 0; border: 0; line-height: 1';
    // Outside the configurator: React owns that region from hydration on, and a node it did not
    // render there is dropped when it hydrates (a clean CI run under load appended it first).
    document.body.append(b);
  });
  expect((await smallTargets(page)).some((s) => s.startsWith('button "x"'))).toBe(true);
});

// The layer table at a phone's width: it fits, nothing in it or around it scrolls sideways. The
// planned values and the user's own give different formulas, so both.
for (const target of TARGETS) {
  for (const extra of ['', '&keepalive=60:10:6&user_timeout=90000&via=aws-natgw']) {
    const query = `v=1&target=${target}${extra}`;
    test(`at 375 px the layer table reads without scrolling sideways: ${query}`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto(`/?${query}`);
      await expectPageMatchesUrl(page);
      const table = page.getByRole('table', { name: 'Time to notice a dead peer, per layer' });
      await table.scrollIntoViewIfNeeded();
      await expect(table.getByRole('row')).not.toHaveCount(0);
      const widths = await table.evaluate((t) => {
        // A box that scrolls sideways (a visually hidden 1 px header clips, but nobody reads it there).
        const overflow = [t.parentElement ?? t, t, ...Array.from(t.querySelectorAll('*'))]
          .filter(
            (e) =>
              e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible',
          )
          .map((e) => `${e.tagName} ${e.scrollWidth}/${e.clientWidth}`);
        const box = t.getBoundingClientRect();
        const outside = Array.from(t.querySelectorAll('th, td, span')).filter(
          (e) => e.getBoundingClientRect().right > box.right + 1,
        );
        return {
          table: Math.ceil(box.right),
          page: document.documentElement.scrollWidth,
          scrollers: overflow,
          outside: outside.map((e) => e.textContent?.slice(0, 30)),
        };
      });
      expect(widths.outside).toEqual([]);
      expect(widths.scrollers).toEqual([]);
      expect(widths.table).toBeLessThanOrEqual(375);
      expect(widths.page).toBeLessThanOrEqual(375);
      // Each row still names its layer, with the before and after cells beside each other.
      const first = table.getByRole('row').nth(1);
      await expect(first.getByRole('rowheader')).toBeVisible();
      await expect(first.getByRole('cell')).toHaveCount(2);
    });
  }
}
