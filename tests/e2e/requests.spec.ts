import { expect, test } from '@playwright/test';
import { waitForHighlighting } from './helpers';

test('no request leaves the page origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/?v=1&target=nginx&via=aws-alb');
  await waitForHighlighting(page);
  await page.getByRole('radio', { name: 'Elasticsearch' }).check({ force: true });
  await page.getByRole('combobox', { name: /Load balancers, NATs and firewalls/ }).fill('azure');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'SSH over satellite' }).click();
  await expect(page).toHaveURL(/\?v=1&idle=120&goal=600$/);
  await page.reload();
  await waitForHighlighting(page);
  expect(requests.length).toBeGreaterThan(3);
  const foreign = requests.filter(
    (u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'),
  );
  expect(foreign).toEqual([]);
});
