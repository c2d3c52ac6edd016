/** Plain-text tables for the benchmark report. */
import { KIB, type Results, type Verdict } from './budgets';
import type { Bytes } from './firstload';
import { showLoad } from './machine';
import { median } from './stats';

export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly chromium: string;
  readonly cpus: number;
  readonly loadAverage: readonly number[];
  readonly lighthouseBenchmarkIndex?: number;
  /** CPU use of the whole machine while Lighthouse ran, percent: busy (of which stolen by the hypervisor). */
  readonly lighthouseCpu?: { readonly busy: number; readonly steal: number } | undefined;
}

/** Columns padded to their widest cell; `align` has one letter per column, l or r (default: l then r). */
export function grid(header: readonly string[], rows: readonly (readonly string[])[], align = ''): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => (align[i] ?? (i === 0 ? 'l' : 'r')) === 'l';
  const line = (r: readonly string[]) =>
    r.map((c, i) => (left(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
    .map((l) => `  ${l.trimEnd()}`)
    .join('\n');
}

const kib = (n: number) => `${(n / KIB).toFixed(1)} KiB`;
const bytes = (label: string, b: Bytes) => [label, kib(b.raw), kib(b.gzip)];
const ms = (v: number) => `${v.toFixed(1)} ms`;
const us = (v: number) => `${v.toFixed(0)} us`;

function firstLoad(r: Results, errors: Readonly<Record<string, string>>): string {
  const f = r.firstLoad;
  if (!f) return `First load: ${errors.firstLoad ?? 'not measured'}`;
  const files = f.assets.map((a) => [
    `  ${a.url}`,
    kib(a.raw),
    kib(a.gzip),
    a.kind + (a.shiki ? ` HIGHLIGHTER:${a.shiki}` : ''),
  ]);
  const scripts = f.assets.filter((a) => a.kind === 'script').length;
  return [
    'First load of / (what out/index.html references; gzip = zlib level 9)',
    grid(
      ['', 'raw', 'gzip', 'kind'],
      [
        bytes('HTML', f.html),
        [...bytes(`JavaScript (${scripts} files)`, f.js), ''],
        [...bytes('CSS', f.css), ''],
        [...bytes('total: HTML + JS + CSS', f.total), ''],
        [...bytes('nomodule polyfill (legacy browsers only; not counted)', f.nomodule), ''],
        ...files,
      ],
      'lrrl',
    ),
  ].join('\n');
}

function lighthouse(r: Results, errors: Readonly<Record<string, string>>): string {
  const l = r.lighthouse;
  if (!l) return `Lighthouse: ${errors.lighthouse ?? 'not measured'}`;
  const runs = l[0]?.runs.length ?? 0;
  const name = (s: (typeof l)[number]) => (s.site === 'floor' ? `${s.preset}, no-JS floor` : s.preset);
  return [
    `Lighthouse 12, performance category only, median of ${runs} runs (the no-JS floor: the same export with its scripts stripped, runs interleaved with the page's)`,
    grid(
      [
        'preset',
        'score',
        'LCP',
        'TBT',
        'CLS',
        'FCP',
        'HTML on the wire',
        'JS before idle',
        'w/o highlighter',
        'scores',
        'machine',
      ],
      l.map((s) => [
        name(s),
        String(s.score),
        ms(s.lcpMs),
        ms(s.tbtMs),
        s.cls.toFixed(3),
        ms(s.fcpMs),
        `${s.documentBytes} B`,
        kib(s.scriptBytes),
        kib(s.scriptBytesNoHighlighter),
        s.runs.map((x) => x.score).join(' '),
        showLoad(s.machine),
      ]),
      'lrrrrrrrrll',
    ),
    ...l.map(
      (s) =>
        `  ${name(s)} long tasks (simulated; the run with the median TBT): ${s.longTasks.map((t) => `${t.source} ${t.ms.toFixed(0)} ms`).join(', ') || 'none'}`,
    ),
    ...l.map(
      (s) => `  ${name(s)} largest paint: ${[...new Set(s.lcpElements)].map((e) => e || '(none named)').join(' | ')}`,
    ),
    '  HTML on the wire: the document with its headers; over 14600 B (10 segments of slow start) the phone waits one more round trip',
  ].join('\n');
}

function clicks(r: Results, errors: Readonly<Record<string, string>>): string {
  const c = r.clicks;
  if (!c) return `First click: ${errors.clicks ?? 'not measured'}`;
  const floorLcp = r.lighthouse?.find((s) => s.site === 'floor')?.lcpMs;
  return [
    'Click on PostgreSQL -> snippet cards changed, next frame (chromium, in-page clock; 0 = navigation start)',
    grid(
      ['when', 'CPU', 'runs', 'p50', 'p95', 'answered at p50', 'load event p50', 'machine'],
      c.map((s) => [
        s.moment === 'load' ? 'at the load event' : 'after idle',
        s.cpuSlowdown === 1 ? 'no throttling' : `${s.cpuSlowdown}x slower`,
        String(s.runs.length),
        ms(s.p50Ms),
        ms(s.p95Ms),
        ms(s.fromNavigationP50Ms),
        s.moment === 'load' ? ms(median(s.runs.map((x) => x.loadMs))) : '',
        showLoad(s.machine),
      ]),
      'llrrrrrl',
    ),
    `  beside the no-JS floor: its Lighthouse mobile LCP ${floorLcp === undefined ? 'not measured' : ms(floorLcp)}`,
  ].join('\n');
}

function latency(r: Results, errors: Readonly<Record<string, string>>): string {
  const l = r.latency;
  if (!l) return `Input to output: ${errors.latency ?? 'not measured'}`;
  return [
    'Idle timeout change -> first snippet updated and highlighted (chromium, in-page performance.now())',
    grid(
      ['CPU', 'changes', 'p50', 'p95', 'max', 'next frame p50', 'next frame p95'],
      l.map((s) => [
        s.cpuSlowdown === 1 ? 'no throttling' : `${s.cpuSlowdown}x slower`,
        String(s.samples),
        ms(s.p50Ms),
        ms(s.p95Ms),
        ms(s.maxMs),
        ms(s.frameP50Ms),
        ms(s.frameP95Ms),
      ]),
    ),
  ].join('\n');
}

function engine(r: Results, errors: Readonly<Record<string, string>>): string {
  const e = r.engine;
  if (!e) return `Engine: ${errors.engine ?? 'not measured'}`;
  return [
    'Engine as shipped (bundled by esbuild, run by node), median per call (wall clock; CPU = process CPU time)',
    grid(
      ['target', 'snippets', 'run(query)', 'run CPU', 'plan', 'render'],
      e.map((c) => [c.target, String(c.snippets), us(c.runUs), us(c.runCpuUs), us(c.planUs), us(c.renderUs)]),
    ),
  ].join('\n');
}

function budgets(v: readonly Verdict[]): string {
  const failed = v.filter((x) => !x.pass).length;
  return [
    'Budgets',
    grid(
      ['result', 'budget', 'limit', 'measured', 'machine'],
      v.map((x) => [x.pass ? 'pass' : 'FAIL', x.name, x.limit, x.measured, x.load ?? '']),
      'lllll',
    ),
    failed === 0 ? 'All budgets pass.' : `FAIL: ${failed} of ${v.length} budgets missed.`,
  ].join('\n');
}

export function report(
  env: Environment,
  r: Results,
  v: readonly Verdict[],
  errors: Readonly<Record<string, string>>,
): string {
  const head = `keepalive-config bench, ${env.date}; node ${env.node}, ${env.chromium}, ${env.cpus} CPUs, load average ${env.loadAverage.map((x) => x.toFixed(2)).join(' ')}${
    env.lighthouseBenchmarkIndex === undefined
      ? ''
      : `, Lighthouse benchmarkIndex ${env.lighthouseBenchmarkIndex.toFixed(0)}`
  }${env.lighthouseCpu === undefined ? '' : `; CPU while Lighthouse ran: ${env.lighthouseCpu.busy.toFixed(0)}% busy, ${env.lighthouseCpu.steal.toFixed(1)}% stolen`}`;
  return (
    [
      head,
      firstLoad(r, errors),
      lighthouse(r, errors),
      clicks(r, errors),
      latency(r, errors),
      engine(r, errors),
      budgets(v),
    ].join('\n\n') + '\n'
  );
}
