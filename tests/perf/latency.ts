/**
 * Input-to-output latency in chromium: from typing a new idle timeout (the input event's timeStamp)
 * to the first snippet showing the new value in highlighted spans. Timed inside the page on the
 * performance.now() clock: `dom` when a MutationObserver sees the updated, highlighted snippet (it is
 * painted in the next frame), `frame` at the next requestAnimationFrame after that.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { percentile } from './stats';

export interface LatencySummary {
  readonly cpuSlowdown: number;
  readonly samples: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly frameP50Ms: number;
  readonly frameP95Ms: number;
  readonly maxMs: number;
  /** Measured on this run's page load (throttling starts after it). */
  readonly load: LoadOrder;
}

/** When the first highlighter script was requested, against the first contentful paint (page clock). */
export interface LoadOrder {
  readonly fcpMs: number;
  readonly firstHighlighterRequestMs: number | undefined;
}

interface Sample {
  readonly dom: number;
  readonly frame: number;
}

type Slot = Window & { kcSample?: Promise<Sample> };

/**
 * Runs in the page before a change: from the next `input` event on the idle field (its timeStamp,
 * the moment the browser created the event) to the first snippet showing `idle=<value>` highlighted.
 * The result waits in window.kcSample.
 */
function arm(args: { value: number; timeoutMs: number }): void {
  const { value, timeoutMs } = args;
  (window as Slot).kcSample = new Promise<Sample>((resolve, reject) => {
    const needle = `idle=${value}`;
    let t0: number | undefined;
    const ready = () => {
      const pre = document.querySelector('[data-snippet] pre');
      return (
        t0 !== undefined &&
        pre !== null &&
        (pre.textContent ?? '').includes(needle) &&
        pre.querySelector('span[style]') !== null
      );
    };
    const observer = new MutationObserver(() => {
      if (t0 === undefined || !ready()) return;
      const start = t0;
      const dom = performance.now() - start;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve({ dom, frame: performance.now() - start }));
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`snippet did not show ${needle} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onInput = (e: Event) => {
      if ((e.target as Element | null)?.id !== 'field-idle') return;
      t0 = e.timeStamp;
      document.removeEventListener('input', onInput, true);
    };
    document.addEventListener('input', onInput, true);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** One change typed into the idle field (trusted input events, as a user's), and its latency. */
async function change(page: Page, value: number): Promise<Sample> {
  await page.evaluate(arm, { value, timeoutMs: 10_000 });
  await page.locator('#field-idle').fill(String(value));
  const sample = await page.evaluate(() => (window as Slot).kcSample);
  if (!sample) throw new Error('latency probe was not armed');
  return sample;
}

/** Loads the page, waits for highlighting, and brings the first snippet on screen (the inputs stay: sticky). */
async function prepare(page: Page, url: string, highlighter: readonly string[]): Promise<LoadOrder> {
  await page.goto(url);
  await page.locator('[data-snippet]').first().scrollIntoViewIfNeeded();
  await page.locator('[data-snippet] pre span[style]').first().waitFor({ timeout: 30_000 });
  // Seconds as the unit, so every typed number is the query value itself.
  await page.locator('select[name="idle-unit"]').selectOption('s');
  return page.evaluate((paths) => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
    const starts = performance
      .getEntriesByType('resource')
      .filter((e) => paths.includes(new URL(e.name).pathname))
      .map((e) => e.startTime);
    return { fcpMs: fcp, firstHighlighterRequestMs: starts.length > 0 ? Math.min(...starts) : undefined };
  }, highlighter);
}

async function series(page: Page, first: number, count: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < count; i++) {
    out.push(await change(page, first + i));
    // The next change starts once the page is idle: the previous one's effects (URL write) are done.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 })));
  }
  return out;
}

async function measure(
  browser: Browser,
  url: string,
  highlighter: readonly string[],
  cpuSlowdown: number,
  changes: number,
): Promise<LatencySummary> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    // tsx keeps function names with a `__name` helper that the page does not have.
    await context.addInitScript('globalThis.__name ??= (f) => f;');
    const page = await context.newPage();
    const load = await prepare(page, url, highlighter);
    await series(page, 1000, 5); // warm-up: every grammar compiled, JIT warm
    if (cpuSlowdown !== 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    }
    const samples = await series(page, 2000, changes);
    const dom = samples.map((s) => s.dom);
    const frame = samples.map((s) => s.frame);
    return {
      cpuSlowdown,
      samples: samples.length,
      p50Ms: percentile(dom, 50),
      p95Ms: percentile(dom, 95),
      frameP50Ms: percentile(frame, 50),
      frameP95Ms: percentile(frame, 95),
      maxMs: Math.max(...dom),
      load,
    };
  } finally {
    await context.close();
  }
}

/**
 * Latency at each CPU slowdown (1 = none), `changes` changes each, in one chromium; `highlighter`
 * lists the URL paths of the highlighter's scripts, to tell when the page first asked for one.
 */
export async function latencyAll(
  url: string,
  highlighter: readonly string[],
  slowdowns: readonly number[],
  changes: number,
  onBrowser: (b: Browser) => void,
): Promise<LatencySummary[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
  onBrowser(browser);
  try {
    const out: LatencySummary[] = [];
    for (const rate of slowdowns) out.push(await measure(browser, url, highlighter, rate, changes));
    return out;
  } finally {
    await browser.close();
  }
}
