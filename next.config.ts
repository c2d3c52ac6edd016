import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextConfig } from 'next';
import { normalSiteUrl } from './lib/link';

// The site's URL, a build-time setting (SITE_URL=https://keepalive.example.org/ npm run build): the
// Reproduce lines, the runbook and "Copy link" then carry the full link. Checked here, so a bad value
// stops the build with its reason (lib/link.ts); unset or empty, links stay relative (`?v=1&...`).
const siteUrl = process.env.SITE_URL ? normalSiteUrl(process.env.SITE_URL) : '';
// The runbook names the version that made it: package.json's, as the CLI prints it (next build runs in the project root).
const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };

// A static export: `next build` writes plain files to out/, served by scripts/serve.mjs or any static host.
const nextConfig: NextConfig = {
  output: 'export',
  // No image optimization server exists in a static export.
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // Inlined into the page's code at build (components/build.ts reads them; lib/ is given them as data).
  env: { SITE_URL: siteUrl, KEEPALIVE_CONFIG_VERSION: version },
};

export default nextConfig;
