/**
 * The engine's costs (./engine.ts) measured on the engine as it ships: bundled and minified by
 * esbuild, as the page's island (scripts/island.mjs) and the CLI (scripts/build-cli.mjs) are, and run
 * by node in a process of its own. Run from the bench's own process, through tsx, every function of
 * the engine is wrapped to keep its name, which cost 25-40 % more (postgres 213 us against 165 us,
 * 2026-12-01).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { EngineCost } from './engine';

/** engineCosts() on the engine as it ships: ./engine-main.ts bundled by esbuild and run by node. */
export async function engineCostsShipped(): Promise<EngineCost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kc-engine-'));
  try {
    const outfile = join(dir, 'engine.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./engine-main.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    });
    return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as EngineCost[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
