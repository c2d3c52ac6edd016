#!/usr/bin/env node
// `npm run build:cli` (and `prepack`): bundles lib/cli.ts and everything it imports, zod included, into one
// file that runs on Node 20 alone: the package's `bin`, so an installed package needs no dependency.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version, bin } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = bin['keepalive-config'];

// A clean dist/: package.json's `files` packs all of it.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

// Options: node_modules/esbuild/lib/main.d.ts (BuildOptions, each linked to its page of esbuild's API docs).
await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli.ts'],
  outfile,
  bundle: true, // every import, node_modules included; node: built-ins stay imports on platform node
  platform: 'node',
  target: 'node20', // package.json engines
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' },
  // lib/cli.ts reads package.json only when this is not defined (a clone, run through tsx).
  define: { KEEPALIVE_CONFIG_VERSION: JSON.stringify(version) },
  legalComments: 'inline', // zod's licence header stays with its code
  logLevel: 'warning',
});
// Executable from a clone too (`./dist/keepalive-config.mjs`); npm sets the mode of an installed bin itself.
chmodSync(new URL(`../${outfile}`, import.meta.url), 0o755);
console.log(`${outfile}: keepalive-config ${version}`);
