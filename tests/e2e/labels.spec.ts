import { expect, test } from '@playwright/test';
import { TARGETS } from '../../lib/catalog';
import { expectPageMatchesUrl } from './helpers';

// Labels name what a field is. These were found too vague to act on.
const VAGUE = [/^Server$/, /T:I:P/, /^What keeps the connection$/];

test('no input is labelled vaguely, in any target, Advanced open', async ({ page }) => {
  for (const target of TARGETS) {
    await page.goto(`/?v=1&target=${target}&keepalive=60:10:6`);
    await expectPageMatchesUrl(page);
    const names = await page.locator('form label, form legend, form summary').allTextContents();
    expect(names.length).toBeGreaterThan(5);
    const vague = names.map((n) => n.trim()).filter((n) => VAGUE.some((v) => v.test(n)));
    expect(vague, target).toEqual([]);
  }
  // One radio per target of the catalogue (lib/catalog.ts): seven since Redis and gRPC.
  await expect(page.getByRole('group', { name: 'The software whose connections drop' }).getByRole('radio')).toHaveCount(
    TARGETS.length,
  );
});
