/**
 * The no-JavaScript floor of the page (issue 15): a copy of the export whose HTML has every <script>
 * element and every script preload removed, so the browser loads the same HTML and CSS and runs
 * nothing. Lighthouse measures it in the same run as the real page; the page's LCP is judged
 * against the floor's, which no loading design can beat.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = /<script\b[^>]*>[\s\S]*?<\/script\s*>/gi;
/** <link rel="preload" as="script">, <link rel="modulepreload">, whatever the attribute order. */
const SCRIPT_LINK =
  /<link\b(?=[^>]*\brel="(?:modulepreload|preload)")(?=[^>]*(?:\brel="modulepreload"|\bas="script"))[^>]*>/gi;

/** The document without scripts: every <script> element and script preload removed. */
export function stripScripts(html: string): string {
  return html.replace(SCRIPT, '').replace(SCRIPT_LINK, '');
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

/** A stripped copy of `outDir` in a new temporary directory; remove() deletes it. */
export function buildFloor(outDir: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kc-floor-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    cpSync(outDir, dir, { recursive: true });
    for (const file of htmlFiles(dir)) writeFileSync(file, stripScripts(readFileSync(file, 'utf8')));
  } catch (e) {
    remove();
    throw e;
  }
  return { dir, remove };
}
