// Shared pieces of the strict line checkers: text hygiene, the snippet header, host grammars.
// Each checker returns a list of problems; an empty list means every line is inside its grammar.
import { TARGET_LABELS } from '../../../lib/catalog';
import { MIDDLEBOXES } from '../../../lib/middleboxes';
import type { Plan } from '../../../lib/types';
import { isIPv6 } from 'node:net';

export type Problems = string[];

/** Characters no snippet may contain: C0/C1 controls (tab and newline aside), line and paragraph separators, bidi and zero-width marks, BOM. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/u;

/** Comment text every format accepts up to the end of the line: printable ASCII and the multiplication sign. */
export const COMMENT_TEXT = /^[\x20-\x7e×]*$/;

/**
 * Splits a snippet into lines after checking the text as a whole: one final newline, `\n` only,
 * no forbidden character, no `\u` escape (Java turns `\u000a` into a line break even inside a comment).
 */
export function lines(text: string, problems: Problems, allowTabs = false): string[] {
  if (!text.endsWith('\n')) problems.push('text does not end with a newline');
  if (text.endsWith('\n\n')) problems.push('text ends with a blank line');
  const bad = FORBIDDEN.exec(text);
  if (bad) problems.push(`forbidden character U+${(bad[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  if (/\\u[0-9A-Fa-f]{4}/.test(text)) problems.push('a \\u escape');
  if (!allowTabs && text.includes('\t')) problems.push('a tab');
  return text.replace(/\n$/, '').split('\n');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const DURATION = String.raw`(?:\d+(?:\.\d)? (?:d|h|min|s))(?: \d+(?:\.\d)? (?:d|h|min|s))*`;
const WORST = String.raw`(?:${DURATION}|never)`;
// Who sets the path's timeout: the typed value, the box, or the 300 s default said as an assumption (lib/render/snippet.ts).
const BOUNDS = ["the path's idle timeout", 'the path', 'an assumption: none given', ...MIDDLEBOXES.map((m) => m.name)]
  .map(escape)
  .join('|');
const LABELS = Object.values(TARGET_LABELS).map(escape).join('|');
const TITLE = /^keepalive-config: [A-Za-z0-9 ()./,:_-]+$/;
const INPUTS = new RegExp(
  String.raw`^Inputs: (?:${LABELS}); path idle timeout (?:${DURATION} \((?:${BOUNDS})\)|not known); goal (?:none|${DURATION}); values (?:planned|explicit)\.$`,
);
// The survival verdict (lib/render/snippet.ts survivalLine): a box named as the catalogue names it, without its article.
const BOX = ["the path's idle timeout", ...MIDDLEBOXES.map((m) => `the ${m.name.replace(/^(A|An|The) /, '')}`)]
  .map(escape)
  .join('|');
const SURVIVAL_LINE = new RegExp(
  String.raw`^Idle connections outlive the path: (?:yes(?: \((?:${BOX}), ${DURATION}\))?|yes, if its idle timeout is the assumed ${DURATION} \(none was given\)|no, they are dropped after ${DURATION} idle|no, (?:${BOX}) forgets them after ${DURATION} idle(?: \(it needs application data: keepalive probes do not count\))?)\.$`,
);
const WORST_LINE = new RegExp(String.raw`^Worst case to detect a dead peer: ${WORST} \(was ${WORST}\)\.$`);
/** What URLSearchParams leaves unescaped, plus the commas and colons writeQuery restores. */
export const SHARE_QUERY = /^v=1(?:&[a-z_]+=[A-Za-z0-9*._%+,:-]+)*$/;

/**
 * The deterministic header: title, inputs, optional worst case, the share query of this very plan,
 * then one blank line. Returns the body lines after it.
 */
export function header(all: readonly string[], marker: string, plan: Plan, problems: Problems): string[] {
  const texts: string[] = [];
  let i = 0;
  for (; i < all.length && (all[i] ?? '').startsWith(`${marker} `); i++)
    texts.push((all[i] ?? '').slice(marker.length + 1));
  const [title, inputs, ...rest] = texts;
  const reproduce = rest.pop();
  if (!title || !TITLE.test(title)) problems.push(`header: bad title line ${JSON.stringify(title)}`);
  if (!inputs || !INPUTS.test(inputs)) problems.push(`header: bad inputs line ${JSON.stringify(inputs)}`);
  if (rest[0] !== undefined && rest[0].startsWith('Idle connections') && !SURVIVAL_LINE.test(rest.shift() ?? ''))
    problems.push('header: bad survival line');
  if (rest.length > 1 || (rest[0] !== undefined && !WORST_LINE.test(rest[0])))
    problems.push(`header: bad worst-case line ${JSON.stringify(rest)}`);
  if (reproduce !== `Reproduce: ?${plan.shareQuery}` || !SHARE_QUERY.test(plan.shareQuery))
    problems.push(`header: bad reproduce line ${JSON.stringify(reproduce)}`);
  if (all[i] !== '') problems.push('header: not followed by one blank line');
  return all.slice(i + 1);
}

/** A comment line of `#`-style formats, optionally indented. */
export function isHashComment(line: string, indent = ''): boolean {
  return line === `${indent}#` || (line.startsWith(`${indent}# `) && COMMENT_TEXT.test(line));
}

/**
 * A DNS name (IPv4 included) or a bare IPv6 address (embedded dotted quad included, no zone id):
 * never a leading `-`, never a quote, space or separator. Node's own parser judges IPv6, independent
 * of the codec's lib/address.ts.
 */
export function isSafeHost(host: string): boolean {
  const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (host.length <= 253 && host.split('.').every((l) => label.test(l))) return true;
  return isIPv6(host) && !host.includes('%');
}

/** The host part of a URL: a DNS name or a bracketed IPv6 address (RFC 3986 IP-literal). */
export function isUrlHost(host: string): boolean {
  if (host.startsWith('[') && host.endsWith(']')) return isSafeHost(host.slice(1, -1)) && host.includes(':');
  return isSafeHost(host) && !host.includes(':');
}

/** ssh_config(5) Host patterns: words of letters, digits, `. - _ * ?`, each optionally negated. */
export function isSshPatternList(value: string): boolean {
  const words = value.split(' ');
  return words.length <= 8 && words.every((w) => /^!?[A-Za-z0-9*?][A-Za-z0-9*?._-]*$/.test(w));
}

/** A whole number inside [min, max] written without sign, leading zeros or exponent. */
export function integer(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^(?:0|[1-9]\d{0,9})$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

export const INT_MAX = 2147483647;
