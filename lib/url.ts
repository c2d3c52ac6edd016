/**
 * The one query codec shared by the page, the CLI and every runbook link.
 * parse: never throws; a bad field is reported and dropped, the valid ones stay.
 * write: short keys, `v=1` first, defaults left out; parse(write(x)) equals x.
 */
import * as z from 'zod/mini';
import { escapeText, shorten } from './escape';
import { CODECS, DEFAULT_IDLE_SECONDS, DEFAULT_INPUT, FIELD_KEYS, type FieldKey } from './schema';
import type { Input } from './types';

/** A rejected field, ready to print: the notice and the CLI show `field`, `value` and `message` as they are. */
export interface FieldError {
  /** The query key, or `query` for the whole string, or the unknown key itself (shortened and escaped). */
  readonly field: string;
  /** The rejected value, shortened and escaped (lib/escape.ts): print it between double quotes. */
  readonly value: string;
  readonly message: string;
}

/** Queries longer than this are refused whole: no legitimate state comes near it. */
export const MAX_QUERY_LENGTH = 2048;

/** Shortened, then escaped: every key and value a stranger wrote stays one visible line. */
const show = (s: string) => escapeText(shorten(s));

/** The one line a rejected field prints as, on stderr: `field: "value" message`. */
export const errorLine = (e: FieldError): string => `${e.field}: "${e.value}" ${e.message}`;

function decode(query: string | URLSearchParams): URLSearchParams | undefined {
  if (typeof query !== 'string') return query.toString().length > MAX_QUERY_LENGTH ? undefined : query;
  if (query.length > MAX_QUERY_LENGTH) return undefined;
  return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
}

function isFieldKey(key: string): key is FieldKey {
  return (FIELD_KEYS as readonly string[]).includes(key);
}

/** Parses a query string (with or without `?`) into a valid Input plus the rejected fields. */
export function parseQuery(query: string | URLSearchParams): { input: Input; errors: FieldError[] } {
  const params = decode(query);
  if (!params) {
    // Nothing of it applies, so the notice's title (components/Notice.tsx) says the link was not read.
    const message = `is longer than ${MAX_QUERY_LENGTH} characters and was ignored; the defaults apply`;
    return { input: DEFAULT_INPUT, errors: [{ field: 'query', value: show(String(query)), message }] };
  }
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  for (const key of params.keys()) seen.set(key, (seen.get(key) ?? 0) + 1);
  const values: { -readonly [K in FieldKey]?: Input[K] } = {};
  /** One key's value into `values`, or its error: typed by the key, so no value crosses to another key. */
  const read = <K extends FieldKey>(key: K, raw: string) => {
    const result = z.safeParse(CODECS[key].parser(), raw);
    if (result.success) values[key] = result.data;
    else errors.push({ field: key, value: show(raw), message: result.error.issues[0]?.message ?? 'is not valid' });
  };
  for (const [key, count] of seen) {
    const raw = params.get(key) ?? '';
    if (key === 'v') {
      if (raw !== '1' || count > 1)
        errors.push({ field: 'v', value: show(raw), message: 'must be 1 (the only query version)' });
      continue;
    }
    if (!isFieldKey(key)) {
      errors.push({ field: show(key), value: show(raw), message: 'is not a known parameter and was ignored' });
      continue;
    }
    if (count > 1) {
      errors.push({ field: key, value: show(raw), message: 'was given more than once and was ignored' });
      continue;
    }
    read(key, raw);
  }
  return { input: toInput(values), errors };
}

/** The input of the parsed values: each absent key takes its codec's default; the idle timeout's depends on `via`. */
function toInput(values: { readonly [K in FieldKey]?: Input[K] }): Input {
  const pick = <K extends FieldKey>(key: K): Input[K] => values[key] ?? CODECS[key].fallback;
  const via = pick('via');
  return {
    target: pick('target'),
    // The 300 s default stands in only while no middlebox names a timeout (lib/schema.ts).
    idle: pick('idle') ?? (via.ids.length === 0 ? DEFAULT_IDLE_SECONDS : undefined),
    via,
    goal: pick('goal'),
    keepalive: pick('keepalive'),
    user_timeout: pick('user_timeout'),
    alive: pick('alive'),
    host: pick('host'),
    dbhost: pick('dbhost'),
    upstream: pick('upstream'),
    openssh: pick('openssh'),
    postgres: pick('postgres'),
    mysql: pick('mysql'),
    nginx: pick('nginx'),
    nginx_form: pick('nginx_form'),
    app: pick('app'),
    front: pick('front'),
    elasticsearch: pick('elasticsearch'),
    grpc_time: pick('grpc_time'),
    grpc_min_ping: pick('grpc_min_ping'),
    manage: pick('manage'),
    side: pick('side'),
    containers: pick('containers'),
    lang: pick('lang'),
  };
}

/** One key's query value, or undefined where it is the default. */
const written = <K extends FieldKey>(input: Input, key: K): string | undefined => CODECS[key].write(input[key], input);

/** Writes the query that reproduces `input`: `v=1` then the non-default fields in a fixed order. */
export function writeQuery(input: Input): string {
  const params = new URLSearchParams({ v: '1' });
  for (const key of FIELD_KEYS) {
    const value = written(input, key);
    if (value !== undefined) params.set(key, value);
  }
  // Commas and colons are legal in a query; keep them readable in runbooks.
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}
