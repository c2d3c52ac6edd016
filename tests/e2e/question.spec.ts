// The page answers the user's question first (issue 16): survival per box before the detection
// time, the assumed 300 s called an assumption everywhere, the infeasible message, the timeline's name.
import { expect, test } from '@playwright/test';
import { expectPageMatchesUrl, waitForHighlighting } from './helpers';

const headline = (page: import('@playwright/test').Page) => page.locator('h2#headline');

test('the headline answers survival first, naming the box that dropped idle connections and when', async ({ page }) => {
  await page.goto('/?v=1&via=aws-natgw');
  await expectPageMatchesUrl(page);
  const text = (await headline(page).textContent()) ?? '';
  // AWS NAT Gateway: 350 s, counts packets; the default first probe comes after 2 h (FACTS.md sections 1, 8).
  const survival = text.indexOf(
    'Idle connections now outlive the AWS NAT Gateway (5 min 50 s); before, it dropped them after 5 min 50 s idle.',
  );
  const detection = text.indexOf('A dead peer is detected within');
  expect(survival).toBeGreaterThanOrEqual(0);
  expect(detection).toBeGreaterThan(survival);
  await expect(headline(page).locator('[data-survives]')).toHaveAttribute('data-survives', 'true');
});

test('when the defaults already survive, the headline says so rather than claim an improvement', async ({ page }) => {
  await page.goto('/?v=1&via=linux-conntrack');
  await expectPageMatchesUrl(page);
  await expect(headline(page)).toContainText('already outlive');
  await expect(headline(page)).not.toContainText('now outlive');
});

test('the assumed 300 s is called an assumption in the headline, every snippet header and the timeline; no check mark', async ({
  page,
}) => {
  await page.goto('/');
  await waitForHighlighting(page);
  await expectPageMatchesUrl(page);
  await expect(headline(page)).toContainText(
    'would outlive a 5 min idle timeout, an assumption: give yours or pick a box',
  );
  await expect(headline(page)).not.toContainText('✓');
  await expect(headline(page).locator('[data-survives]')).toHaveAttribute('data-survives', 'null');
  const texts = await page.locator('[data-snippet] pre').allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts)
    if (t.includes('Inputs:')) expect(t).toContain('path idle timeout 5 min (an assumption: none given)');
  await expect(page.getByRole('figure').locator('svg text').filter({ hasText: '(assumed)' }).first()).toBeVisible();
  await expect(page.getByRole('figure').locator('desc')).toContainText('assumed idle timeout');
});

test('a typed timeout is certified, without the word assumption', async ({ page }) => {
  await page.goto('/?v=1&idle=120');
  await expectPageMatchesUrl(page);
  await expect(headline(page)).toContainText("Idle connections now outlive the path's idle timeout (2 min)");
  await expect(headline(page)).not.toContainText('assum');
  await expect(headline(page)).toContainText('✓');
});

test('the infeasible message blames the number entered, not a box nobody chose', async ({ page }) => {
  await page.goto('/?v=1&idle=2');
  const alert = page.locator('#infeasible-message').filter({ hasText: 'Keepalive needs T + I below' });
  await expect(alert).toContainText('the idle timeout you entered, 2 s,');
  await expect(alert).not.toContainText("box's");
});

test('the timeline figure has its own accessible name, and its picture a description', async ({ page }) => {
  await page.goto('/?v=1&via=aws-natgw');
  await expectPageMatchesUrl(page);
  const figure = page.getByRole('figure', { name: 'Timeline of an idle connection to a dead peer, before and after' });
  await expect(figure).toBeVisible();
  const img = figure.getByRole('img', { name: 'What happens after the last packet, before and after the change' });
  // The events of the timeline (lib/timeline), in order: the kernel's defaults before (T = 7200 s, 9 probes,
  // FACTS.md section 1), the ssh client's alive messages after, which stop the kernel's probing.
  await expect(img).toHaveAccessibleDescription(
    /^Before: keepalive probe 1 at 7200 s; 9 keepalive probes went unanswered.*After: ssh sends alive message 1 at .*does not probe.*ssh gives up/,
  );
});
