// scripts/island.mjs: the framework's client scripts give way to the configurator's island.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { islandPage, pruneFramework } from '../../scripts/island.mjs';

// The scripts of a `next build` page (Next 16, app router, turbopack), cut down from out/index.html.
const FRAMEWORK = [
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/entry.js"/>',
  '<script src="/_next/static/chunks/a.js" async=""></script>',
  '<script src="/_next/static/chunks/legacy.js" noModule=""></script>',
  '<script id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":[]})</script>',
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script>',
  '<script>self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n\\u003c/script>\\u003cp>"])</script>',
];
const page = (body: string) =>
  '<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="/_next/static/chunks/site.css"/>' +
  `${FRAMEWORK.slice(0, 3).join('')}<title>t</title></head><body>${body}${FRAMEWORK.slice(3).join('')}</body></html>`;
const ISLAND = '<div id="configurator" data-query="v=1&amp;target=postgres"><p>the answer</p></div>';
const SRCS = ['/_next/static/chunks/island-E.js', '/_next/static/chunks/island-chunk-C.js'];

describe('islandPage', () => {
  it("replaces every framework script with the island's modules, entry first, at the end of <body>", () => {
    const html = islandPage(page(`<header>h</header>${ISLAND}`), SRCS);
    expect(html).toBe(
      '<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="/_next/static/chunks/site.css"/>' +
        `<title>t</title></head><body><header>h</header>${ISLAND}` +
        '<script type="module" src="/_next/static/chunks/island-E.js" async=""></script>' +
        '<script type="module" src="/_next/static/chunks/island-chunk-C.js" async=""></script></body></html>',
    );
  });

  it('leaves a page without the configurator (the 404) with no script at all', () => {
    const html = islandPage(page('<main>This page does not exist</main>'), SRCS);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('as="script"');
    expect(html).toContain('<main>This page does not exist</main>');
  });

  it('fails on a script it does not know, rather than drop it unread', () => {
    expect(() => islandPage(page(`${ISLAND}<script>window.analytics=1</script>`), SRCS)).toThrow(/unknown form/);
    expect(() => islandPage(page(`${ISLAND}<script src="/elsewhere.js"></script>`), SRCS)).toThrow(/unknown form/);
  });

  it('fails on a configurator page with none of the framework scripts: the build changed its output', () => {
    expect(() => islandPage(`<html><body>${ISLAND}</body></html>`, SRCS)).toThrow(/none of the framework/);
  });
});

describe('pruneFramework', () => {
  it("removes the framework's chunks, manifests and flight-data files, and nothing else", () => {
    const out = mkdtempSync(join(tmpdir(), 'island-prune-'));
    try {
      const files = {
        removed: [
          'index.txt',
          '__next._tree.txt',
          'p/a.txt',
          'p/a/__next.p.$d$preset.__PAGE__.txt',
          '_next/static/chunks/0cz1d0mv5g_q7.js',
          '_next/static/BUILDID/_buildManifest.js',
        ],
        kept: [
          'index.html',
          '404.html',
          'p/a.html',
          'robots.txt',
          'og.png',
          '_headers',
          '_next/static/chunks/island-E.js',
          '_next/static/chunks/island-chunk-C.js',
          '_next/static/chunks/site.css',
        ],
      };
      for (const f of [...files.removed, ...files.kept]) {
        mkdirSync(dirname(join(out, f)), { recursive: true });
        writeFileSync(join(out, f), 'x');
      }
      const removed = pruneFramework(out);
      for (const f of files.removed) expect(existsSync(join(out, f)), f).toBe(false);
      for (const f of files.kept) expect(existsSync(join(out, f)), f).toBe(true);
      // The folders only flight data was in go too; the build's manifest folder goes whole.
      expect(existsSync(join(out, 'p/a'))).toBe(false);
      expect(removed).toEqual(expect.arrayContaining(['p/a', '_next/static/BUILDID', 'index.txt']));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
