// The page paints its answer before it asks for any JavaScript (scripts/afterpaint.mjs), and then
// loads every script the export references and works. Read from a browser trace: the renderer's
// first Paint event against its first request for, and first run of, a chunk. (The paint timing
// API is no judge here: it reports when the frame reached the screen, a frame after the paint.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { firstLoadRefs } from '../perf/firstload';
import { ROOT, expectPageMatchesUrl, waitForHighlighting } from './helpers';

const chunks = firstLoadRefs(readFileSync(join(ROOT, 'out/index.html'), 'utf8'))
  .filter((r) => r.kind === 'script')
  .map((r) => r.url);

interface TraceEvent {
  readonly name: string;
  readonly ts: number;
  readonly args?: { data?: { url?: string; frame?: string } };
}

test('the first paint comes before the first script request, and every script then loads', async ({ page, browser, baseURL }) => {
  expect(chunks.length).toBeGreaterThan(3);
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  await page.goto('/');
  await waitForHighlighting(page);
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const isChunk = (url: string | undefined) => url !== undefined && url.startsWith(`${baseURL}/_next/static/chunks/`) && url.endsWith('.js');
  const first = (pick: (e: TraceEvent) => boolean) => Math.min(...events.filter(pick).map((e) => e.ts));
  // The blank page the tab starts on paints too: count from the request for the document.
  const navigation = first((e) => e.name === 'ResourceSendRequest' && e.args?.data?.url === `${baseURL}/`);
  const paint = first((e) => e.name === 'Paint' && e.ts > navigation);
  const request = first((e) => e.name === 'ResourceSendRequest' && isChunk(e.args?.data?.url));
  const run = first((e) => e.name === 'EvaluateScript' && isChunk(e.args?.data?.url));
  expect([navigation, paint, request, run].every(Number.isFinite), 'the trace has the navigation, a paint, a chunk request and a chunk run').toBe(true);
  expect(request, 'first chunk request after the first paint').toBeGreaterThan(paint);
  expect(run).toBeGreaterThan(paint);
  const requested = new Set(events.filter((e) => e.name === 'ResourceSendRequest').map((e) => new URL(e.args?.data?.url ?? '', baseURL).pathname));
  expect(chunks.filter((url) => !requested.has(url))).toEqual([]);
  // And the page is live: an edit changes the address and the snippets.
  await page.getByRole('radio', { name: 'PostgreSQL' }).check({ force: true });
  await expect(page).toHaveURL(/target=postgres/);
  await expectPageMatchesUrl(page);
});
