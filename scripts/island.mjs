#!/usr/bin/env node
// The static export's JavaScript: one island, the configurator, instead of the framework's client.
// Run after `next build` and before scripts/afterpaint.mjs (which starts the scripts this leaves in
// each page once it has painted), with tsx loaded for next.config.ts:
//   node --import tsx scripts/island.mjs [out-dir]
//
// `next build` writes each page with the framework's client: its router and chunk loader, its
// flight data (the page's tree again, as inline scripts) and a polyfill chunk for browsers without
// modules. A static export with one interactive region uses none of that: nothing navigates on the
// client (the preset links load in place through the configurator), and the rest of every page is
// text. Here components/island.tsx is bundled with esbuild (React DOM, the engine, the components;
// the highlighter, the runbook and the config-management renderers stay chunks of their own, loaded
// on demand) into out/_next/static/chunks/, and every page's framework scripts are replaced: a page
// with the configurator (`<div id="configurator">`) gets the island's entry and the chunks it
// imports, as async module scripts, in that order; a page without it (404) gets no script at all.
// What only the framework's client read (its chunks, manifests and flight-data files) is removed.
// Exits 1, before it writes anything, when a page already loads the island (a second run would
// leave its file names stale: run next build again), and when a page holds a script it does not
// know or a configurator without the framework's scripts (then `next build` changed its output).
import { readFileSync, writeFileSync, existsSync, rmSync, readdirSync, rmdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ISLAND_ID } from '../components/islandId.ts';
import { command, htmlFiles } from './export.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where the island's files go, under the export: the framework's own folder for hashed scripts. */
const CHUNKS = join('_next', 'static', 'chunks');
/** Every file of the island is named so, and nothing of the framework's is. */
const ISLAND_PREFIX = 'island-';

/**
 * The framework's script elements in an exported page (Next 16, app router, turbopack): external
 * scripts (async chunks and the nomodule polyfill), its chunk list (`<script id="_R_">`) and the
 * flight data (`self.__next_f`). Our own scripts are added after this runs, so every <script> in
 * the page at this point is one of them; the patterns name them anyway, so that an unknown script a
 * later framework adds fails the build (below) instead of being dropped unread.
 */
const FRAMEWORK_SCRIPT =
  /<script\b(?:[^>]*\bsrc="\/_next\/static\/chunks\/(?!island-)[^"<>]+"[^>]*>\s*|\s+id="_R_">[\s\S]*?|>\s*\(?self\.__next_f[\s\S]*?)<\/script>/g;
const ANY_SCRIPT = /<script\b/g;
/** The framework's preloads of its own chunks. */
const FRAMEWORK_PRELOAD =
  /<link rel="(?:module)?preload" as="script"[^>]*href="\/_next\/static\/chunks\/(?!island-)[^"<>]+"[^>]*\/>/g;
/** The configurator's element (components/ConfiguratorIsland.tsx). */
const HAS_ISLAND = new RegExp(`<div id="${ISLAND_ID}" data-query="`);

/**
 * The page with the framework's scripts replaced by the island's: `srcs` (the entry first, then
 * the chunks it imports) as `<script type="module" async>`, at the end of <body>, where
 * scripts/afterpaint.mjs finds them. A page without the configurator keeps no script.
 */
export function islandPage(html, srcs) {
  const stripped = html.replace(FRAMEWORK_SCRIPT, '').replace(FRAMEWORK_PRELOAD, '');
  const unknown = stripped.match(ANY_SCRIPT);
  if (unknown)
    throw new Error(`${unknown.length} script(s) of an unknown form left: did next build change its output?`);
  if (!HAS_ISLAND.test(stripped)) return stripped;
  if (stripped === html) throw new Error("a page with the configurator but none of the framework's scripts");
  const end = stripped.lastIndexOf('</body>');
  if (end === -1) throw new Error('no </body>');
  const tags = srcs.map((src) => `<script type="module" src="${src}" async=""></script>`).join('');
  return stripped.slice(0, end) + tags + stripped.slice(end);
}

/**
 * Removes what only the framework's client read, once no page loads it: its chunks and build
 * manifests under _next/static (the stylesheets stay), and each page's flight-data files (`x.txt`
 * beside `x.html`, `__next.*.txt`), with the folders they leave empty. Other files (public/'s) stay.
 * Returns the paths removed, relative to `out`.
 */
