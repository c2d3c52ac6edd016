// Hostile links in a real browser under the exported Content-Security-Policy (issue 7): the notice
// names the field, nothing runs, nothing leaves the origin, and no snippet carries the hostile text.
import { expect, test } from '@playwright/test';
import { MAX_QUERY_LENGTH } from '../../lib/url';
import { expectPageMatchesUrl, pageSnippets, waitForHighlighting } from './helpers';
import { raised, violations, watch } from './watch';

/** [name, query, the field the notice must name, texts no snippet may contain]. */
const CASES: readonly (readonly [string, string, string, readonly string[]])[] = [
  ['ssh Host newline + ProxyCommand', 'host=%0aProxyCommand%20x', 'host', ['ProxyCommand']],
  [
    'nginx upstream ; + include',
    'target=nginx&upstream=a;include%20/etc/passwd',
    'upstream',
    ['include /etc', 'passwd'],
  ],
  ['conninfo quote + sslmode', 'target=postgres&dbhost=%27%20sslmode=disable', 'dbhost', ['sslmode']],
  ['a script tag as the target', 'target=%3Cscript%3Ealert(1)%3C/script%3E', 'target', ['<script', 'alert(']],
  [
    'an HTML event handler',
    'target=mysql&dbhost=%22%3E%3Cimg%20src=x%20onerror=window.__pwned=1%3E',
    'dbhost',
    ['onerror', '<img'],
  ],
  ['__proto__ as a middlebox', 'via=__proto__', 'via', ['__proto__']],
  ['__proto__ as a key', '__proto__=1&target=postgres', '__proto__', ['__proto__']],
  ['an idle timeout beyond double precision', 'idle=1e309', 'idle', ['1e309', 'Infinity', 'NaN']],
  ['a YAML document separator', 'target=elasticsearch&host=%0A---%0Akind:%20Secret', 'host', ['Secret', '\n---']],
  [`a ${5000}-character query`, `target=mysql&host=${'a'.repeat(5000)}`, 'query', ['aaaaaaaaaa']],
];

test.describe('hostile links', () => {
  for (const [name, query, field, forbidden] of CASES) {
    test(name, async ({ page, baseURL }) => {
      const w = await watch(page, new URL(baseURL ?? '').origin);
      await page.goto(`/?${query}`);
      const notice = page.locator(`[data-ignored="${field}"]`);
      await expect(notice).toBeVisible({ timeout: 15_000 });
      await expect(notice).toContainText(
        field === 'query' ? `longer than ${MAX_QUERY_LENGTH} characters` : /must be|not a known parameter/,
      );
      // Code is highlighted near the screen only: with the notice on top, bring the first card near.
      await page.locator('[data-snippet]').first().scrollIntoViewIfNeeded();
      await waitForHighlighting(page);
      // The valid rest of the link applies, and the snippets are exactly the engine's for the rewritten URL.
      await expectPageMatchesUrl(page);
      const snippets = Object.values(await pageSnippets(page));
      expect(snippets.length).toBeGreaterThan(5);
      for (const text of snippets)
        for (const bad of forbidden)
          expect(text.includes(bad), `a snippet contains ${JSON.stringify(bad)}`).toBe(false);
      // The hostile text is shown as text, never parsed as markup.
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(
        await page.evaluate(() =>
          [...document.scripts].some((s) => !s.src && /alert\(|__pwned/.test(s.textContent ?? '')),
        ),
      ).toBe(false);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
      expect(await raised(page, w)).toEqual({ violations: [], console: [] });
      expect(w.dialogs).toEqual([]);
      expect(w.foreign).toEqual([]);
    });
  }
});

test.describe('the Content-Security-Policy', () => {
  test('is in the exported page, first in <head>, with script hashes, no unsafe-inline or unsafe-eval, and styles from the site only', async ({
    request,
  }) => {
    const html = await (await request.get('/')).text();
    const meta =
      /<head>(?:<meta charSet="utf-8"\/>)?<meta http-equiv="Content-Security-Policy" content="([^"]+)"\/>/.exec(html);
    expect(meta, 'the CSP <meta> right after <meta charset> (run scripts/csp.mjs after next build)').not.toBeNull();
    const policy = meta?.[1] ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? '';
    expect(scriptSrc).toMatch(/^'self'( 'sha256-[A-Za-z0-9+/]{43}=')+$/);
    // Styles from the site's stylesheet only: no inline <style>, no style attribute (tests/e2e/csp.spec.ts).
    expect(/style-src ([^;]+)/.exec(policy)?.[1]).toBe("'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).not.toContain('frame-ancestors');
  });

  test('is enforced: an injected inline script, event handler and string timer are blocked; the page and the highlighter still work', async ({
    page,
    baseURL,
  }) => {
    const w = await watch(page, new URL(baseURL ?? '').origin);
    await page.goto('/?target=postgres&via=aws-alb');
    await waitForHighlighting(page);
    await expectPageMatchesUrl(page);
    expect(await raised(page, w)).toEqual({ violations: [], console: [] });
    // Inserted after load, the way an injection would arrive: an inline script, an inline event handler, a string timer.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.appendChild(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handler = 1');
      img.src = 'data:,';
      document.body.appendChild(img);
      (window.setTimeout as (code: string, ms: number) => number)('window.__timer = 1', 0);
    });
    // Each kind once: the <meta> policy and the served header policy may both report the same block.
    // A violation is reported when the browser refuses to run the code, so once all three are in,
    // none of the three can still run.
    await expect
      .poll(async () => [...new Set((await violations(page)).map((v) => v.split(' ')[0]))].sort())
      .toEqual(['script-src', 'script-src-attr', 'script-src-elem']);
    const ran = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { inline: w.__inline, handler: w.__handler, timer: w.__timer };
    });
    expect(ran).toEqual({ inline: undefined, handler: undefined, timer: undefined });
    expect(w.dialogs).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
