// scripts/csp.mjs on a small exported site: hashes, the <meta>, the headers file, idempotence.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/csp.mjs', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../../public/_headers', import.meta.url));

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const PAGE = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
  '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'"/>',
  '<script src="/_next/static/chunks/a.js" async=""></script>',
  '<script id="_R_">self.__next_r="x"</script>',
  '</head><body><p>hi</p>',
  '<script>(self.__next_f=self.__next_f||[]).push([0])\r\n</script>',
  '<script>self.__next_f.push([1,"é \\u003c/script>"])</script>',
  '<script>(self.__next_f=self.__next_f||[]).push([0])\n</script>',
  '</body></html>',
].join('');

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function site(): string {
  dir = mkdtempSync(join(tmpdir(), 'csp-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(
    join(dir, 'nested', 'page.html'),
    '<html><head><title>t</title><script>1</script></head><body></body></html>',
  );
  writeFileSync(join(dir, 'index.txt'), '<script>not html</script>');
  writeFileSync(join(dir, '_headers'), readFileSync(TEMPLATE, 'utf8'));
  return dir;
}

const csp = (...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('scripts/csp.mjs', () => {
  it('puts one policy <meta> after <meta charset> with the hashes of exactly the inline scripts', () => {
    const out = site();
    expect(csp(out).status).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const metas = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"\/>/g) ?? [];
    expect(metas).toHaveLength(1);
    expect(
      html.startsWith(
        '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta http-equiv="Content-Security-Policy"',
      ),
    ).toBe(true);
    // The HTML parser turns CR LF into LF before the script text is hashed; identical scripts share a hash.
    const hashes = [
      sha('self.__next_r="x"'),
      sha('(self.__next_f=self.__next_f||[]).push([0])\n'),
      sha('self.__next_f.push([1,"é \\u003c/script>"])'),
    ];
    expect(metas[0]).toContain(`script-src 'self' ${hashes.join(' ')};`);
    expect(metas[0]).toContain("default-src 'self'; ");
    expect(metas[0]).toContain("object-src 'none'; base-uri 'none'; form-action 'self'\"");
    expect(metas[0]).not.toMatch(/unsafe-eval|frame-ancestors|unsafe-inline/);
    // Styles from the site's own files only: the page sets none inline (tests/e2e/csp.spec.ts).
    expect(metas[0]).toContain("; style-src 'self'; ");
    const nested = readFileSync(join(out, 'nested', 'page.html'), 'utf8');
    expect(nested).toMatch(
      /^<html><head><meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'sha256-[^']+'; /,
    );
    expect(readFileSync(join(out, 'index.txt'), 'utf8')).toBe('<script>not html</script>');
  });

  it('writes _headers with the template headers and the union policy, frame-ancestors included', () => {
    const out = site();
    expect(csp(out).status).toBe(0);
    const headers = readFileSync(join(out, '_headers'), 'utf8');
    const lines = headers.split('\n');
    const at = lines.indexOf('/*');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(
      /^ {2}Content-Security-Policy: default-src 'self'; script-src 'self'( 'sha256-[A-Za-z0-9+/]{43}='){4}; style-src 'self'; .*; frame-ancestors 'none'$/,
    );
    expect(lines[at + 1]).not.toContain('unsafe-inline');
    for (const h of [
      'X-Content-Type-Options: nosniff',
      'Referrer-Policy: no-referrer',
      'X-Frame-Options: DENY',
      'Cross-Origin-Opener-Policy: same-origin',
    ])
      expect(lines).toContain(`  ${h}`);
    expect(lines.some((l) => l.startsWith('  Permissions-Policy: ') && l.includes('camera=()'))).toBe(true);
  });

  it('is idempotent: a second run changes nothing', () => {
    const out = site();
    expect(csp(out).status).toBe(0);
    const first = [readFileSync(join(out, 'index.html'), 'utf8'), readFileSync(join(out, '_headers'), 'utf8')];
    expect(csp(out).status).toBe(0);
    expect([readFileSync(join(out, 'index.html'), 'utf8'), readFileSync(join(out, '_headers'), 'utf8')]).toEqual(first);
  });

  it('fails loudly when there is no export to protect', () => {
    const r = csp(join(tmpdir(), 'csp-does-not-exist'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/does not exist: run next build first/);
  });
});
