#!/usr/bin/env node
// Content-Security-Policy for the static export, run after `next build`:
//   node scripts/csp.mjs [out-dir] [--headers public/_headers]
// For every out/**/*.html it hashes each inline <script> (no src) and puts a CSP <meta> first in
// <head> allowing exactly those scripts; then it writes out/_headers (the static-host headers
// file) from public/_headers plus the same policy with frame-ancestors, which a <meta> ignores.
// Idempotent: a second run replaces the policy it wrote. Exits 1 when there is nothing to protect.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { command, htmlFiles } from './export.mjs';

/**
 * The policy apart from script hashes. Styles come from the site's stylesheet only: the highlighter's
 * colours are React `style` props, which React sets through the CSSOM on the client, and CSP does not
 * govern the CSSOM; a style attribute in the served HTML, or an inline <style>, would be blocked
 * (CSP3, style-src-attr and style-src-elem fall back to style-src). tests/e2e/csp.spec.ts proves the
 * pages raise no violation.
 */
const BASE = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
];
/** Honoured only in a response header (CSP3: frame-ancestors is ignored, with a console error, in <meta>). */
const HEADER_ONLY = [['frame-ancestors', "'none'"]];

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*\/?>/gi;

/** The HTML parser turns CR LF and lone CR into LF before a script's text is hashed. */
const normalize = (text) => text.replace(/\r\n?/g, '\n');

/** sha256 sources of the inline scripts of one HTML document, in document order, without repeats. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const m of html.matchAll(SCRIPT)) {
    if (/\ssrc\s*=/i.test(` ${m[1]}`)) continue;
    const source = `'sha256-${createHash('sha256').update(normalize(m[2]), 'utf8').digest('base64')}'`;
    if (!hashes.includes(source)) hashes.push(source);
  }
  return hashes;
}

/** The policy text with the given script hashes; with frame-ancestors for a header, without for a <meta>. */
export function policy(hashes, { header = false } = {}) {
  const directives = [...BASE, ...(header ? HEADER_ONLY : [])];
  return directives
    .map(([name, value]) =>
      name === 'script-src' && hashes.length > 0 ? `${name} ${value} ${hashes.join(' ')}` : `${name} ${value}`,
    )
    .join('; ');
}

/** The document with its old policy <meta> removed and a new one first in <head>. */
export function injectMeta(html) {
  const clean = html.replace(META, '');
  const hashes = inlineScriptHashes(clean);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(hashes)}"/>`;
  const head = /<head\b[^>]*>/i.exec(clean);
  if (!head) throw new Error('no <head> element');
  // Right after <meta charset>, which must stay in the first bytes; otherwise right after <head>.
  const charset = /<meta\s+charset=["']?[\w-]+["']?\s*\/?>/i.exec(clean.slice(head.index));
  const at =
    charset && charset.index === head[0].length
      ? head.index + head[0].length + charset[0].length
      : head.index + head[0].length;
  return { html: clean.slice(0, at) + meta + clean.slice(at), hashes };
}

/** The headers file: the template's rules with the policy set for every path (`/*`). */
export function headersFile(template, hashes) {
  const lines = template
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !/^\s*Content-Security-Policy\s*:/i.test(l));
  const csp = `  Content-Security-Policy: ${policy(hashes, { header: true })}`;
  const all = lines.findIndex((l) => l.trim() === '/*');
  if (all === -1) return `${lines.join('\n').trim()}\n\n/*\n${csp}\n`.trimStart();
  lines.splice(all + 1, 0, csp);
  return lines.join('\n').replace(/\n*$/, '\n');
}

function main(argv) {
  const at = argv.indexOf('--headers');
  const headersArg = at === -1 ? undefined : argv[at + 1];
  const positional = at === -1 ? argv : argv.filter((_, i) => i !== at && i !== at + 1);
  const out = resolve(positional[0] ?? 'out');
  if (!existsSync(out)) throw new Error(`${out} does not exist: run next build first`);
  const files = htmlFiles(out);
  if (files.length === 0) throw new Error(`no HTML files under ${out}`);
  const union = [];
  for (const file of files) {
    const { html, hashes } = injectMeta(readFileSync(file, 'utf8'));
    writeFileSync(file, html);
    for (const h of hashes) if (!union.includes(h)) union.push(h);
    console.log(`csp: ${relative(process.cwd(), file)}: ${hashes.length} inline script(s)`);
  }
  // Next copies public/_headers into out/; an explicit --headers template wins, the source copy is the fallback.
  const candidates = headersArg
    ? [resolve(headersArg)]
    : [join(out, '_headers'), fileURLToPath(new URL('../public/_headers', import.meta.url))];
  const templatePath = candidates.find((p) => existsSync(p));
  if (headersArg && !templatePath) throw new Error(`${headersArg} does not exist`);
  const template = templatePath ? readFileSync(templatePath, 'utf8') : '';
  writeFileSync(join(out, '_headers'), headersFile(template, union));
  console.log(`csp: ${relative(process.cwd(), join(out, '_headers'))}: ${union.length} script hash(es) for /*`);
}

command(import.meta.url, 'csp', main);
