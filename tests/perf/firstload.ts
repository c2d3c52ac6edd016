/**
 * What a browser loads before the page is interactive, read from the exported index.html: the
 * scripts (<script src>, modulepreload, preload as=script, and the list of scripts/afterpaint.mjs's
 * loader), the stylesheets, and their sizes raw and gzip (zlib level 9). Shared by the benchmark
 * and the byte-budget test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** `nomodule` scripts are fetched only by browsers without ES modules, so they are counted apart. */
export type AssetKind = 'script' | 'style' | 'nomodule';

export interface AssetRef {
  readonly url: string;
  readonly kind: AssetKind;
}

export interface Bytes {
  readonly raw: number;
  readonly gzip: number;
}

export type ShikiKind = 'grammar' | 'theme' | 'engine';

export interface Asset extends AssetRef, Bytes {
  /** Set when the file is part of the syntax highlighter (a grammar, a theme or the regex engine). */
  readonly shiki: ShikiKind | undefined;
}

export interface FirstLoad {
  readonly html: Bytes;
  readonly assets: readonly Asset[];
  readonly js: Bytes;
  readonly css: Bytes;
  readonly nomodule: Bytes;
  /** HTML + first-load JavaScript + CSS (nomodule scripts excluded). */
  readonly total: Bytes;
}

const TAG = /<(script|link)\b([^>]*)>/gi;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) {
    const name = m[1];
    if (name !== undefined) out.set(name.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function kindOf(tag: string, attrs: Map<string, string>): AssetKind | undefined {
  if (tag === 'script') return attrs.has('src') ? (attrs.has('nomodule') ? 'nomodule' : 'script') : undefined;
  const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
  const as = (attrs.get('as') ?? '').toLowerCase();
  if (rel.includes('stylesheet')) return 'style';
  if (rel.includes('modulepreload')) return 'script';
  if (rel.includes('preload') && as === 'script') return 'script';
  if (rel.includes('preload') && as === 'style') return 'style';
  return undefined;
}

/** The loader of scripts/afterpaint.mjs: `var s=[...JSON strings...],i=0;` lists the scripts it appends. */
const AFTER_PAINT = /<script>\(function\(\)\{var s=(\[[^\]]*\]),i=0;/g;

/** The scripts and stylesheets an HTML document makes the browser fetch, each URL once. */
export function firstLoadRefs(html: string): AssetRef[] {
  const byUrl = new Map<string, AssetKind>();
  for (const m of html.matchAll(AFTER_PAINT)) {
    for (const url of JSON.parse(m[1] ?? '[]') as unknown[])
      if (typeof url === 'string' && url !== '') byUrl.set(url, 'script');
  }
  for (const m of html.matchAll(TAG)) {
    const tag = (m[1] ?? '').toLowerCase();
    const attrs = attributes(m[2] ?? '');
    const kind = kindOf(tag, attrs);
    const url = tag === 'script' ? attrs.get('src') : attrs.get('href');
    if (kind === undefined || url === undefined || url === '') continue;
    const seen = byUrl.get(url);
    // A URL that is both a module script and a nomodule one is loaded by every browser.
    if (seen === undefined || seen === 'nomodule') byUrl.set(url, kind);
  }
  return [...byUrl].map(([url, kind]) => ({ url, kind }));
}

/** Which part of the highlighter a script is, judged by content that survives minification. */
export function shikiKind(source: string): ShikiKind | undefined {
  if (/\bShikiError\b|\bOnigScanner\b|createJavaScriptRegexEngine|createOnigurumaEngine|onig\.wasm/.test(source))
    return 'engine';
  // JSON inside a JS string: quotes may be escaped (\") depending on how the bundler quoted it.
  if (/\\?"scopeName\\?"\s*:\s*\\?"(?:source|text)\./.test(source)) return 'grammar';
  if (/\\?"tokenColors\\?"\s*:\s*\[/.test(source)) return 'theme';
  return undefined;
}

export function sizes(content: Buffer | string): Bytes {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

function sum(items: readonly Bytes[]): Bytes {
  return items.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
}

/** The file in the export that a same-origin URL names; throws for other origins or paths outside it. */
export function fileFor(outDir: string, url: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) throw new Error(`first-load asset from another origin: ${url}`);
  const path = decodeURIComponent(url.split(/[?#]/)[0] ?? '');
  if (path.split('/').includes('..')) throw new Error(`asset path leaves the export: ${url}`);
  return join(outDir, path);
}

/** Reads <outDir>/index.html and every file it makes the browser load first. */
export function measureFirstLoad(outDir: string, page = 'index.html'): FirstLoad {
  const html = readFileSync(join(outDir, page));
  const assets = firstLoadRefs(html.toString('utf8')).map((ref): Asset => {
    const content = readFileSync(fileFor(outDir, ref.url));
    return { ...ref, ...sizes(content), shiki: ref.kind === 'style' ? undefined : shikiKind(content.toString('utf8')) };
  });
  const of = (kind: AssetKind) => sum(assets.filter((a) => a.kind === kind));
  const js = of('script');
  const css = of('style');
  return { html: sizes(html), assets, js, css, nomodule: of('nomodule'), total: sum([sizes(html), js, css]) };
}

/** Every script of the export that belongs to the highlighter, as URLs (/_next/...). */
export function shikiScripts(outDir: string): string[] {
  const dir = join(outDir, '_next');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') && shikiKind(readFileSync(join(dir, f), 'utf8')) !== undefined)
    .map((f) => `/_next/${f.split(sep).join('/')}`)
    .sort();
}