export function pruneFramework(out) {
  const removed = [];
  const remove = (path) => {
    rmSync(path, { recursive: true, force: true });
    removed.push(relative(out, path).split(sep).join('/'));
  };
  const staticDir = join(out, '_next', 'static');
  if (existsSync(staticDir)) {
    for (const e of readdirSync(staticDir, { withFileTypes: true })) {
      const path = join(staticDir, e.name);
      if (e.name !== 'chunks') remove(path);
      else
        for (const f of readdirSync(path)) if (f.endsWith('.js') && !f.startsWith(ISLAND_PREFIX)) remove(join(path, f));
    }
  }
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (path === join(out, '_next')) continue;
        walk(path);
        if (readdirSync(path).length === 0) {
          rmdirSync(path);
          removed.push(relative(out, path).split(sep).join('/'));
        }
      } else if (
        e.name.endsWith('.txt') &&
        (e.name.startsWith('__next.') || existsSync(join(dirname(path), `${basename(e.name, '.txt')}.html`)))
      )
        remove(path);
    }
  };
  walk(out);
  return removed;
}

/** The env values next.config.ts inlines into the page's code, so the island renders what the build rendered. */
async function pageEnv() {
  const { default: config } = await import(new URL('../next.config.ts', import.meta.url).href);
  return Object.fromEntries(
    Object.entries(config.env ?? {}).map(([key, value]) => [`process.env.${key}`, JSON.stringify(value)]),
  );
}

/** Bundles the island into out/_next/static/chunks; returns the entry's URL and its static imports', in order. */
async function bundle(out) {
  const dir = join(out, CHUNKS);
  for (const name of readdirSync(dir)) if (name.startsWith(ISLAND_PREFIX)) rmSync(join(dir, name));
  // Options: node_modules/esbuild/lib/main.d.ts (BuildOptions). tsconfig.json's paths give `@/`.
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['components/island.tsx'],
    outdir: dir,
    entryNames: `${ISLAND_PREFIX}[hash]`,
    chunkNames: `${ISLAND_PREFIX}[name]-[hash]`,
    bundle: true,
    splitting: true, // import() stays a chunk of its own: the highlighter, its grammars, the runbook, lib/manage
    format: 'esm',
    platform: 'browser',
    // The framework's own default targets for its client code (next/dist/shared/lib/modern-browserslist-target.js,
    // "baseline widely available"), in esbuild's spelling.
    target: ['chrome111', 'edge111', 'firefox111', 'safari16.4'],
    jsx: 'automatic',
    minify: true,
    metafile: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', ...(await pageEnv()) },
    logLevel: 'warning',
  });
  const outputs = result.metafile.outputs;
  const url = (file) => `/${relative(out, resolve(root, file)).split(sep).join('/')}`;
  const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint === 'components/island.tsx');
  if (entry === undefined) throw new Error('esbuild wrote no entry');
  // The static imports, depth first: the browser would find them only after parsing the entry.
  const order = [];
  const visit = (file) => {
    if (order.includes(file)) return;
    order.push(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  return order.map(url);
}

async function main(argv) {
  const out = resolve(argv[0] ?? 'out');
  if (!existsSync(join(out, CHUNKS))) throw new Error(`${join(out, CHUNKS)} does not exist: run next build first`);
  // Once run, the pages name the island's files of that run: a second run would leave them stale.
  const done = htmlFiles(out).find((f) =>
    readFileSync(f, 'utf8').includes(`/${CHUNKS.split(sep).join('/')}/${ISLAND_PREFIX}`),
  );
  if (done !== undefined)
    throw new Error(`${relative(process.cwd(), done)} already loads the island: run next build again`);
  const srcs = await bundle(out);
  let pages = 0;
  for (const file of htmlFiles(out)) {
    writeFileSync(file, islandPage(readFileSync(file, 'utf8'), srcs));
    pages++;
  }
  const removed = pruneFramework(out);
  console.log(
    `island: ${srcs.length} script(s) (${srcs[0]}) in ${pages} page(s); ${removed.length} framework file(s) removed`,
  );
}

command(import.meta.url, 'island', main);
