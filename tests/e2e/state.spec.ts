import { expect, test } from '@playwright/test';
import { run } from '../../lib/engine';
import { currentQuery, expectPageMatchesUrl, pageSnippets, waitForHighlighting } from './helpers';

// These tests start on a live page (coloured code means React runs); edits made before that are
// the subject of early.spec.ts.
test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
});

test('the target control changes the URL and the snippets', async ({ page }) => {
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  await expect(page).toHaveURL(/[?&]target=postgres(&|$)/);
  await expect(page.locator('[data-snippet="postgresql-conf"]')).toBeVisible();
  await expect(page.locator('[data-snippet="ssh-config"]')).toHaveCount(0);
  await expectPageMatchesUrl(page);
});

test('the idle timeout with units changes the URL and the snippets', async ({ page }) => {
  const before = await pageSnippets(page);
  await page.getByRole('combobox', { name: 'Idle timeout of the path: unit' }).selectOption('min');
  await page.getByLabel('Idle timeout of the path', { exact: true }).fill('2');
  await expect(page).toHaveURL(/[?&]idle=120(&|$)/);
  await expectPageMatchesUrl(page);
  expect(await pageSnippets(page)).not.toEqual(before);
});

test('the middlebox picker adds and removes boxes, keyboard only', async ({ page }) => {
  const search = page.getByRole('combobox', { name: /Load balancers, NATs and firewalls/ });
  await search.focus();
  await page.keyboard.type('nat gateway');
  await expect(page.getByRole('option').first()).toContainText('AWS NAT Gateway');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]via=aws-natgw(&|$)/);
  await expect(page.getByRole('list', { name: 'Boxes on the path' })).toContainText('AWS NAT Gateway');
  await expectPageMatchesUrl(page);
  await page.getByRole('button', { name: 'Remove AWS NAT Gateway' }).click();
  await expect(page).not.toHaveURL(/via=/);
  await expect(search).toBeFocused();
  await expectPageMatchesUrl(page);
});

test('an unverified box looks unverified, a documented one does not', async ({ page }) => {
  await page.goto('/?v=1&via=aws-transit-gateway,aws-natgw');
  const chips = page.getByRole('list', { name: 'Boxes on the path' }).getByRole('listitem');
  await expect(chips.filter({ hasText: 'AWS Transit Gateway' })).toContainText('unverified');
  await expect(chips.filter({ hasText: 'AWS Transit Gateway' })).toHaveCSS('border-style', 'dashed');
  await expect(chips.filter({ hasText: 'AWS NAT Gateway' })).not.toContainText('unverified');
  await expect(chips.filter({ hasText: 'AWS NAT Gateway' })).toHaveCSS('border-style', 'solid');
});

test('the detection goal changes the URL and the snippets', async ({ page }) => {
  await page.getByLabel('Detect a dead peer within (optional)', { exact: true }).fill('90');
  await expect(page).toHaveURL(/[?&]goal=90(&|$)/);
  await expectPageMatchesUrl(page);
});

test('an advanced field changes the URL and the snippets', async ({ page }) => {
  await page.getByText('Advanced: versions, explicit values, names').click();
  await page.getByLabel('ssh Host pattern').fill('bastion-*');
  await expect(page).toHaveURL(/[?&]host=bastion-\*(&|$)/);
  await expect(page.locator('[data-snippet="ssh-config"] pre')).toContainText('Host bastion-*');
  await expectPageMatchesUrl(page);
});

test('a bad value is explained at its field and the output keeps the last valid state', async ({ page }) => {
  const idle = page.getByLabel('Idle timeout of the path', { exact: true });
  await idle.fill('45');
  await expect(page).toHaveURL(/[?&]idle=45(&|$)/);
  const valid = currentQuery(page);
  const snippets = await pageSnippets(page);
  await idle.fill('-5');
  await expect(page.locator('#field-idle-error')).toContainText('must be a whole number of seconds');
  await expect(idle).toHaveAttribute('aria-invalid', 'true');
  // A valid change elsewhere still applies while the bad draft keeps its last valid value.
  await page.getByRole('radio', { name: 'Elasticsearch' }).check({ force: true });
  await expect(page).toHaveURL(/target=elasticsearch/);
  expect(currentQuery(page)).toContain('idle=45');
  await expectPageMatchesUrl(page);
  await idle.fill('45');
  await expect(page.locator('#field-idle-error')).toHaveCount(0);
  expect(valid).toContain('idle=45');
  expect(snippets).not.toEqual(await pageSnippets(page));
});

test('a shared URL restores the same page on reload and in a new tab', async ({ page, context }) => {
  await page.getByRole('radio', { name: 'MySQL / MariaDB' }).check({ force: true });
  await page.getByLabel('Idle timeout of the path', { exact: true }).fill('240');
  await expect(page).toHaveURL(/idle=240/);
  const url = page.url();
  const snippets = await pageSnippets(page);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'MySQL / MariaDB' })).toBeChecked();
  await expect.poll(() => pageSnippets(page)).toEqual(snippets);
  const other = await context.newPage();
  await other.goto(url);
  await expect.poll(() => pageSnippets(other)).toEqual(snippets);
  await expect(other.getByLabel('Idle timeout of the path', { exact: true })).toHaveValue('4');
  await expect(other.getByRole('combobox', { name: 'Idle timeout of the path: unit' })).toHaveValue('min');
});

