// The first-load byte budget of / (issues 6 and 15): at most FIRST_LOAD_JS_GZIP_MAX (132 KiB) of gzip
// JavaScript referenced by the exported index.html, the engine included, and none of it part of the
// highlighter (shiki loads after first paint).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { FIRST_LOAD_JS_GZIP_MAX } from '../perf/budgets';
import { firstLoadRefs, measureFirstLoad, shikiKind, shikiScripts } from '../perf/firstload';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'out');
const gz = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

test(`first-load JavaScript of / is at most ${FIRST_LOAD_JS_GZIP_MAX / 1024} KiB gzip`, () => {
  const first = measureFirstLoad(OUT);
  expect(first.assets.filter((a) => a.kind === 'script').length, 'index.html references scripts').toBeGreaterThan(0);
  expect(first.js.gzip).toBeLessThanOrEqual(FIRST_LOAD_JS_GZIP_MAX);
});

test('index.html references no highlighter grammar, theme or engine chunk', () => {
  // The export does contain them (loaded lazily), so the detector has something to find.
  expect(shikiScripts(OUT).length).toBeGreaterThan(0);
  const eager = measureFirstLoad(OUT).assets.filter((a) => a.shiki !== undefined);
  expect(eager.map((a) => `${a.url} (${a.shiki})`)).toEqual([]);
});

test('the detector knows shiki grammars, themes and engine, and not the page code', () => {
  const pkg = (path: string) => readFileSync(join(ROOT, 'node_modules', path), 'utf8');
  expect(shikiKind(pkg('@shikijs/langs/dist/ini.mjs'))).toBe('grammar');
  expect(shikiKind(pkg('@shikijs/langs/dist/nginx.mjs'))).toBe('grammar');
  expect(shikiKind(pkg('@shikijs/themes/dist/github-dark.mjs'))).toBe('theme');
  expect(shikiKind(pkg('@shikijs/core/dist/index.mjs'))).toBe('engine');
  expect(shikiKind(pkg('@shikijs/engine-javascript/dist/index.mjs'))).toBe('engine');
  expect(shikiKind(readFileSync(join(ROOT, 'components/code/CodeBlock.tsx'), 'utf8'))).toBeUndefined();
  expect(
    shikiKind("let t={light:'github-light',dark:'github-dark'};h.codeToTokens(x,{lang:'ini',themes:t})"),
  ).toBeUndefined();
});

test('a fake export that imports a grammar eagerly fails both checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kc-budget-'));
  try {
    const files: Record<string, string> = {
      '_next/static/chunks/app.js': 'console.log("app");'.repeat(50),
      '_next/static/chunks/ini.js': `let l=JSON.parse('{"displayName":"INI","name":"ini","scopeName":"source.ini","patterns":[]}');`,
      '_next/static/chunks/big.js': Array.from(
        { length: 40_000 },
        (_, i) => `v${i * 7919}=${(i * 104729) % 65521};`,
      ).join(''),
      '_next/static/chunks/legacy.js': 'var polyfill=1;',
      '_next/static/css/site.css': 'body{margin:0}',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const html = [
      '<!DOCTYPE html><html><head>',
      '<link rel="stylesheet" href="/_next/static/css/site.css" data-precedence="next"/>',
      '<link rel="modulepreload" href="/_next/static/chunks/ini.js"/>',
      '<link rel="icon" href="/icon.svg"/>',
      '<script src="/_next/static/chunks/app.js" async=""></script>',
      "<script src='/_next/static/chunks/big.js' async></script>",
      '<script src="/_next/static/chunks/legacy.js" noModule=""></script>',
      '<script>self.inline=1</script></head><body></body></html>',
    ].join('');
    writeFileSync(join(dir, 'index.html'), html);

    expect(firstLoadRefs(html).map((r) => `${r.kind} ${r.url}`)).toEqual([
      'style /_next/static/css/site.css',
      'script /_next/static/chunks/ini.js',
      'script /_next/static/chunks/app.js',
      'script /_next/static/chunks/big.js',
      'nomodule /_next/static/chunks/legacy.js',
    ]);
    const first = measureFirstLoad(dir);
    const scripts = ['app.js', 'ini.js', 'big.js'].map((f) => gz(files[`_next/static/chunks/${f}`] ?? ''));
    expect(first.js.gzip).toBe(scripts.reduce((a, b) => a + b, 0));
    expect(first.js.gzip).toBeGreaterThan(FIRST_LOAD_JS_GZIP_MAX); // the budget check would fail here
    expect(first.assets.filter((a) => a.shiki !== undefined).map((a) => `${a.url} (${a.shiki})`)).toEqual([
      '/_next/static/chunks/ini.js (grammar)',
    ]);
    expect(shikiScripts(dir)).toEqual(['/_next/static/chunks/ini.js']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the home page carries its answer once, in the HTML: no flight data, and no framework script', () => {
  // scripts/island.mjs drops the framework's client (its flight data repeated the page's tree) and
  // hydrates the configurator alone, from the query in its element.
  const html = readFileSync(join(OUT, 'index.html'), 'utf8');
  expect(html).not.toContain('__next_f');
  expect(html).not.toMatch(/<script[^>]*\bnoModule/i);
  // A line of the default answer that a snippet shows (the kernel's sysctl key), and the query it starts from.
  expect(html).toContain('net.ipv4.tcp_keepalive_time');
  expect(html).toContain('<div id="configurator" data-query="v=1">');
  expect(
    firstLoadRefs(html)
      .filter((r) => r.kind === 'script')
      .every((r) => r.url.includes('/island-')),
  ).toBe(true);
});
