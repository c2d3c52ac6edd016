// The page works at every path it is served at (issue 17). A path starting with `//` (or `/\`,
// which the browser reads as `//`) made the first history.replaceState name another origin (the
// framework's router then; the configurator's own address updates since scripts/island.mjs), and
// the page crashed; the page's start-up script (scripts/afterpaint.mjs) leaves one leading slash
// before any other script runs. The query of such a link still applies.
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl, waitForHighlighting } from './helpers';

/** [path and query as linked, the path the address bar shows, the target the query picks]. */
const CASES: readonly (readonly [string, string, string])[] = [
  ['//index.html', '/index.html', 'SSH'],
  ['/index.html', '/index.html', 'SSH'],
  ['//index.html?v=1&target=postgres', '/index.html', 'PostgreSQL'],
  ['/\\index.html?v=1&target=postgres', '/index.html', 'PostgreSQL'],
  ['///?v=1&target=mysql&idle=120', '/', 'MySQL / MariaDB'],
  ['//', '/', 'SSH'],
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const [linked, path, target] of CASES) {
  test(`the page at ${JSON.stringify(linked)} loads, applies its query and stays live`, async ({ page, baseURL }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    const query = linked.includes('?') ? linked.slice(linked.indexOf('?')) : '';
    // Not page.goto(linked): against the base URL, `//index.html` would name the host index.html.
    await page.goto(`${baseURL}${linked}`);
    // Coloured code means React is live: the crash came with hydration.
    await waitForHighlighting(page);
    expect(new URL(page.url()).pathname).toBe(path);
    expect(new URL(page.url()).search).toBe(query);
    await expect(page.getByRole('radio', { name: target, exact: true })).toBeChecked();
    await expectPageMatchesUrl(page);
    // An edit is written to the address at the same path.
    await page.getByLabel('Detect a dead peer within (optional)', { exact: true }).fill('90');
    await expect(page).toHaveURL(new RegExp(`^${escape(`${baseURL}${path}`)}\\?v=1(&.*)?&goal=90$`));
    await expectPageMatchesUrl(page);
    await expect(page.getByText('This page couldn’t load')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}
