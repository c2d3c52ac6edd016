// What must hold for any query, written without the codec's own regexes: an independent oracle.
import { isDeepStrictEqual } from 'node:util';
import { ELASTICSEARCH_VERSIONS, MYSQL_VERSIONS, POSTGRES_VERSIONS, TARGETS } from '../../../lib/catalog';
import { CODE_LANGUAGES, SIDES } from '../../../lib/filter';
import { MANAGE_KINDS } from '../../../lib/manage';
import { middlebox, settableRange } from '../../../lib/middleboxes';
import { DEFAULT_INPUT, FIELD_KEYS, type FieldKey } from '../../../lib/schema';
import type { Input } from '../../../lib/types';
import { MAX_QUERY_LENGTH, parseQuery } from '../../../lib/url';
import { isSafeHost, isSshPatternList, type Problems } from '../grammars/common';
import { isUpstream } from '../grammars/nginx';

const whole = (n: unknown, min: number, max: number) =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

function versionIn(v: readonly number[], lo: readonly number[], hiMajorMinor: readonly number[]): boolean {
  if (v.length < 2 || v.length > 3 || !v.every((p) => whole(p, 0, 99))) return false;
  const n = (x: readonly number[]) => (x[0] ?? 0) * 1e4 + (x[1] ?? 0) * 1e2 + (x[2] ?? 0);
  return n(v) >= n(lo) && n(v) <= n([...hiMajorMinor, 99]);
}

const INPUT_KEYS = Object.keys(DEFAULT_INPUT).sort();

/** Every field of the input inside its documented range (DESIGN.md contract, lib/schema.ts comments). */
export function inputProblems(input: Input): Problems {
  const p: Problems = [];
  const bad = (field: string, value: unknown) => p.push(`${field} out of range: ${JSON.stringify(value)}`);
  if (Object.getPrototypeOf(input) !== Object.prototype) p.push('input has an unusual prototype');
  if (!isDeepStrictEqual(Object.keys(input).sort(), INPUT_KEYS)) p.push(`input keys ${Object.keys(input).join()}`);
  if (!TARGETS.includes(input.target)) bad('target', input.target);
  if (input.idle === undefined ? input.via.ids.length === 0 : !whole(input.idle, 1, 604800)) bad('idle', input.idle);
  const ids = input.via.ids;
  if (
    !Array.isArray(ids) ||
    ids.length > 8 ||
    new Set(ids).size !== ids.length ||
    !ids.every((id) => middlebox(id)?.id === id)
  )
    bad('via', ids);
  if (input.goal !== undefined && !whole(input.goal, 1, 604800)) bad('goal', input.goal);
  const k = input.keepalive;
  // TCP_KEEPIDLE and TCP_KEEPINTVL 1..32767, TCP_KEEPCNT 1..127 (FACTS.md section 1).
  if (k !== undefined && !(whole(k.idle, 1, 32767) && whole(k.interval, 1, 32767) && whole(k.count, 1, 127)))
    bad('keepalive', k);
  if (input.user_timeout !== undefined && !whole(input.user_timeout, 1, 2147483647))
    bad('user_timeout', input.user_timeout);
  const a = input.alive;
  if (a !== undefined && !(whole(a.interval, 1, 86400) && whole(a.count, 1, 100))) bad('alive', a);
  if (typeof input.host !== 'string' || input.host.length > 253 || !isSshPatternList(input.host))
    bad('host', input.host);
  if (typeof input.dbhost !== 'string' || !isSafeHost(input.dbhost)) bad('dbhost', input.dbhost);
  if (typeof input.upstream !== 'string' || !isUpstream(input.upstream)) bad('upstream', input.upstream);
  if (!versionIn(input.openssh, [7, 0], [10, 99])) bad('openssh', input.openssh);
  if (!versionIn(input.nginx, [1, 16], [1, 99])) bad('nginx', input.nginx);
  if (!POSTGRES_VERSIONS.includes(input.postgres)) bad('postgres', input.postgres);
  if (!MYSQL_VERSIONS.includes(input.mysql)) bad('mysql', input.mysql);
  if (!ELASTICSEARCH_VERSIONS.includes(input.elasticsearch)) bad('elasticsearch', input.elasticsearch);
  const kinds = input.manage;
  if (
    !Array.isArray(kinds) ||
    new Set(kinds).size !== kinds.length ||
    !kinds.every((k) => (MANAGE_KINDS as readonly string[]).includes(k))
  )
    bad('manage', kinds);
  // A configured box timeout: only for a listed box, inside its documented range, never its default (left out).
  const set = input.via.seconds;
  if (typeof set !== 'object' || set === null || Object.getPrototypeOf(set) !== Object.prototype) bad('via', set);
  else
    for (const [id, seconds] of Object.entries(set)) {
      const box = middlebox(id);
      const range = box && settableRange(box);
      if (
        !(ids as readonly string[]).includes(id) ||
        !range ||
        !whole(seconds, range[0], range[1]) ||
        seconds === box.defaultSeconds
      )
        bad('via', { [id]: seconds });
    }
  if (input.side !== undefined && !(SIDES as readonly string[]).includes(input.side)) bad('side', input.side);
  if (typeof input.containers !== 'boolean') bad('containers', input.containers);
  const langs = input.lang;
  if (
    !Array.isArray(langs) ||
    new Set(langs).size !== langs.length ||
    !langs.every((l) => (CODE_LANGUAGES as readonly string[]).includes(l))
  )
    bad('lang', langs);
  return p;
}

