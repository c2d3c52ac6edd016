import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { presetPath, shareLink } from '../../lib/link';
import { PRESETS } from '../../lib/presets';
import { expectPageMatchesUrl, pageSnippets, ROOT, waitForHighlighting } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const VERSION = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }).version;
// The build's setting (next.config.ts): the suite runs with the environment the site was built with.
const SITE_URL = process.env.SITE_URL || undefined;
const QUERY = 'v=1&target=postgres&via=aws-natgw';

/** The full link "Copy link" must give: the build's site URL, else the page's own origin, and the state's query. */
const fullLink = (page: Page, query: string) => shareLink(query, SITE_URL ?? `${new URL(page.url()).origin}/`);
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('Copy link puts the full URL of the current state on the clipboard and says so', async ({ page }) => {
  await page.goto(`/?${QUERY}`);
  await expectPageMatchesUrl(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Copied the link to this setup');
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await clipboard(page)).toBe(fullLink(page, QUERY));
  // After an edit it is the new state's link.
  await page.getByTestId('runs-field').getByLabel('Containers (docker, compose, Kubernetes)').uncheck();
  await expect(page).toHaveURL(/[?&]containers=no(&|$)/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect.poll(() => clipboard(page)).toBe(fullLink(page, `${QUERY}&containers=no`));
});

test("on a preset's own page Copy link gives the home page's link with the preset's query", async ({ page }) => {
  const preset = PRESETS.find((p) => p.id === 'mysql-dump-flaky');
  if (!preset) throw new Error('preset missing');
  await page.goto(presetPath(preset.id));
  await expect(page.locator('[data-snippet="my-cnf"]')).toBeVisible();
  // The button works once the page is live (highlighting only comes then): a click on the server's
  // HTML before that only starts the scripts (scripts/afterpaint.mjs).
  await page.locator('[data-snippet="my-cnf"]').scrollIntoViewIfNeeded();
  await waitForHighlighting(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Copied the link to this setup');
  expect(await clipboard(page)).toBe(fullLink(page, preset.query));
});

test("every snippet's Reproduce line and the runbook's carry the build's link; the runbook names the version", async ({
  page,
}) => {
  await page.goto(`/?${QUERY}`);
  await expectPageMatchesUrl(page);
  const link = shareLink(QUERY, SITE_URL);
  const shown = await pageSnippets(page);
  expect(Object.keys(shown).length).toBeGreaterThan(5);
  for (const [id, text] of Object.entries(shown)) {
    expect(
      text.split('\n').filter((l) => /^(#|\/\/) Reproduce: /.test(l)),
      id,
    ).toEqual([`${text.startsWith('//') ? '//' : '#'} Reproduce: ${link}`]);
  }
  await page.getByRole('button', { name: 'Copy all as Markdown runbook' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Copied the runbook');
  const md = (await clipboard(page)).split('\n');
  expect(md[2]).toBe(`Made by keepalive-config ${VERSION}.`);
  expect(md).toContain(SITE_URL ? `Reproduce: <${link}>` : `Reproduce: \`${link}\``);
});

test('with JavaScript a preset link loads in place: the URL query holds it, no page load', async ({ page }) => {
  await page.goto('/');
  // The server's HTML is already the default state, so matching it proves nothing live: a click on
  // it is a plain link's page load. Coloured code means React runs.
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
  const preset = PRESETS.find((p) => p.id === 'postgres-aws-nat');
  if (!preset) throw new Error('preset missing');
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await page.getByRole('link', { name: preset.title }).click();
  await expect(page).toHaveURL(`/?${preset.query}`);
  await expect(page.getByRole('link', { name: preset.title })).toHaveAttribute('aria-current', 'true');
  await expectPageMatchesUrl(page);
  // The same document: a navigation would have dropped the marker.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
});

test('at 375 px the presets read without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Common setups' });
  await expect(nav).toBeVisible();
  const sizes = await nav.evaluate((n) => {
    const list = n.querySelector('ul');
    const links = [...n.querySelectorAll('a')].map((a) => a.getBoundingClientRect());
    return {
      list: list ? list.scrollWidth - list.clientWidth : -1,
      page: document.documentElement.scrollWidth,
      rightmost: Math.max(...links.map((r) => r.right)),
      lowest: Math.min(...links.map((r) => r.height)),
    };
  });
  expect(sizes.list).toBe(0);
  expect(sizes.page).toBeLessThanOrEqual(375);
  expect(sizes.rightmost).toBeLessThanOrEqual(375);
  // Tap targets: at least 24 px high.
  expect(sizes.lowest).toBeGreaterThanOrEqual(24);
});

test('a link over the length limit says it was not read, not that "the rest apply"', async ({ page }) => {
  await page.goto(`/?target=postgres&host=${'a'.repeat(2100)}`);
  const notice = page.getByRole('status').filter({ hasText: 'This link was not read' });
  await expect(notice).toContainText('This link was not read: the page shows the defaults.');
  await expect(notice).not.toContainText('the rest apply');
  await expect(notice).toContainText('longer than 2048 characters and was ignored; the defaults apply');
  await expect(page.locator('[data-snippet="ssh-config"]')).toBeVisible();
  // A link with one bad field still says the rest apply, and they do.
  await page.goto('/?target=postgres&lang=rust');
  await expect(page.getByRole('status').filter({ hasText: 'ignored' })).toContainText(
    'One parameter of this link was ignored; the rest apply.',
  );
  await expect(page.locator('[data-snippet="postgresql-conf"]')).toBeVisible();
});
