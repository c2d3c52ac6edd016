/**
 * Host addresses that nginx, libpq and the connectors read as one TCP host, checked by a real
 * parser instead of a character class. Pure and browser-safe: node:net is not available here, so
 * IPv6 goes through the platform's WHATWG URL host parser, which Node and every browser ship.
 */

/** One IPv4 part: 0..255 in decimal, no leading zero (the form net.isIPv4 accepts). */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** A strict dotted quad a.b.c.d, each part 0..255 without leading zeros. */
export const isIPv4 = (s: string): boolean => IPV4.test(s);

/**
 * An IPv6 address without brackets or zone id. Only hex digits, colons and dots reach the URL
 * parser: it would drop tabs and newlines and percent-decode, so nothing else may get that far.
 * 45 characters is the longest form, six groups and a dotted quad (RFC 4291 section 2.2).
 */
export function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(s) || !s.includes(':')) return false;
  try {
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

/** A DNS label of letters, digits and inner hyphens, at most 63 characters (RFC 1123 section 2.1). */
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A last label that glibc's getaddrinfo (inet_aton) and the WHATWG host parser read as a number:
 * all digits, or 0x and hex digits. `10.1`, `1234` and `0x7f.1` are addresses there, not names
 * (nginx -t resolves `server 1234:80;` to 0.0.4.210), so such a name must be a strict IPv4 address.
 */
const NUMERIC_LABEL = /^(?:\d+|0[xX][0-9A-Fa-f]*)$/;

/** Why `host` is not one TCP host name or IP address (no brackets), as a phrase for a message, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host.includes(':')) return isIPv6(host) ? undefined : 'not a valid IPv6 address';
  const labels = host.split('.');
  if (host.length > 253 || !labels.every((l) => LABEL.test(l)))
    return 'labels of letters, digits and inner hyphens, separated by dots, 253 characters at most';
  if (NUMERIC_LABEL.test(labels[labels.length - 1] ?? '') && !isIPv4(host))
    return 'a name ending in a number is read as an IPv4 address: write a.b.c.d, each part 0..255 without leading zeros';
  return undefined;
}

/** Port 1..65535 in decimal without leading zeros. */
const PORT = /^(?:[1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/;

/**
 * Why `value` is not an nginx upstream `host:port` or `[IPv6]:port` for one TCP server, as a phrase, or undefined.
 * nginx reads any address that starts with `unix:`, in any case, as a UNIX-domain socket path
 * (src/core/ngx_inet.c, ngx_parse_url: ngx_strncasecmp(p, "unix:", 5)), so the host `unix` is refused.
 */
export function upstreamProblem(value: string): string | undefined {
  const colon = value.lastIndexOf(':');
  if (colon < 0 || !PORT.test(value.slice(colon + 1))) return 'no port 1..65535 after the last colon';
  const host = value.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']'))
    return isIPv6(host.slice(1, -1)) ? undefined : 'the part in brackets is not a valid IPv6 address';
  if (host.includes(':')) return 'an IPv6 address needs brackets: [address]:port';
  if (host.toLowerCase() === 'unix') return 'nginx reads unix: as a UNIX-domain socket path, not a TCP host';
  return hostProblem(host);
}