/** The Input property a query key sets: the key's own name (Input has one field per key). */
const propOf = (key: FieldKey): keyof Input => key;

const isField = (key: string): key is FieldKey => (FIELD_KEYS as readonly string[]).includes(key);
/**
 * Code points that must never print raw (issue 17): controls, format, surrogates, private use,
 * unassigned, separators but U+0020, default-ignorables. Long property names: not the codec's regex.
 */
const NON_PRINTING =
  /[\p{General_Category=Control}\p{General_Category=Format}\p{General_Category=Surrogate}\p{General_Category=Private_Use}\p{General_Category=Unassigned}\p{General_Category=Line_Separator}\p{General_Category=Paragraph_Separator}\p{Default_Ignorable_Code_Point}]|(?! )\p{General_Category=Space_Separator}/u;
/** At most 60 UTF-16 units: 57 and `...`, one fewer when 57 would split a surrogate pair. */
const cut = (s: string) => {
  if (s.length <= 60) return s;
  const c = s.charCodeAt(56);
  return `${s.slice(0, c >= 0xd800 && c <= 0xdbff ? 56 : 57)}...`;
};
/** The escape written out code point by code point, without JSON.stringify: the codec's independent oracle. */
const SHORT: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
function escaped(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    if (SHORT[c] !== undefined) out += SHORT[c];
    else if (cp < 0x20 || NON_PRINTING.test(c))
      out += cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}
/** How an error shows a rejected value: shortened, then escaped. */
const shownValue = (s: string) => escaped(cut(s));
/** How an error names a key: a known key as it is, an unknown one shortened and escaped. */
const shownKey = (k: string) => (isField(k) || k === 'v' ? k : escaped(cut(k)));
/** A line that stays one visible line when printed: no code point of NON_PRINTING. */
export const PRINTABLE = { test: (line: string): boolean => !NON_PRINTING.test(line) };

/**
 * parseQuery's contract on one query: never throws; every rejected key is named once; a rejected
 * field keeps its default; the accepted pairs alone give the same input (a rejected pair changes nothing).
 */
export function parseProblems(query: string): Problems {
  const p: Problems = [];
  const { input, errors } = parseQuery(query);
  p.push(...inputProblems(input));
  for (const e of errors) {
    if (typeof e.message !== 'string' || e.message.length === 0 || !PRINTABLE.test(e.message))
      p.push(`error message ${JSON.stringify(e.message)}`);
    if (!PRINTABLE.test(e.field)) p.push(`error field ${JSON.stringify(e.field)} is not printable`);
    // 60 UTF-16 units shortened, each escaped to 6 characters at most (\\uXXXX).
    if (e.value.length > 60 * 6) p.push(`error value longer than 60 escaped units: ${e.value.length}`);
  }
  if (query.length > MAX_QUERY_LENGTH) {
    if (errors.length !== 1 || errors[0]?.field !== 'query' || !isDeepStrictEqual(input, DEFAULT_INPUT))
      p.push('a too long query was not refused whole');
    return p;
  }
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const counts = new Map<string, number>();
  for (const key of params.keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
  const named = errors.map((e) => e.field);
  if (new Set(named).size !== named.length) p.push(`a key named twice: ${JSON.stringify(named)}`);
  const rejected = new Set<string>();
  const accepted: [string, string][] = [];
  for (const [key, count] of counts) {
    const raw = params.get(key) ?? '';
    const error = errors.find((e) => e.field === shownKey(key));
    if (error) rejected.add(shownKey(key));
    if (key === 'v') {
      if (!!error !== (raw !== '1' || count > 1)) p.push(`v=${JSON.stringify(raw)} x${count}: error ${!!error}`);
      continue;
    }
    if (!isField(key) || count > 1) {
      if (!error) p.push(`${JSON.stringify(key)} x${count} was not rejected`);
      continue;
    }
    const prop = propOf(key);
    if (error) {
      if (error.value !== shownValue(raw))
        p.push(`${key}: error shows ${JSON.stringify(error.value)} for ${JSON.stringify(raw)}`);
      const fallback = prop === 'idle' && input.via.ids.length > 0 ? undefined : DEFAULT_INPUT[prop];
      if (!isDeepStrictEqual(input[prop], fallback))
        p.push(`${key} was rejected but the input has ${JSON.stringify(input[prop])}`);
      continue;
    }
    accepted.push([key, raw]);
  }
  // The accepted pairs without the rejected ones give the same input: a rejected pair changed nothing.
  const clean = parseQuery(new URLSearchParams(accepted).toString());
  if (clean.errors.length > 0) p.push(`accepted pairs fail on their own: ${JSON.stringify(clean.errors)}`);
  if (!isDeepStrictEqual(clean.input, input))
    p.push(
      `the accepted pairs alone give ${JSON.stringify(clean.input)}, with the rejected ones ${JSON.stringify(input)}`,
    );
  for (const f of named)
    if (!rejected.has(f)) p.push(`error names ${JSON.stringify(f)}, which is not a rejected key of the query`);
  return p;
}
