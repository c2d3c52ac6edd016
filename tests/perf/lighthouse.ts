/**
 * Lighthouse 12 against the served export in Debian's chromium: performance category only (no
 * audit that needs the internet), mobile (default: simulated slow 4G, 4x CPU) and desktop presets;
 * and the page's no-JavaScript floor (./floor.ts) with the mobile preset, its runs interleaved with
 * the page's so that both meet the same machine.
 */
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config, type Flags } from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { machineLoad, type MachineLoad } from './machine';
import { median } from './stats';

export type Preset = 'mobile' | 'desktop';
/** The page as built, or its copy without scripts. */
export type Site = 'page' | 'floor';

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
  /**
   * JavaScript transferred during Lighthouse's load (it ends once network and CPU are quiet), bytes
   * on the wire with headers as its network-requests audit counts them (resourceType Script), with
   * and without the highlighter's scripts.
   */
  readonly scriptBytes: number;
  readonly scriptBytesNoHighlighter: number;
  /** The element Lighthouse took for the largest paint (its snippet of HTML), or '' when it named none. */
  readonly lcpElement: string;
  /**
   * The document's bytes on the wire, headers included. Lighthouse's simulation sends 10 segments
   * of 1460 bytes in its first round trip (INITIAL_CONGESTION_WINDOW, TCP_SEGMENT_SIZE in
   * @paulirish/trace_engine/models/trace/lantern/simulation/TCPConnection.js), so a document over
   * 14600 bytes costs its phone one more round trip (150 ms) before the first paint.
   */
  readonly documentBytes: number;
}

export interface LongTask {
  /** The script file the task ran, `document` for the page itself, or Lighthouse's `Unattributable`. */
  readonly source: string;
  readonly ms: number;
}

export interface LighthouseSummary extends Omit<LighthouseRun, 'longTasks' | 'lcpElement'> {
  readonly preset: Preset;
  readonly site: Site;
  readonly machine: MachineLoad;
  readonly runs: readonly LighthouseRun[];
  /** The long tasks of the run whose TBT is the median one. */
  readonly longTasks: readonly LongTask[];
  /** The largest paint's element in each run. */
  readonly lcpElements: readonly string[];
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

interface Request {
  readonly url?: unknown;
  readonly transferSize?: unknown;
  readonly resourceType?: unknown;
}

/** Script bytes on the wire (lighthouse/core/audits/network-requests.js: transferSize, resourceType). */
/** The first Document request's transferSize (the page itself). */
function documentBytes(details: unknown): number {
  const doc = ((details as { items?: Request[] } | undefined)?.items ?? []).find((r) => r.resourceType === 'Document');
  return typeof doc?.transferSize === 'number' ? doc.transferSize : Number.NaN;
}

function scriptBytes(details: unknown, highlighter: ReadonlySet<string>): { all: number; rest: number } {
  const items = ((details as { items?: Request[] } | undefined)?.items ?? []).filter(
    (r) => r.resourceType === 'Script',
  );
  const size = (r: Request) => (typeof r.transferSize === 'number' ? r.transferSize : 0);
  const isHighlighter = (r: Request) =>
    typeof r.url === 'string' && r.url.startsWith('http') && highlighter.has(new URL(r.url).pathname);
  const sum = (list: readonly Request[]) => list.reduce((a, r) => a + size(r), 0);
  return { all: sum(items), rest: sum(items.filter((r) => !isHighlighter(r))) };
}

/** The first node a details tree names (lighthouse/core/audits/largest-contentful-paint-element.js: a list of tables). */
function firstNode(details: unknown): string {
  if (typeof details !== 'object' || details === null) return '';
  const node = (details as { node?: { snippet?: unknown } }).node;
  if (typeof node?.snippet === 'string') return node.snippet.slice(0, 120);
  for (const value of Object.values(details)) {
    const found = firstNode(value);
    if (found !== '') return found;
  }
  return '';
}

async function once(
  url: string,
  port: number,
  preset: Preset,
  highlighter: ReadonlySet<string>,
): Promise<LighthouseRun> {
  const flags: Flags = { port, output: 'json', logLevel: 'error', disableFullPageScreenshot: true };
  const result = await lighthouse(url, flags, CONFIGS[preset]);
  if (!result) throw new Error('lighthouse returned no result');
  const { lhr } = result;
  const bytes = scriptBytes(lhr.audits['network-requests']?.details, highlighter);
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
    scriptBytes: bytes.all,
    scriptBytesNoHighlighter: bytes.rest,
    lcpElement: firstNode(lhr.audits['largest-contentful-paint-element']?.details),
    documentBytes: documentBytes(lhr.audits['network-requests']?.details),
  };
}

