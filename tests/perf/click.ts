/**
 * The first click answered (issue 15): a click on a target (PostgreSQL) in chromium, timed from the
 * click event's timeStamp (the moment the browser created the trusted event) to the animation frame
 * after the output changed, on the page's performance.now() clock (0 = navigation start). The output
 * has changed when the list of snippet cards differs from the one the click found: SSH's and
 * PostgreSQL's cards differ (lib/targets/), so no highlighting or URL write is waited for.
 *
 * Two moments: `load`, the click sent as soon as the page's load event has fired (a fresh browser
 * context each run: empty cache, as a first visit), and `idle`, on a page that has loaded, coloured
 * its code and been idle, the target changed back and forth.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { machineLoad, type MachineLoad } from './machine';
import { median, percentile } from './stats';

export type Moment = 'load' | 'idle';

export interface ClickRun {
  /** The load event's start, ms after navigation start (NaN for an idle click). */
  readonly loadMs: number;
  /** The click event's timeStamp, ms after navigation start. */
  readonly clickMs: number;
  /** The frame after the output changed, ms after navigation start. */
  readonly answeredMs: number;
  /** answeredMs - clickMs. */
  readonly latencyMs: number;
}

export interface ClickSummary {
  readonly moment: Moment;
  readonly cpuSlowdown: number;
  readonly runs: readonly ClickRun[];
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Median of answeredMs: when the answer was on screen, counted from navigation start. */
  readonly fromNavigationP50Ms: number;
  readonly machine: MachineLoad;
}

/** Fixed by CSS (CLS 0): where the PostgreSQL label is, measured once on a loaded page. */
interface Point {
  readonly x: number;
  readonly y: number;
}

const VIEWPORT = { width: 1280, height: 800 };
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Installed before any page script: records the load event, and arms on the first click on a label
 * of the target control. `window.kcAnswer` resolves with the frame time after the cards changed.
 * A string, not a function: tsx would wrap a function in a `__name` helper the page lacks.
 */
const PROBE = `(() => {
  const w = window;
  const cards = () => Array.from(document.querySelectorAll('[data-snippet]'), (e) => e.getAttribute('data-snippet')).join(',');
  w.kcClick = {};
  addEventListener('load', () => { w.kcClick.load = performance.now(); }, { once: true, capture: true });
  w.kcAnswer = new Promise((resolve) => {
    const onClick = (e) => {
      const input = e.target instanceof Element ? e.target.closest('label')?.querySelector('input[name="target"]') : null;
      if (!input) return;
      document.removeEventListener('click', onClick, true);
      const before = cards();
      w.kcClick.click = e.timeStamp;
      const check = () => {
        if (cards() === before) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-snippet'] });
    };
    document.addEventListener('click', onClick, true);
  });
})();`;

async function throttle(context: BrowserContext, page: Page, rate: number): Promise<void> {
  if (rate === 1) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

async function answered(page: Page): Promise<ClickRun> {
  const answeredMs = await page.evaluate(
    `Promise.race([window.kcAnswer, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within ${ANSWER_TIMEOUT_MS} ms')), ${ANSWER_TIMEOUT_MS}))])`,
  );
  const marks = (await page.evaluate('window.kcClick')) as { load?: number; click?: number };
  if (typeof answeredMs !== 'number' || marks.click === undefined) throw new Error('click probe: no click seen');
  return { loadMs: marks.load ?? Number.NaN, clickMs: marks.click, answeredMs, latencyMs: answeredMs - marks.click };
}

/** The PostgreSQL label's centre on a loaded page. */
async function locate(browser: Browser, url: string): Promise<Point> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const box = await page
      .locator('label', { has: page.locator('input[name="target"][value="postgres"]') })
      .boundingBox();
    if (!box) throw new Error('click probe: no PostgreSQL label on the page');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  } finally {
    await context.close();
  }
}

/** One first visit: a click on PostgreSQL the moment the load event has fired. */
async function atLoad(browser: Browser, url: string, at: Point, rate: number): Promise<ClickRun> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    // Same origin first, so the page loads in the renderer the throttling was set in.
    await page.goto(new URL('/icon.svg', url).href);
    await throttle(context, page, rate);
    await page.goto(url, { waitUntil: 'load' });
    await page.mouse.click(at.x, at.y);
    return await answered(page);
  } finally {
    await context.close();
  }
}

/** Clicks on a page that has loaded, coloured its code and gone idle: PostgreSQL, then SSH, and so on. */
async function whenIdle(browser: Browser, url: string, rate: number, clicks: number): Promise<ClickRun[]> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-snippet] pre span[style]').first().waitFor({ timeout: 30_000 });
    await throttle(context, page, rate);
    const out: ClickRun[] = [];
    for (let i = 0; i < clicks; i++) {
      const target = i % 2 === 0 ? 'postgres' : 'ssh';
      await page.evaluate(
        'new Promise((r) => requestIdleCallback(() => requestIdleCallback(r, { timeout: 2000 }), { timeout: 2000 }))',
      );
      if (i > 0) await page.evaluate(PROBE); // re-armed: it listens for one click
      const box = await page
        .locator('label', { has: page.locator(`input[name="target"][value="${target}"]`) })
        .boundingBox();
      if (!box) throw new Error(`click probe: no ${target} label`);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      out.push({ ...(await answered(page)), loadMs: Number.NaN });
    }
    return out;
  } finally {
    await context.close();
  }
}

function summarize(moment: Moment, cpuSlowdown: number, runs: readonly ClickRun[], machine: MachineLoad): ClickSummary {
  const latency = runs.map((r) => r.latencyMs);
  return {
    moment,
    cpuSlowdown,
    runs,
    p50Ms: median(latency),
    p95Ms: percentile(latency, 95),
    fromNavigationP50Ms: median(runs.map((r) => r.answeredMs)),
    machine,
  };
}

/**
 * `runs` first visits clicked at the load event at each CPU slowdown (interleaved, so the machine's
 * load falls on all alike), then `runs` idle clicks at 1x; in one chromium.
 */
export async function clickAll(
  url: string,
  slowdowns: readonly number[],
  runs: number,
  onBrowser: (b: Browser) => void,
): Promise<ClickSummary[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
  onBrowser(browser);
  try {
    const at = await locate(browser, url);
    const byRate = new Map<number, ClickRun[]>(slowdowns.map((r) => [r, []]));
    const loadMeter = machineLoad();
    for (let i = 0; i < runs; i++)
      for (const rate of slowdowns) byRate.get(rate)?.push(await atLoad(browser, url, at, rate));
    const loadMachine = loadMeter.stop();
    const out = slowdowns.map((rate) => summarize('load', rate, byRate.get(rate) ?? [], loadMachine));
    const idleMeter = machineLoad();
    const idle = await whenIdle(browser, url, 1, runs);
    out.push(summarize('idle', 1, idle, idleMeter.stop()));
    return out;
  } finally {
    await browser.close();
  }
}
