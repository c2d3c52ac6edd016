/**
 * Settings fixed at build time (next.config.ts inlines them): the site's URL, when the build was
 * given one, and the tool's version. The engine in lib/ receives them as data.
 */
export const BUILD = {
  /** Checked and normalized by next.config.ts (lib/link.ts); undefined when the build had none. */
  siteUrl: process.env.SITE_URL || undefined,
  version: process.env.KEEPALIVE_CONFIG_VERSION ?? '',
} as const;
