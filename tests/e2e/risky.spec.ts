import { expect, test, type Page } from '@playwright/test';
import { expectPageMatchesUrl, pageSnippets, waitForHighlighting } from './helpers';

// Issue 16, wrong or risky output: every pasted line is safe. Each test starts on a live page.
async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
}

/** Opens "Advanced" unless the link already opened it (it opens itself when one of its fields is set). */
async function openAdvanced(page: Page): Promise<void> {
  const details = page.locator('details').filter({ has: page.getByText('Advanced: versions, explicit values, names') });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.getByText('Advanced: versions, explicit values, names').click();
}

test('pgbouncer: the card copies the keys of [pgbouncer] without a section head', async ({ page }) => {
  await open(page, '?v=1&target=postgres');
  const text = (await pageSnippets(page))['pgbouncer-ini'] ?? '';
  expect(text).toMatch(/^# Keys of the \[pgbouncer\] section/m);
  expect(text).toMatch(/^tcp_keepidle = \d+$/m);
  expect(text).not.toMatch(/^\s*\[/m);
});

test('nginx: lines to merge by default; the new site only when the Advanced control asks for it', async ({ page }) => {
  await open(page, '?v=1&target=nginx');
  const merge = (await pageSnippets(page))['nginx-conf'] ?? '';
  expect(merge).toMatch(/^# In your upstream \{ \} block/m);
  expect(merge).not.toMatch(/^\s*(upstream|server|location)\b.*\{$/m);
  expect(merge).not.toMatch(/backend/);

  await openAdvanced(page);
  const form = page.getByRole('combobox', { name: 'nginx snippet' });
  await expect(form).toHaveValue('merge');
  await form.selectOption('site');
  await expect(page).toHaveURL(/[?&]nginx_form=site(&|$)/);
  await expectPageMatchesUrl(page);
  const site = (await pageSnippets(page))['nginx-conf'] ?? '';
  expect(site).toMatch(/^upstream backend \{$/m);
  expect(site).toMatch(/^server \{$/m);

  await form.selectOption('merge');
  await expect(page).not.toHaveURL(/nginx_form=/);
  await expectPageMatchesUrl(page);
});

test('the nginx snippet control is shown for the nginx target only', async ({ page }) => {
  await open(page, '?v=1&target=postgres&postgres=16');
  await expect(page.getByRole('combobox', { name: 'nginx snippet' })).toHaveCount(0);
});

test('a bad nginx_form is named in the notice and the merge form stays', async ({ page }) => {
  await page.goto('/?v=1&target=nginx&nginx_form=new');
  await expect(page.getByText('must be one of merge, site')).toBeVisible();
  await waitForHighlighting(page);
  expect((await pageSnippets(page))['nginx-conf'] ?? '').toMatch(/^# In your upstream \{ \} block/m);
});

test('a bare 7 in the idle timeout offers "did you mean 7 min?" and fixes it in one click', async ({ page }) => {
  await open(page, '?v=1');
  const idle = page.getByLabel('Idle timeout of the path', { exact: true });
  await idle.fill('7');
  await expect(page).toHaveURL(/[?&]idle=7(&|$)/);
  const hint = page.getByTestId('idle-meant');
  await expect(hint).toContainText('Did you mean 7 min?');
  await expect(idle).toHaveAttribute('aria-describedby', /field-idle-meant/);
  // Aggressive values: the host-wide cost is said beside the sysctl card.
  await expect(page.locator('[data-snippet="sysctl"] [data-warning="aggressive-host-wide"]')).toContainText(
    'every idle connection with SO_KEEPALIVE on the host',
  );

  await page.getByRole('button', { name: 'Use 7 min' }).click();
  await expect(page).toHaveURL(/[?&]idle=420(&|$)/);
  await expect(hint).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Idle timeout of the path: unit' })).toHaveValue('min');
  await expectPageMatchesUrl(page);
  await expect(page.locator('[data-warning="aggressive-host-wide"]')).toHaveCount(0);
});

test('the goal gets the same offer; a plausible number does not', async ({ page }) => {
  await open(page, '?v=1');
  const goal = page.getByLabel('Detect a dead peer within (optional)', { exact: true });
  await goal.fill('3');
  await expect(page.getByTestId('goal-meant')).toContainText('Did you mean 3 min?');
  await goal.fill('90');
  await expect(page).toHaveURL(/[?&]goal=90(&|$)/);
  await expect(page.getByTestId('goal-meant')).toHaveCount(0);
});

test('Elasticsearch: the version select changes the settings and the verify command', async ({ page }) => {
  await open(page, '?v=1&target=elasticsearch');
  const shown = async () => pageSnippets(page);
  expect((await shown())['elasticsearch-yml']).toMatch(/^network\.tcp\.keep_idle: \d+$/m);
  expect((await shown())['verify']).toMatch(
    /^curl --fail-with-body -sS --cacert \/etc\/elasticsearch\/certs\/http_ca\.crt -u elastic 'https:\/\/localhost:9200\//m,
  );

  await openAdvanced(page);
  await page.getByRole('combobox', { name: 'Elasticsearch version' }).selectOption('7.3');
  await expect(page).toHaveURL(/[?&]elasticsearch=7\.3(&|$)/);
  await expectPageMatchesUrl(page);
  const old = await shown();
  expect(old['elasticsearch-yml']).toMatch(/^network\.tcp\.keep_alive: true$/m);
  expect(old['elasticsearch-yml']).not.toMatch(/keep_idle:|keep_interval:|keep_count:/);
  expect(old['verify']).toMatch(/^curl --fail-with-body -sS 'http:\/\/localhost:9200\//m);
  await expect(page.locator('[data-warning="es-no-keep-settings"]')).toContainText('refuses to start with them');
});

test('an old link elasticsearch=7 keeps its meaning: 7.17 with the keep_* settings', async ({ page }) => {
  await open(page, '?v=1&target=elasticsearch&elasticsearch=7');
  expect((await pageSnippets(page))['elasticsearch-yml']).toMatch(/^network\.tcp\.keep_idle: \d+$/m);
  await openAdvanced(page);
  await expect(page.getByRole('combobox', { name: 'Elasticsearch version' })).toHaveValue('7.17');
});
