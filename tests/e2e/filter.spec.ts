import { expect, test } from '@playwright/test';
import { currentQuery, expectPageMatchesUrl, pageSnippets, waitForHighlighting } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('"What you run" filters the cards by keyboard, the URL holds it, and the runbook follows', async ({ page }) => {
  await page.goto('/?v=1&target=postgres');
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
  const runs = page.getByTestId('runs-field');
  // Keyboard only: Tab reaches each control, arrows move the radios, Space toggles a checkbox.
  await runs.getByRole('radio', { name: 'both ends' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(runs.getByRole('radio', { name: 'the end that connects (client)' })).toBeChecked();
  await runs.getByLabel('Containers (docker, compose, Kubernetes)').focus();
  await page.keyboard.press('Space');
  await runs.getByRole('checkbox', { name: 'Go' }).focus();
  await page.keyboard.press('Space');
  await runs.getByRole('checkbox', { name: 'Java' }).focus();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\?v=1&target=postgres&side=client&containers=no&lang=python,node$/);
  await expectPageMatchesUrl(page);
  const ids = Object.keys(await pageSnippets(page));
  expect(ids).toEqual([
    'libpq',
    'psycopg',
    'pgbouncer-ini',
    'sqlalchemy',
    'psycopg-pool',
    'node-postgres',
    'sysctl',
    'code-python',
    'code-node',
    'verify',
  ]);

  await page.getByRole('button', { name: 'Copy all as Markdown runbook' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Copied the runbook');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  const titles = md.split('\n').filter((l) => l.startsWith('## ') && l !== '## Warnings');
  const shownTitles = await page.locator('[data-snippet]').evaluateAll((cards) => cards.length);
  expect(titles).toHaveLength(shownTitles);
  expect(md).toContain(
    'Shown: only the end that connects (client); no container settings; code in Python, Node.js only.',
  );
  expect(md).not.toContain('## Kubernetes pod sysctls');

  // Back to everything: the defaults write nothing.
  await runs.getByRole('radio', { name: 'both ends' }).check();
  await runs.getByLabel('Containers (docker, compose, Kubernetes)').check();
  await runs.getByRole('checkbox', { name: 'Go' }).check();
  await runs.getByRole('checkbox', { name: 'Java' }).check();
  await expect.poll(() => currentQuery(page)).toBe('v=1&target=postgres');
  await expectPageMatchesUrl(page);
});

test('a link with a filter opens filtered, and a bad filter value is named', async ({ page }) => {
  await page.goto('/?v=1&target=mysql&side=server&lang=none');
  await expectPageMatchesUrl(page);
  expect(Object.keys(await pageSnippets(page))).toEqual([
    'my-cnf',
    'sysctl',
    'docker',
    'compose',
    'kubernetes',
    'verify',
  ]);
  const runs = page.getByTestId('runs-field');
  await expect(runs.getByRole('radio', { name: 'the end that accepts (server)' })).toBeChecked();
  for (const l of ['Python', 'Node.js', 'Go', 'Java'])
    await expect(runs.getByRole('checkbox', { name: l })).not.toBeChecked();

  await page.goto('/?v=1&target=mysql&containers=maybe');
  await expect(page.locator('[data-ignored="containers"]')).toContainText('must be yes or no');
  await expect(page.locator('[data-snippet="docker"]')).toBeVisible();
});
