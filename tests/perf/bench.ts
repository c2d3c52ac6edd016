/**
 * `npm run bench`: builds the static export (`npm run build`), serves it on a spare port, measures
 * first-load bytes, Lighthouse (mobile and desktop, and mobile on the no-JS floor: the export with
 * its scripts stripped, ./floor.ts), the first click at the load event and after idle, input-to-output
 * latency and engine cost, prints the table and the budgets with the machine's load beside each
 * figure, and writes tests/perf/results/bench.json. Exits 0 when budgets fail (it is a report), 1
 * when the benchmark itself could not run. Flags: --no-build (measure the existing out/), --runs N
 * (Lighthouse runs per preset and first-click runs per setting, default 5: issue 15 asks for the
 * median of 5), --changes N (latency samples, default 60).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, killGroup } from './build';
import { verdicts, type Results } from './budgets';
import { CHROMIUM } from './chromium';
import { clickAll } from './click';
import { engineCostsShipped } from './engine-shipped';
import { buildFloor } from './floor';
import { measureFirstLoad, shikiScripts } from './firstload';
import { latencyAll } from './latency';
import { lighthouseAll } from './lighthouse';
import { machineLoad } from './machine';
import { serve } from './server';
import { report, type Environment } from './table';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(ROOT, 'tests/perf/results');
const OUT = join(ROOT, 'out');
/** The whole run stays under 12 minutes; each phase has its own bound inside that. */
const DEADLINE_MS = 720_000;
const BUILD_MS = 200_000;
/** Per Lighthouse run (3 x runs of them) and per first-click run (3 x runs). */
const LIGHTHOUSE_RUN_MS = 25_000;
const CLICK_RUN_MS = 12_000;
const LATENCY_MS = 70_000;

type Cleanup = () => unknown;
const cleanups = new Set<Cleanup>();

async function cleanAll(): Promise<void> {
  for (const c of [...cleanups].reverse()) {
    cleanups.delete(c);
    try {
      await c();
    } catch {
      // best effort: keep cleaning the rest
    }
  }
}

/** Settles with the task, or rejects after ms (calling onTimeout first, to free what the task holds). */
function bounded<T>(task: Promise<T>, ms: number, what: string, onTimeout: Cleanup): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      Promise.resolve(onTimeout()).finally(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)));
    }, ms);
  });
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer));
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'chromium (version unknown)';
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function main(): Promise<number> {
  const runs = flag('--runs', 5);
  const changes = flag('--changes', 60);
  mkdirSync(RESULTS, { recursive: true });
  const results: { -readonly [K in keyof Results]: Results[K] } = {};
  const errors: Record<string, string> = {};
  const step = (name: string) =>
    console.error(`bench: ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const started = performance.now();

  if (!process.argv.includes('--no-build')) {
    step('npm run build');
    await build(ROOT, join(RESULTS, 'build.log'), BUILD_MS, (child) => cleanups.add(() => killGroup(child)));
  }
  try {
    results.firstLoad = measureFirstLoad(OUT);
  } catch (e) {
    errors.firstLoad = message(e);
  }
  step('engine');
  try {
    results.engine = await engineCostsShipped();
  } catch (e) {
    errors.engine = message(e);
  }

  step('serve out/ and its no-JS floor');
  const server = await serve(ROOT, 'out');
  cleanups.add(server.stop);
  const floor = buildFloor(OUT);
  cleanups.add(floor.remove);
  const floorServer = await serve(ROOT, floor.dir);
  cleanups.add(floorServer.stop);
  const highlighter = shikiScripts(OUT);
  step(`Lighthouse, ${runs} runs per preset and of the floor`);
  const lighthouseMeter = machineLoad();
  let killChrome: Cleanup = () => undefined;
  try {
    const task = lighthouseAll({ page: server.url, floor: floorServer.url }, runs, highlighter, (chrome) => {
      killChrome = () => chrome.kill();
      cleanups.add(killChrome);
    });
    results.lighthouse = await bounded(task, 3 * runs * LIGHTHOUSE_RUN_MS, 'Lighthouse', () => killChrome());
  } catch (e) {
    errors.lighthouse = message(e);
  }
  const lighthouseLoad = lighthouseMeter.stop();
  step(`first click, ${runs} runs per setting`);
  let closeClicks: Cleanup = () => undefined;
  try {
    const task = clickAll(server.url, [1, 4], runs, (browser) => {
      closeClicks = () => browser.close();
      cleanups.add(closeClicks);
    });
    results.clicks = await bounded(task, 3 * runs * CLICK_RUN_MS, 'first click', () => closeClicks());
  } catch (e) {
    errors.clicks = message(e);
  }
  step(`latency, ${changes} changes per CPU setting`);
  let closeBrowser: Cleanup = () => undefined;
  try {
    const task = latencyAll(server.url, highlighter, [1, 4], changes, (browser) => {
      closeBrowser = () => browser.close();
      cleanups.add(closeBrowser);
    });
    results.latency = await bounded(task, LATENCY_MS, 'latency', () => closeBrowser());
  } catch (e) {
    errors.latency = message(e);
  }
  await cleanAll();

  const env: Environment = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: chromiumVersion(),
    cpus: cpus().length,
    loadAverage: loadavg(),
    lighthouseBenchmarkIndex: results.lighthouse?.[0]?.benchmarkIndex,
    lighthouseCpu:
      lighthouseLoad.busyPercent === undefined
        ? undefined
        : { busy: lighthouseLoad.busyPercent, steal: lighthouseLoad.stealPercent ?? 0 },
  };
  const v = verdicts(results);
  console.log(report(env, results, v, errors));
  writeFileSync(
    join(RESULTS, 'bench.json'),
    JSON.stringify({ env, results, errors, budgets: v, seconds: (performance.now() - started) / 1000 }, null, 2) + '\n',
  );
  step('done');
  return 0;
}

const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${DEADLINE_MS / 1000} s`);
  void cleanAll().finally(() => process.exit(1));
}, DEADLINE_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanAll().finally(() => process.exit(130)));
}
main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  (e: unknown) => {
    clearTimeout(watchdog);
    console.error(`bench: ${message(e)}`);
    void cleanAll().finally(() => process.exit(1));
  },
);