test('a garbled or hostile URL shows a notice naming each dropped parameter and a working page', async ({ page }) => {
  await page.goto('/?target=%00&idle=-5&host=a%0aProxyCommand%20x&__proto__=1&via=aws-natgw');
  const notice = page.getByRole('status').filter({ hasText: 'ignored' });
  await expect(notice).toBeVisible();
  for (const field of ['target', 'idle', 'host', '__proto__'])
    await expect(notice.locator(`[data-ignored="${field}"]`)).toBeVisible();
  // The valid parameter stays.
  await expect(page.getByRole('list', { name: 'Boxes on the path' })).toContainText('AWS NAT Gateway');
  await expect(page.locator('[data-snippet="ssh-config"] pre')).not.toContainText('ProxyCommand');
  await page.getByRole('radio', { name: 'nginx upstream' }).check({ force: true });
  await expect(page).toHaveURL(/target=nginx/);
  await expect(page).not.toHaveURL(/__proto__|ProxyCommand/);
  await expectPageMatchesUrl(page);
});

test('presets are links; the active one is marked', async ({ page }) => {
  const presets = page.getByRole('navigation', { name: 'Common setups' });
  const link = presets.getByRole('link', { name: 'PostgreSQL behind an AWS NAT Gateway' });
  await link.click();
  await expect(page).toHaveURL(/target=postgres/);
  await expect(link).toHaveAttribute('aria-current', 'true');
  await expect(presets.locator('[aria-current]')).toHaveCount(1);
  await expectPageMatchesUrl(page);
  await page.getByLabel('Detect a dead peer within (optional)', { exact: true }).fill('100');
  await expect(presets.locator('[aria-current]')).toHaveCount(0);
  // A preset click is a navigation: Back returns to the page before it.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('radio', { name: 'SSH' })).toBeChecked();
  await expectPageMatchesUrl(page);
});

test('keyboard only: arrow keys move the target, Tab reaches the results', async ({ page }) => {
  await page.getByRole('radio', { name: 'SSH' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/target=postgres/);
  await expect(page.getByRole('radio', { name: 'PostgreSQL' })).toBeFocused();
  await expectPageMatchesUrl(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: /Load balancers, NATs and firewalls/ })).toBeFocused();
});

test('values that cannot all be met explain why instead of showing snippets', async ({ page }) => {
  await page.getByLabel('Detect a dead peer within (optional)', { exact: true }).fill('1');
  await expect(page).toHaveURL(/[?&]goal=1(&|$)/);
  const message = run(currentQuery(page)).plan.infeasible?.message ?? '';
  expect(message).not.toBe('');
  await expect(page.getByRole('heading', { name: 'No settings meet every constraint' })).toBeVisible();
  await expect(page.locator('#infeasible-message')).toHaveText(message);
  await expect(page.locator('[data-snippet]')).toHaveCount(0);
});

test('"Roll out with" adds the config-management cards, keyboard only, in the query order', async ({ page }) => {
  const ansible = page.getByRole('checkbox', { name: 'Ansible' });
  await ansible.focus();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/[?&]manage=ansible(&|$)/);
  await expect(page.locator('[data-snippet="ansible"]')).toBeVisible();
  await expectPageMatchesUrl(page);
  // Tab reaches the next boxes; the query keeps the catalogue's order whatever the order of the clicks.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'Terraform (AKS)' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/[?&]manage=ansible,terraform-aks(&|$)/);
  await ansible.focus();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/[?&]manage=terraform-aks(&|$)/);
  await expect(page.locator('[data-snippet="ansible"]')).toHaveCount(0);
  await expect(page.locator('[data-snippet="terraform-aks"]')).toBeVisible();
  await expectPageMatchesUrl(page);
});

test('a link with manage= opens with those boxes ticked and a bad kind named', async ({ page }) => {
  await page.goto('/?v=1&target=postgres&manage=cloud-init');
  await expect(page.getByRole('checkbox', { name: 'cloud-init' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Ansible' })).not.toBeChecked();
  await expectPageMatchesUrl(page);
  await page.goto('/?v=1&manage=chef');
  await expect(page.locator('[data-ignored="manage"]')).toContainText('chef');
  await expect(page.locator('[data-snippet="ansible"]')).toHaveCount(0);
});

test('the nginx target asks which app server runs behind nginx and which box is in front', async ({ page }) => {
  await page.getByRole('radio', { name: 'nginx upstream' }).check({ force: true });
  await expect(page).toHaveURL(/[?&]target=nginx(&|$)/);
  await page.getByText('Advanced: versions, explicit values, names').click();
  await page.getByLabel('Application server behind nginx').selectOption('node');
  await expect(page).toHaveURL(/[?&]app=node(&|$)/);
  await expect(page.locator('[data-snippet="app-server"] pre')).toContainText('server.keepAliveTimeout = ');
  await page.getByLabel('Load balancer in front of nginx', { exact: true }).fill('350');
  await expect(page).toHaveURL(/[?&]front=350(&|$)/);
  await expectPageMatchesUrl(page);
  await expect(page.locator('[data-snippet="nginx-conf"] pre')).toContainText('keepalive_timeout 390s;');
});
