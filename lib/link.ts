/**
 * The full link to a state: the site's URL (a build-time setting, SITE_URL, or the CLI's
 * --site-url; passed in as data, lib/ reads no environment) followed by the codec's query.
 */

/**
 * Why `raw` cannot be the site's URL, or undefined when it can: an absolute http or https URL
 * (WHATWG URL standard, as Node and browsers parse it) with a host, no user name or password, no
 * query and no fragment, since the state's query follows it and a fragment would swallow that.
 */
export function siteUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// or http://';
  if (url.hostname === '') return 'has no host';
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  // `https://x/?` and `https://x/#` parse to an empty search and hash: refuse the characters themselves.
  if (url.search !== '' || raw.includes('?')) return 'must not have a query (?...): the state is the query';
  if (url.hash !== '' || raw.includes('#')) return 'must not have a fragment (#...)';
  return undefined;
}

/** The site's URL in the form links are made from (scheme, host and path as the URL parser writes them). */
export function normalSiteUrl(raw: string): string {
  const problem = siteUrlProblem(raw);
  if (problem !== undefined) throw new Error(`site URL "${raw}" ${problem}`);
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
}

/** The link that reproduces a state: the full URL when the site's URL is known, else `?` and the query. */
export function shareLink(shareQuery: string, siteUrl: string | undefined): string {
  return siteUrl === undefined ? `?${shareQuery}` : `${normalSiteUrl(siteUrl)}?${shareQuery}`;
}

/**
 * The path of a preset's own static page (app/p/[preset]/page.tsx), which holds its answer in the
 * HTML, so the preset links work without JavaScript. Absolute: the export is served from the root
 * (next.config.ts sets no basePath), so one link works from the home page and from a preset page.
 * Here, not in lib/presets.ts, so the page's links need no codec.
 */
export const presetPath = (id: string): string => `/p/${id}`;