function longTasks(details: unknown, page: string): LongTask[] {
  const items = (details as { items?: { url?: unknown; duration?: unknown }[] } | undefined)?.items ?? [];
  return items
    .map((t) => {
      const url = typeof t.url === 'string' ? t.url : '';
      const source =
        url === page
          ? 'document'
          : url.startsWith('http')
            ? (new URL(url).pathname.split('/').pop() ?? url)
            : url || 'Unattributable';
      return { source, ms: typeof t.duration === 'number' ? t.duration : 0 };
    })
    .sort((a, b) => b.ms - a.ms);
}

function summarize(
  preset: Preset,
  site: Site,
  runs: readonly LighthouseRun[],
  machine: MachineLoad,
): LighthouseSummary {
  const m = (pick: (r: LighthouseRun) => number) => median(runs.map(pick));
  const byTbt = [...runs].sort((a, b) => a.tbtMs - b.tbtMs);
  return {
    longTasks: byTbt[Math.floor((byTbt.length - 1) / 2)]?.longTasks ?? [],
    lcpElements: runs.map((r) => r.lcpElement),
    preset,
    site,
    machine,
    runs,
    score: m((r) => r.score),
    lcpMs: m((r) => r.lcpMs),
    tbtMs: m((r) => r.tbtMs),
    cls: m((r) => r.cls),
    fcpMs: m((r) => r.fcpMs),
    benchmarkIndex: m((r) => r.benchmarkIndex),
    scriptBytes: m((r) => r.scriptBytes),
    scriptBytesNoHighlighter: m((r) => r.scriptBytesNoHighlighter),
    documentBytes: m((r) => r.documentBytes),
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

export interface Sites {
  readonly page: string;
  /** The no-JavaScript floor, measured with the mobile preset only. */
  readonly floor?: string | undefined;
}

/**
 * Runs each preset `runs` times in one chromium (the cache is cleared per run) and takes medians:
 * mobile, page and floor alternately, then desktop. `highlighter` holds the URL paths of the
 * highlighter's scripts.
 */
export async function lighthouseAll(
  sites: Sites,
  runs: number,
  highlighter: readonly string[],
  onChrome: (chrome: LaunchedChrome) => void,
): Promise<LighthouseSummary[]> {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: [...CHROMIUM_FLAGS], logLevel: 'error' });
  onChrome(chrome);
  const paths = new Set(highlighter);
  const run = (url: string, preset: Preset) => retried(() => once(url, chrome.port, preset, paths));
  try {
    const mobile: LighthouseRun[] = [];
    const floor: LighthouseRun[] = [];
    const mobileMeter = machineLoad();
    for (let i = 0; i < runs; i++) {
      mobile.push(await run(sites.page, 'mobile'));
      if (sites.floor !== undefined) floor.push(await run(sites.floor, 'mobile'));
    }
    const mobileLoad = mobileMeter.stop();
    const desktopMeter = machineLoad();
    const desktop: LighthouseRun[] = [];
    for (let i = 0; i < runs; i++) desktop.push(await run(sites.page, 'desktop'));
    return [
      summarize('mobile', 'page', mobile, mobileLoad),
      ...(floor.length > 0 ? [summarize('mobile', 'floor', floor, mobileLoad)] : []),
      summarize('desktop', 'page', desktop, desktopMeter.stop()),
    ];
  } finally {
    chrome.kill();
  }
}
