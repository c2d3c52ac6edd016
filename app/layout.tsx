import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// The icon inside every page, as a data: URL (public/icon.svg, 252 bytes, is also served as a file):
// as a request of its own it was sometimes started before the largest paint, and Lighthouse's phone
// then counted one more round trip for that paint (0.90 s instead of 0.76 s, with or without scripts).
// The policy allows data: images (scripts/csp.mjs img-src).
// A data: URL needs only these escaped (RFC 2397; React would write a ' as &#x27;, a " as &quot;).
const svg = readFileSync(join(process.cwd(), 'public/icon.svg'), 'utf8').trim().replace(/\s+/g, ' ');
const icon = `data:image/svg+xml,${svg.replace(/[<>#%"]/g, encodeURIComponent)}`;

// Open Graph needs an absolute image URL, and a static export does not know where it will be hosted:
// set SITE_URL (e.g. https://keepalive.example.org/) at build time to get the og:image tag.
const site = process.env.SITE_URL;

export const metadata: Metadata = {
  metadataBase: site ? new URL(site) : undefined,
  title: 'keepalive-config: keep idle connections alive, detect dead peers fast',
  description:
    'Keepalive settings for SSH, PostgreSQL, MySQL/MariaDB, nginx and Elasticsearch that outlive firewalls, NATs and load balancers, with the worst-case time to detect a dead peer.',
  icons: { icon: [{ url: icon, type: 'image/svg+xml' }] },
  openGraph: {
    title: 'keepalive-config',
    description: 'Keepalive settings that outlive firewalls and NATs, and detect dead peers fast.',
    images: site ? [{ url: 'og.png', width: 1200, height: 630 }] : undefined,
  },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

// A path starting with `//` is given one leading slash by the page's start-up script
// (scripts/afterpaint.mjs), before any framework script runs: the router would misread it.

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-white font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#results"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-teal-800 focus:shadow"
        >
          Skip to the results
        </a>
        {children}
      </body>
    </html>
  );
}
