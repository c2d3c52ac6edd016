// scripts/afterpaint.mjs: the export's async scripts start after the first paint, and nothing else
// in the page changes. The browser side (first paint before the first script request) is in
// tests/e2e/afterpaint.spec.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { afterPaint, loader } from '../../scripts/afterpaint.mjs';
import { inlineScriptHashes } from '../../scripts/csp.mjs';
import { firstLoadRefs } from '../perf/firstload';

const AFTERPAINT = fileURLToPath(new URL('../../scripts/afterpaint.mjs', import.meta.url));
const CSP = fileURLToPath(new URL('../../scripts/csp.mjs', import.meta.url));

// A page with async module scripts (as scripts/island.mjs leaves them, here also in <head>), a
// preload of one, and scripts the loader is not about (a nomodule one, inline ones): those stay.
const PAGE = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/entry.js"/>',
  '<link rel="preload" as="script" href="/other/kept.js"/>',
  '<script type="module" src="/_next/static/chunks/a.js" async=""></script>',
  '<script type="module" src="/_next/static/chunks/b.js" async=""></script>',
  '<title>t</title>',
  '<script src="/_next/static/chunks/legacy.js" noModule=""></script>',
  '</head><body><p>the answer</p>',
  '<script id="_R_">(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push({})</script>',
  '<script type="module" src="/_next/static/chunks/entry.js" async=""></script>',
  '<script type="module" src="/_next/static/chunks/a.js" async=""></script>',
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script>',
  '</body></html>',
].join('');

const ORDER = ['/_next/static/chunks/a.js', '/_next/static/chunks/b.js', '/_next/static/chunks/entry.js'];

describe('afterPaint', () => {
  it('removes every async script and the preloads of those scripts, and loads them in document order, once each', () => {
    const { html, srcs } = afterPaint(PAGE);
    expect(srcs).toEqual(ORDER);
    expect(html).not.toMatch(/<script[^>]*\basync\b/);
    expect(html).not.toContain('href="/_next/static/chunks/entry.js"');
    expect(html).toContain(`${loader(ORDER)}</body></html>`);
    expect(html.split(loader(ORDER))).toHaveLength(2);
  });

  it('leaves everything else byte for byte', () => {
    const { html } = afterPaint(PAGE);
    const removed = [
      '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/entry.js"/>',
      '<script type="module" src="/_next/static/chunks/a.js" async=""></script>',
      '<script type="module" src="/_next/static/chunks/b.js" async=""></script>',
      '<script type="module" src="/_next/static/chunks/entry.js" async=""></script>',
    ];
    const expected = removed
      .reduce((page, tag) => page.split(tag).join(''), PAGE)
      .replace('</body>', `${loader(ORDER)}</body>`);
    expect(html).toBe(expected);
    // The kept parts, named, so a wrong expectation above cannot hide them.
    expect(html).toContain('<link rel="preload" as="script" href="/other/kept.js"/>');
    expect(html).toContain('<script src="/_next/static/chunks/legacy.js" noModule=""></script>');
    expect(html).toContain('<script id="_R_">');
  });

  it('is idempotent, and a page without async scripts is returned as it is', () => {
    const once = afterPaint(PAGE).html;
    expect(afterPaint(once)).toEqual({ html: once, srcs: [] });
    expect(afterPaint('<html><body>x</body></html>')).toEqual({ html: '<html><body>x</body></html>', srcs: [] });
  });

  it('fails on a page that has scripts but no </body> to put the loader before', () => {
    expect(() => afterPaint('<script type="module" src="/x.js" async=""></script>')).toThrow(/no <\/body>/);
  });

  it('writes the URLs as JSON that cannot end the inline script', () => {
    const text = loader(['/a.js', '/b</script><script>alert(1)</script>.js']);
    expect(text.slice(0, -'</script>'.length)).not.toMatch(/<\/script/i);
    expect(text).toContain('"/b\\u003c/script>\\u003cscript>alert(1)\\u003c/script>.js"');
  });

  it('keeps the first-load measure whole: the loader is read as the same scripts', () => {
    const before = firstLoadRefs(PAGE).filter((r) => r.url.startsWith('/_next/') && r.kind === 'script');
    const after = firstLoadRefs(afterPaint(PAGE).html).filter(
      (r) => r.url.startsWith('/_next/') && r.kind === 'script',
    );
    expect(after.map((r) => r.url).sort()).toEqual(before.map((r) => r.url).sort());
    expect(after.map((r) => r.url).sort()).toEqual([...ORDER].sort());
  });
});

describe('scripts/afterpaint.mjs then scripts/csp.mjs on an export', () => {
  it('rewrites every page, and the policy allows the loader and nothing new', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterpaint-'));
    try {
      writeFileSync(join(dir, 'index.html'), PAGE);
      const run = (script: string) => spawnSync(process.execPath, [script, dir], { encoding: 'utf8', timeout: 20_000 });
      const first = run(AFTERPAINT);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('index.html: 3 script(s) after the first paint');
      expect(run(CSP).status).toBe(0);
      const html = readFileSync(join(dir, 'index.html'), 'utf8');
      const hashes = inlineScriptHashes(html);
      expect(hashes).toHaveLength(3); // _R_, the flight data, the loader
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
      for (const h of hashes) expect(meta).toContain(h);
      // A second run finds the loader and changes nothing.
      const again = run(AFTERPAINT);
      expect(again.status, again.stderr).toBe(0);
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(html);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when the export has neither async scripts nor the loader (next build changed its output)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterpaint-'));
    try {
      writeFileSync(
        join(dir, 'index.html'),
        '<html><head><script src="/x.js" defer></script></head><body></body></html>',
      );
      const result = spawnSync(process.execPath, [AFTERPAINT, dir], { encoding: 'utf8', timeout: 20_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/no <script async> and no loader/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
