// What a page raised: Content-Security-Policy violations, console errors and warnings, page errors,
// dialogs and requests to other origins. Shared by hostile.spec.ts and csp.spec.ts.
//
// A violation is reported a task after the browser refuses something, and a console message
// travels apart from the page, so "none so far" needs a barrier: raised() adds a <style> of its own,
// which the policy refuses (style-src 'self', scripts/csp.mjs), and waits until its reports are in
// on both channels; whatever the page raised before it is in by then. It also proves the listener
// works and that inline styles are refused at all.
import { createHash } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

export interface Watch {
  readonly dialogs: string[];
  /** Console errors and warnings, page errors, and any console text about the policy. */
  readonly console: string[];
  readonly foreign: string[];
}

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly source: string;
  /** The refused element's id, or the start of its markup. */
  readonly target: string;
}

const SENTINEL_ID = 'e2e-csp-sentinel';

/** Starts recording; call before the page is opened (the listener is an init script). */
export async function watch(page: Page, origin: string): Promise<Watch> {
  const w: Watch = { dialogs: [], console: [], foreign: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || /Content.Security.Policy/i.test(m.text()))
      w.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) w.foreign.push(url);
  });
  // Installed before any page script: violations are recorded even when the console is quiet.
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => {
      const target = e.target instanceof Element ? e.target.id || e.target.outerHTML.slice(0, 120) : String(e.target);
      seen.push({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
        target,
      });
    });
  });
  return w;
}

const recorded = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);

/** The violations recorded so far, the barriers' own left out: "directive blocked-uri source target". */
export async function violations(page: Page): Promise<string[]> {
  return (await recorded(page))
    .filter((v) => !v.target.startsWith(SENTINEL_ID))
    .map((v) => `${v.directive} ${v.blocked} ${v.source} ${v.target}`);
}

/** The hashes of the barriers' <style> texts, which Chromium's console messages for them name. */
const barrierHashes: string[] = [];

/** Every violation and console message the page has raised until now, once they have all arrived. */
export async function raised(page: Page, w: Watch): Promise<{ violations: string[]; console: string[] }> {
  const id = `${SENTINEL_ID}-${barrierHashes.length + 1}`;
  const css = `.${id}{}`;
  const hash = `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
  barrierHashes.push(hash);
  await page.evaluate(
    ([elementId, text]) => {
      const style = document.createElement('style');
      style.id = elementId;
      style.textContent = text;
      document.head.appendChild(style);
    },
    [id, css] as const,
  );
  await expect
    .poll(
      async () => (await recorded(page)).some((v) => v.target === id && v.directive === 'style-src-elem'),
      "the barrier's own <style> is refused and reported",
    )
    .toBe(true);
  await expect.poll(() => w.console.some((m) => m.includes(hash)), 'and its refusal reaches the console').toBe(true);
  return {
    violations: await violations(page),
    console: w.console.filter((m) => !barrierHashes.some((h) => m.includes(h))),
  };
}
