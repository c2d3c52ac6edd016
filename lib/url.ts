/**
 * The one query codec shared by the page, the CLI and every runbook link.
 * parse: never throws; a bad field is reported and dropped, the valid ones stay.
 * write: short keys, `v=1` first, defaults left out; parse(write(x)) equals x.
 */
import * as z from 'zod/mini';
import { escapeText, shorten } from './escape';
import { NO_LANGUAGE } from './filter';
import { DEFAULT_IDLE_SECONDS, DEFAULT_INPUT, FIELD_KEYS, fieldParsers, type FieldKey, type ViaValue } from './schema';
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
  const values: Partial<Record<FieldKey, unknown>> = {};
  for (const [key, count] of seen) {
    const raw = params.get(key) ?? '';
    if (key === 'v') {
      if (raw !== '1' || count > 1) errors.push({ field: 'v', value: show(raw), message: 'must be 1 (the only query version)' });
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
    const result = z.safeParse(fieldParsers()[key], raw);
    if (result.success) values[key] = result.data;
    else errors.push({ field: key, value: show(raw), message: result.error.issues[0]?.message ?? 'is not valid' });
  }
  return { input: toInput(values), errors };
}

function toInput(v: Partial<Record<FieldKey, unknown>>): Input {
  const d = DEFAULT_INPUT;
  const parsedVia = v.via as ViaValue | undefined;
  const via = parsedVia?.ids ?? d.via;
  const ka = v.keepalive as number[] | undefined;
  const alive = v.alive as number[] | undefined;
  return {
    target: (v.target as Input['target'] | undefined) ?? d.target,
    // The 300 s default stands in only while no middlebox names a timeout (lib/schema.ts).
    idle: (v.idle as number | undefined) ?? (via.length === 0 ? DEFAULT_IDLE_SECONDS : undefined),
    via,
    viaSeconds: parsedVia?.seconds ?? d.viaSeconds,
    goal: v.goal as number | undefined,
    keepalive: ka ? { idle: ka[0] ?? 0, interval: ka[1] ?? 0, count: ka[2] ?? 0 } : undefined,
    userTimeout: v.user_timeout as number | undefined,
    alive: alive ? { interval: alive[0] ?? 0, count: alive[1] ?? 0 } : undefined,
    host: (v.host as string | undefined) ?? d.host,
    dbhost: (v.dbhost as string | undefined) ?? d.dbhost,
    upstream: (v.upstream as string | undefined) ?? d.upstream,
    openssh: (v.openssh as Input['openssh'] | undefined) ?? d.openssh,
    postgres: (v.postgres as Input['postgres'] | undefined) ?? d.postgres,
    mysql: (v.mysql as Input['mysql'] | undefined) ?? d.mysql,
    nginx: (v.nginx as Input['nginx'] | undefined) ?? d.nginx,
    nginx_form: (v.nginx_form as Input['nginx_form'] | undefined) ?? d.nginx_form,
    app: (v.app as Input['app'] | undefined) ?? d.app,
    front: (v.front as Input['front'] | undefined) ?? d.front,
    elasticsearch: (v.elasticsearch as Input['elasticsearch'] | undefined) ?? d.elasticsearch,
    manage: (v.manage as Input['manage'] | undefined) ?? d.manage,
    side: (v.side as Input['side'] | undefined) ?? d.side,
    containers: (v.containers as boolean | undefined) ?? d.containers,
    lang: (v.lang as Input['lang'] | undefined) ?? d.lang,
  };
}

/** The raw query value of each field of an input, or undefined where it is the default. */
function rawValues(input: Input): Record<FieldKey, string | undefined> {
  const d = DEFAULT_INPUT;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const idleIsDefault = input.via.length === 0 ? input.idle === DEFAULT_IDLE_SECONDS : input.idle === undefined;
  const k = input.keepalive;
  return {
    target: input.target === d.target ? undefined : input.target,
    idle: idleIsDefault || input.idle === undefined ? undefined : String(input.idle),
    via: input.via.length === 0 ? undefined : input.via.map((id) => (input.viaSeconds[id] === undefined ? id : `${id}:${input.viaSeconds[id]}`)).join(','),
    goal: input.goal === undefined ? undefined : String(input.goal),
    keepalive: k ? `${k.idle}:${k.interval}:${k.count}` : undefined,
    user_timeout: input.userTimeout === undefined ? undefined : String(input.userTimeout),
    alive: input.alive ? `${input.alive.interval}:${input.alive.count}` : undefined,
    host: input.host === d.host ? undefined : input.host,
    dbhost: input.dbhost === d.dbhost ? undefined : input.dbhost,
    upstream: input.upstream === d.upstream ? undefined : input.upstream,
    openssh: same(input.openssh, d.openssh) ? undefined : input.openssh.join('.'),
    postgres: input.postgres === d.postgres ? undefined : String(input.postgres),
    mysql: input.mysql === d.mysql ? undefined : input.mysql,
    nginx: same(input.nginx, d.nginx) ? undefined : input.nginx.join('.'),
    nginx_form: input.nginx_form === d.nginx_form ? undefined : input.nginx_form,
    app: input.app,
    front: input.front === undefined ? undefined : input.front.box ?? String(input.front.seconds),
    elasticsearch: input.elasticsearch === d.elasticsearch ? undefined : String(input.elasticsearch),
    manage: input.manage.length === 0 ? undefined : input.manage.join(','),
    side: input.side,
    containers: input.containers ? undefined : 'no',
    lang: same(input.lang, d.lang) ? undefined : input.lang.length === 0 ? NO_LANGUAGE : input.lang.join(','),
  };
}

/** Writes the query that reproduces `input`: `v=1` then the non-default fields in a fixed order. */
export function writeQuery(input: Input): string {
  const params = new URLSearchParams({ v: '1' });
  const raw = rawValues(input);
  for (const key of FIELD_KEYS) {
    const value = raw[key];
    if (value !== undefined) params.set(key, value);
  }
  // Commas and colons are legal in a query; keep them readable in runbooks.
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}
