#!/usr/bin/env node
// Runs the page's JavaScript after its first paint, for the static export; run after
// scripts/island.mjs (which leaves the island's scripts in each page) and before scripts/csp.mjs
// (which hashes the loader this adds):
//   node scripts/afterpaint.mjs [out-dir]
//
// Why: the export's HTML already holds the whole default answer, but its scripts are <script async>
// (the island's modules, scripts/island.mjs). On a fast link they arrive before the stylesheet, so
// the browser would run the page's JavaScript (the framework's start-up was 50-60 ms on the
// benchmark's machine, four times that on a phone) before it paints anything, and the answer would
// appear only after that. Here every <script src async> is removed and one inline loader appends the same
// scripts, in the same order, once the first frame is painted and the browser has reported its
// largest paint (or at the first click or key, whichever comes first): requestAnimationFrame runs
// just before a paint, and a timeout queued from it runs after that paint. A page opened in a
// background tab paints nothing and gets no animation frames (and its timers are slowed to one a
// second), so there the scripts are added at once.
// There is no <link rel="preload"> for them (Next's own preload of its entry chunk is removed too):
// on a slow link 150 KB of early script downloads share the bandwidth with the HTML and the
// stylesheet, and Lighthouse's mobile model put the largest paint at 2.2 s with them against
// 0.8 s without. The scripts start one round trip later instead.
//
// The e2e suite checks that the first paint comes before the first script request, and the report
// of the largest paint before it too (tests/e2e/afterpaint.spec.ts).
// Idempotent: a page without async scripts is left alone. Exits 1 when no page has either async
// scripts or the loader, since then `next build` changed its output and this step is stale.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { command, htmlFiles } from './export.mjs';

/** The loader's start after the first paint; also what marks a page the loader is in. */
const LOADER_MARK = 'requestAnimationFrame(function(){T(painted,0)})';
/**
 * How long the loader waits, after the first paint, for the browser to report the largest paint
 * before it starts the scripts anyway. The report comes once the frame is on the screen, about a
 * frame after the paint; a browser that reports no such entry starts the scripts at once.
 */
export const LCP_WAIT_MS = 500;

/** The island's async module scripts (scripts/island.mjs writes them; the loader adds them as modules again). */
const ASYNC_SCRIPT = /<script\s+type="module"\s+src="([^"<>]+)"\s+async=""\s*><\/script>/g;
const PRELOAD = /<link rel="preload" as="script"(?: fetchPriority="low")? href="([^"<>]+)"\s*\/>/g;

/**
 * The inline loader for these script URLs (JSON-encoded, so no URL can end the script early). It
 * appends one script per task: each appendChild starts a fetch and costs 1-3 ms, and seven in one
 * task made a task of 10-25 ms on the benchmark's machine.
 *
 * It starts them once the browser has reported the largest contentful paint, not right after the
 * first paint: the report (a PerformanceObserver entry, W3C Largest Contentful Paint) carries the
 * time the frame reached the screen, a frame after the paint task, and Lighthouse's simulation
 * counts every request started before that time as something the largest paint waited for. Started
 * just after the paint task, the scripts' 150 KB on its slow 4G put the phone's largest paint at
 * 1.2-1.4 s against 0.84-0.90 s for the same page with no scripts (the bench's no-JS floor). The
 * browser reports no largest paint after the first input, so a click or a key before the report
 * starts them at once: that input needs them.
 *
 * It first gives a path starting with `//` (or `/\`, which browsers read as `//`) one leading
 * slash, before any other script runs: the page writes its state to the address as a path-only URL
 * (components/useConfig.ts writeUrl; the framework's router did the same, in
 * next/dist/client/components/router-reducer/create-href-from-url.js), and `//index.html?v=1` is
 * protocol-relative, naming the host `index.html`: history.replaceState with it throws a
 * SecurityError. The query and hash stay.
 *
 * Written small: the page's HTML with its headers fits Lighthouse's first 14.6 KB window of slow
 * start (10 segments of 1460 bytes: INITIAL_CONGESTION_WINDOW and TCP_SEGMENT_SIZE in
 * @paulirish/trace_engine/models/trace/lantern/simulation/TCPConnection.js, which Lighthouse 12
 * simulates with) or it costs a round trip, 150 ms on its phone.
 */
export function loader(srcs) {
  const list = JSON.stringify(srcs).replace(/</g, '\\u003c');
  return (
    '<script>(function(){' +
    `var s=${list},i=0;` +
    'var d=document,l=location,T=setTimeout,u=0,P=window.PerformanceObserver;' +
    'if(/^\\/\\//.test(l.pathname))history.replaceState(history.state,"",l.pathname.replace(/^\\/+/,"/")+l.search+l.hash);' +
    'function a(){var e=d.createElement("script");e.type="module";e.src=s[i++];e.async=!0;d.head.appendChild(e)}' +
    'function g(){a();i<s.length&&T(g,0)}' +
    'function go(){u||(u=1,g())}' +
    // Entry types the browser does not know are not in supportedEntryTypes (Performance Timeline).
    'function painted(){if(!P||(P.supportedEntryTypes||[]).indexOf("largest-contentful-paint")<0)return go();' +
    'new P(function(x,o){o.disconnect();T(go,0)}).observe({type:"largest-contentful-paint",buffered:!0});' +
    `T(go,${LCP_WAIT_MS})}` +
    'addEventListener("pointerdown",go,!0);addEventListener("keydown",go,!0);' +
    // Hidden tabs throttle timers to one a second; nothing is painted there anyway.
    `if(d.visibilityState=="hidden")for(u=1;i<s.length;)a();else ${LOADER_MARK}` +
    '})()</script>'
  );
}

/**
 * The page with its async scripts started after the first paint: they and their preloads are
 * removed, and the loader goes last in <body>. Returns the page unchanged (and no sources) when it
 * has no async script.
 */
export function afterPaint(html) {
  const srcs = [...new Set([...html.matchAll(ASYNC_SCRIPT)].map((m) => m[1]))];
  if (srcs.length === 0) return { html, srcs };
  const out = html.replace(PRELOAD, (tag, href) => (srcs.includes(href) ? '' : tag)).replace(ASYNC_SCRIPT, '');
  const end = out.lastIndexOf('</body>');
  if (end === -1) throw new Error('no </body>');
  return { html: out.slice(0, end) + loader(srcs) + out.slice(end), srcs };
}

function main(argv) {
  const out = resolve(argv[0] ?? 'out');
  if (!existsSync(out)) throw new Error(`${out} does not exist: run next build first`);
  let changed = 0;
  for (const file of htmlFiles(out)) {
    const before = readFileSync(file, 'utf8');
    const { html, srcs } = afterPaint(before);
    if (srcs.length === 0) continue;
    writeFileSync(file, html);
    changed++;
    console.log(`afterpaint: ${relative(process.cwd(), file)}: ${srcs.length} script(s) after the first paint`);
  }
  if (changed === 0 && !htmlFiles(out).some((f) => readFileSync(f, 'utf8').includes(LOADER_MARK))) {
    throw new Error(`no <script async> and no loader under ${out}: did next build change its output?`);
  }
}

command(import.meta.url, 'afterpaint', main);
