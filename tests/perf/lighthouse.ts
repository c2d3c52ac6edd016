/**
 * Lighthouse 12 against the served export in Debian's chromium: performance category only (no
 * audit that needs the internet), mobile (default: simulated slow 4G, 4x CPU) and desktop presets.
 */
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config, type Flags } from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { median } from './stats';

export type Preset = 'mobile' | 'desktop';

export interface LighthouseRun {
  readonly score: number;
  readonly lcpMs: number;
  readonly tbtMs: number;
  readonly cls: number;
  readonly fcpMs: number;
  /** Lighthouse's measure of how fast this machine is (lower = slower; it warns below about 1000). */
  readonly benchmarkIndex: number;
  /** The main-thread tasks over 50 ms in Lighthouse's simulated timeline, longest first: what TBT is made of. */
  readonly longTasks: readonly LongTask[];
}

export interface LongTask {
  /** The script file the task ran, `document` for the page itself, or Lighthouse's `Unattributable`. */
  readonly source: string;
  readonly ms: number;
}

export interface LighthouseSummary extends Omit<LighthouseRun, 'longTasks'> {
  readonly preset: Preset;
  readonly runs: readonly LighthouseRun[];
  /** The long tasks of the run whose TBT is the median one. */
  readonly longTasks: readonly LongTask[];
}

const CONFIGS: Record<Preset, Config> = {
  mobile: { extends: 'lighthouse:default', settings: { onlyCategories: ['performance'] } },
  desktop: { extends: 'lighthouse:default', settings: { ...desktopConfig.settings, onlyCategories: ['performance'] } },
};

function numeric(audits: Record<string, { numericValue?: number }>, id: string): number {
  const value = audits[id]?.numericValue;
  if (value === undefined) throw new Error(`lighthouse: no value for ${id}`);
  return value;
}

async function once(url: string, port: number, preset: Preset): Promise<LighthouseRun> {
  const flags: Flags = { port, output: 'json', logLevel: 'error', disableFullPageScreenshot: true };
  const result = await lighthouse(url, flags, CONFIGS[preset]);
  if (!result) throw new Error('lighthouse returned no result');
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = lhr.categories.performance?.score;
  if (score === null || score === undefined) throw new Error('lighthouse: no performance score');
  return {
    score: Math.round(score * 100),
    lcpMs: numeric(lhr.audits, 'largest-contentful-paint'),
    tbtMs: numeric(lhr.audits, 'total-blocking-time'),
    cls: numeric(lhr.audits, 'cumulative-layout-shift'),
    fcpMs: numeric(lhr.audits, 'first-contentful-paint'),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    longTasks: longTasks(lhr.audits['long-tasks']?.details, url),
  };
}

function longTasks(details: unknown, page: string): LongTask[] {
  const items = (details as { items?: { url?: unknown; duration?: unknown }[] } | undefined)?.items ?? [];
  return items
    .map((t) => {
      const url = typeof t.url === 'string' ? t.url : '';
      const source = url === page ? 'document' : url.startsWith('http') ? (new URL(url).pathname.split('/').pop() ?? url) : url || 'Unattributable';
      return { source, ms: typeof t.duration === 'number' ? t.duration : 0 };
    })
    .sort((a, b) => b.ms - a.ms);
}

function summarize(preset: Preset, runs: readonly LighthouseRun[]): LighthouseSummary {
  const m = (pick: (r: LighthouseRun) => number) => median(runs.map(pick));
  const byTbt = [...runs].sort((a, b) => a.tbtMs - b.tbtMs);
  return {
    longTasks: byTbt[Math.floor((byTbt.length - 1) / 2)]?.longTasks ?? [],
    preset,
    runs,
    score: m((r) => r.score),
    lcpMs: m((r) => r.lcpMs),
    tbtMs: m((r) => r.tbtMs),
    cls: m((r) => r.cls),
    fcpMs: m((r) => r.fcpMs),
    benchmarkIndex: m((r) => r.benchmarkIndex),
  };
}

/**
 * Lighthouse's trace sometimes misses the navigation's start in a fresh browser (NO_NAVSTART, "Please
 * run Lighthouse again"); such a run is repeated, twice at most. Other errors are not retried.
 */
async function retried(run: () => Promise<LighthouseRun>): Promise<LighthouseRun> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= 2 || !(e instanceof Error) || !e.message.includes('NO_NAVSTART')) throw e;
    }
  }
}

/** Runs each preset `runs` times in one chromium (the cache is cleared per run) and takes medians. */
export async function lighthouseAll(url: string, runs: number, onChrome: (chrome: LaunchedChrome) => void): Promise<LighthouseSummary[]> {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: [...CHROMIUM_FLAGS], logLevel: 'error' });
  onChrome(chrome);
  try {
    const out: LighthouseSummary[] = [];
    for (const preset of ['mobile', 'desktop'] as const) {
      const results: LighthouseRun[] = [];
      for (let i = 0; i < runs; i++) results.push(await retried(() => once(url, chrome.port, preset)));
      out.push(summarize(preset, results));
    }
    return out;
  } finally {
    chrome.kill();
  }
}
