// The page paints its answer before it asks for any JavaScript (scripts/afterpaint.mjs), and then
// loads every script the export references and works. Read from a browser trace: the renderer's
// first Paint event against its first request for, and first run of, a chunk. (The paint timing
// API is no judge here: it reports when the frame reached the screen, a frame after the paint.)
//
// A renderer records trace events only once tracing has started in it, and the start reaches each
// process on its own. Opened from the blank tab, the page got a new renderer, and on a busy machine
// its request for the document came before that renderer traced: the trace lacked it (1 run in 12
// under two busy loops; the chunk requests, later, were there). So the tab first opens a file of the
// same origin that loads no script, the icon: the page then loads in a renderer that was already
// running when the trace started (16 runs in 16 under the same load). The events are read from that
// renderer and the page's frame only: the trace holds every process of the browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { LCP_WAIT_MS } from '../../scripts/afterpaint.mjs';
import { firstLoadRefs } from '../perf/firstload';
import { ROOT, expectPageMatchesUrl, waitForHighlighting } from './helpers';

const chunks = firstLoadRefs(readFileSync(join(ROOT, 'out/index.html'), 'utf8'))
  .filter((r) => r.kind === 'script')
  .map((r) => r.url);

interface TraceEvent {
  readonly name: string;
  readonly ts: number;
  readonly pid: number;
  readonly args?: { data?: { url?: string; frame?: string } };
}

test('the first paint comes before the first script request, and every script then loads', async ({
  page,
  browser,
  baseURL,
}) => {
  expect(chunks.length).toBeGreaterThan(3);
  // The renderer that will load the page, running before the trace starts (see the top of this file).
  await page.goto('/icon.svg');
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  await page.goto('/');
  await waitForHighlighting(page);
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const isChunk = (url: string | undefined) =>
    url !== undefined && url.startsWith(`${baseURL}/_next/static/chunks/`) && url.endsWith('.js');
  // Counted from the request for the document, in its renderer and frame.
  const doc = events.find((e) => e.name === 'ResourceSendRequest' && e.args?.data?.url === `${baseURL}/`);
  expect(doc, 'the trace has the request for the document').toBeDefined();
  const ofPage = events.filter((e) => e.pid === doc?.pid && e.args?.data?.frame === doc.args?.data?.frame);
  const first = (pick: (e: TraceEvent) => boolean) => Math.min(...ofPage.filter(pick).map((e) => e.ts));
  const navigation = doc?.ts ?? Infinity;
  const paint = first((e) => e.name === 'Paint' && e.ts > navigation);
  const request = first((e) => e.name === 'ResourceSendRequest' && isChunk(e.args?.data?.url));
  // The island's scripts are modules: no EvaluateScript event, but their code's first FunctionCall.
  const run = first((e) => (e.name === 'EvaluateScript' || e.name === 'FunctionCall') && isChunk(e.args?.data?.url));
  expect(
    [navigation, paint, request, run].every(Number.isFinite),
    'the trace has the navigation, a paint, a chunk request and a chunk run',
  ).toBe(true);
  expect(request, 'first chunk request after the first paint').toBeGreaterThan(paint);
  expect(run).toBeGreaterThan(paint);
  const requested = new Set(
    events
      .filter((e) => e.name === 'ResourceSendRequest')
      .map((e) => new URL(e.args?.data?.url ?? '', baseURL).pathname),
  );
  expect(chunks.filter((url) => !requested.has(url))).toEqual([]);
  // And the page is live: an edit changes the address and the snippets.
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  await expect(page).toHaveURL(/target=postgres/);
  await expectPageMatchesUrl(page);
});

// scripts/afterpaint.mjs waits for the browser's report of the largest paint (which carries the
// time the frame reached the screen) before it asks for a script: a request started before that
// time counts, in Lighthouse's simulation, as something the largest paint waited for.
test('the first script is requested after the largest paint is reported', async ({ page }) => {
  await page.addInitScript(
    `new PerformanceObserver((list) => { for (const e of list.getEntries()) (self.kcLcp ||= []).push(e.startTime); }).observe({ type: 'largest-contentful-paint', buffered: true });`,
  );
  await page.goto('/');
  await waitForHighlighting(page);
  const { lcp, requests } = await page.evaluate(
    (urls) => ({
      lcp: ((self as unknown as { kcLcp?: number[] }).kcLcp ?? [])[0],
      requests: performance
        .getEntriesByType('resource')
        .filter((e) => urls.includes(new URL(e.name).pathname))
        .map((e) => e.startTime),
    }),
    chunks,
  );
  expect(lcp, 'the page reported a largest paint').toBeDefined();
  expect(requests.length, 'the page asked for its scripts').toBe(chunks.length);
  expect(Math.min(...requests)).toBeGreaterThanOrEqual(lcp ?? Infinity);
});

// No report of the largest paint follows an input, so a key or a click before the report starts the
// scripts itself. Here the browser reports no largest paint at all and the loader's fallback timer
// never fires: only the key can start them.
test('a key pressed before the largest paint is reported starts the scripts', async ({ page }) => {
  await page.addInitScript(`(() => {
    const P = window.PerformanceObserver;
    window.PerformanceObserver = class extends P {
      observe(options) { if (options && options.type === 'largest-contentful-paint') return; super.observe(options); }
    };
    const later = window.setTimeout;
    window.setTimeout = function (f, ms, ...rest) { return ms === ${LCP_WAIT_MS} ? 0 : later.call(window, f, ms, ...rest); };
  })();`);
  const requested: string[] = [];
  page.on('request', (r) => {
    if (chunks.includes(new URL(r.url()).pathname)) requested.push(r.url());
  });
  await page.goto('/');
  // Two frames and a task: the loader has been told the page painted, and waits.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
  expect(requested, 'no script before the key').toEqual([]);
  await page.keyboard.press('Tab');
  await expect.poll(() => requested.length).toBe(chunks.length);
  await waitForHighlighting(page);
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  await expect(page).toHaveURL(/target=postgres/);
  await expectPageMatchesUrl(page);
});
