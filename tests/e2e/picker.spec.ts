// Finding a box (issue 16): words users type, results grouped by kind with accessible group labels,
// generic entries of unknown timeout, a chosen box's configured timeout, and the combobox keyboard.
import { expect, test, type Page } from '@playwright/test';
import { currentQuery, expectPageMatchesUrl, waitForHighlighting } from './helpers';

const search = (page: Page) => page.getByRole('combobox', { name: /Load balancers, NATs and firewalls/ });
const listbox = (page: Page) => page.getByRole('listbox', { name: 'Known middleboxes' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
});

test('"firewall" finds the on-premises firewalls, in a group with an accessible label', async ({ page }) => {
  await search(page).focus();
  await page.keyboard.type('firewall');
  const group = listbox(page).getByRole('group', { name: 'Firewalls and connection tracking' });
  await expect(group).toBeVisible();
  for (const name of [
    'Cisco ASA',
    'Palo Alto Networks PAN-OS',
    'Fortinet FortiGate',
    'Check Point Security Gateway',
    'pfSense / OPNsense (pf)',
    'Juniper SRX',
  ]) {
    await expect(group.getByRole('option', { name: new RegExp(name.replace(/[()/]/g, '\\$&')) })).toHaveCount(1);
  }
  // The generic entry leads its group.
  await expect(group.getByRole('option').first()).toContainText('A stateful firewall (timeout unknown)');
});

test('each word users type finds its kind: VPN, IPsec, WireGuard, load balancer, NAT, proxy, on-premises', async ({
  page,
}) => {
  const cases: [string, string, string][] = [
    ['VPN', 'VPN tunnels', 'A VPN tunnel'],
    ['IPsec', 'VPN tunnels', 'A VPN tunnel'],
    ['WireGuard', 'VPN tunnels', 'A VPN tunnel'],
    ['load balancer', 'Load balancers', 'Azure Load Balancer'],
    ['NAT', 'NAT gateways and home routers', 'AWS NAT Gateway'],
    ['proxy', 'Proxies, ingresses and CDNs', 'HAProxy'],
    ['on-premises', 'Firewalls and connection tracking', 'Cisco ASA'],
  ];
  for (const [words, groupName, option] of cases) {
    await search(page).fill(words);
    const group = listbox(page).getByRole('group', { name: groupName });
    await expect(group.getByRole('option', { name: new RegExp(option) }).first(), words).toBeVisible();
  }
});

test('a generic VPN entry is of unknown timeout: picked by keyboard, nothing is certified', async ({ page }) => {
  await search(page).focus();
  await page.keyboard.type('vpn');
  await expect(page.getByRole('option').first()).toContainText('A VPN tunnel');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]via=generic-vpn(&|$)/);
  const headline = page.getByRole('heading', { level: 2, name: /Whether idle connections outlive a VPN tunnel/ });
  await expect(headline).toContainText('is not known');
  await expect(headline).not.toContainText('✓');
  await expectPageMatchesUrl(page);
});

test('Enter picks and closes the list; it does not reopen over the form', async ({ page }) => {
  await search(page).focus();
  await page.keyboard.type('nat gateway');
  await expect(listbox(page)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]via=aws-natgw(&|$)/);
  await expect(search(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(listbox(page)).toBeHidden();
  await expect(search(page)).toBeFocused();
  // A second Enter on a closed list does nothing: no box, no list.
  await page.keyboard.press('Enter');
  await expect(listbox(page)).toBeHidden();
  expect(currentQuery(page)).toBe('v=1&via=aws-natgw');
});

test('Escape closes the list and keeps it closed, the text kept; a second Escape clears the text', async ({ page }) => {
  await search(page).focus();
  await page.keyboard.type('azure');
  await expect(listbox(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(search(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(search(page)).toHaveValue('azure');
  await expect(listbox(page)).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(search(page)).toHaveValue('');
  await expect(listbox(page)).toBeHidden();
  await page.keyboard.press('ArrowDown');
  await expect(listbox(page)).toBeVisible();
});

test('Tab out of the search moves focus to the next field, and the next keystrokes land there', async ({ page }) => {
  await search(page).focus();
  await page.keyboard.type('azure');
  await expect(listbox(page)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(listbox(page)).toBeHidden();
  const focused = () =>
    page.evaluate(() => ({
      tag: document.activeElement?.tagName ?? '',
      inList: !!document.activeElement?.closest('[role=listbox]'),
      id: document.activeElement?.id ?? '',
    }));
  await expect.poll(focused).toMatchObject({ inList: false });
  const now = await focused();
  expect(now.tag).not.toBe('BODY');
  expect(now.id).not.toBe('field-via');
  expect(['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA']).toContain(now.tag);
});

test("a chosen box's timeout is set on its chip, inside its range, and a value outside is named", async ({ page }) => {
  await search(page).focus();
  await page.keyboard.type('azure load balancer');
  await expect(page.getByRole('option').first()).toContainText('Azure Load Balancer (Standard)');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]via=azure-lb(&|$)/);
  const field = page.getByLabel('Configured idle timeout of Azure Load Balancer (Standard)');
  await field.fill('30m');
  await expect(page).toHaveURL(/[?&]via=azure-lb:1800(&|$)/);
  await expect(
    page.getByRole('heading', { level: 2, name: /Azure Load Balancer \(Standard\) \(30 min, as configured\)/ }),
  ).toBeVisible();
  await expectPageMatchesUrl(page);
  await field.fill('100');
  await expect(field).toHaveAccessibleDescription(/from 240 to 6000 s/);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(currentQuery(page)).toContain('via=azure-lb:1800');
});

test('a box without a documented range says its timeout cannot be set', async ({ page }) => {
  await page.goto('/?v=1&via=aws-natgw');
  await expect(page.getByRole('list', { name: 'Boxes on the path' })).toContainText(
    'cannot be set here: no documented range',
  );
  await expect(page.getByLabel(/Configured idle timeout of AWS NAT Gateway/)).toHaveCount(0);
});

test('a link with a configured timeout opens with it on the chip and in the results', async ({ page }) => {
  await page.goto('/?v=1&target=postgres&via=azure-lb:1800');
  await expect(page.getByRole('list', { name: 'Boxes on the path' })).toContainText('set to 30 min (default 4 min)');
  await expect(page.getByLabel('Configured idle timeout of Azure Load Balancer (Standard)')).toHaveValue('1800');
  await expectPageMatchesUrl(page);
});

test('removing a chip gives focus back to the search without opening the list over the form', async ({ page }) => {
  await page.goto('/?v=1&via=aws-natgw');
  await expectPageMatchesUrl(page);
  await page.getByRole('button', { name: 'Remove AWS NAT Gateway' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/via=/);
  await expect(search(page)).toBeFocused();
  await expect(search(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(listbox(page)).toBeHidden();
});
