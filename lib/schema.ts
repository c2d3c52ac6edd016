/**
 * The one source of truth for inputs: one zod schema per query key, from the raw query string to
 * the value the engine receives. Each field is parsed on its own, so a bad field is dropped and
 * the valid ones still apply (DESIGN.md, house style 3 and 8).
 */
import * as z from 'zod/mini';
import {
  APPS,
  ELASTICSEARCH_VERSIONS,
  MANAGE_KINDS,
  MYSQL_VERSIONS,
  NGINX_FORMS,
  POSTGRES_VERSIONS,
  TARGETS,
  type ElasticsearchVersion,
  type ManageKind,
} from './catalog';
import { hostProblem, upstreamProblem } from './address';
import { escapeText } from './escape';
import { CODE_LANGUAGES, NO_LANGUAGE, SIDES, type CodeLanguage } from './filter';
import { customTimeoutProblem, middlebox, type MiddleboxId } from './middleboxes';
import { MAX_TIMEOUT_SECONDS, parseDuration } from './time';
import type { Alive, Front, Input, Keepalive, ViaValue } from './types';
import { compareVersions, type Version } from './version';
import { TCP_KEEPCNT_MAX, TCP_KEEPIDLE_MAX, TCP_KEEPINTVL_MAX, TCP_USER_TIMEOUT_MAX_MS } from './kernel';

/** A query value that is a whole number (or a duration such as 5m) inside [min, max]. */
function wholeNumber(min: number, max: number, unit: string, durations = false) {
  const allowed = `a whole number of ${unit} from ${min} to ${max}${durations ? ' (5m, 1h also accepted)' : ''}`;
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const n = durations ? parseDuration(raw) : /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
      if (n === undefined || n < min || n > max) {
        ctx.issues.push({ code: 'custom', message: `must be ${allowed}`, input: raw });
        return z.NEVER;
      }
      return n;
    }),
  );
}

/** "T:I:P" style tuples, each part a whole number in its own range. */
function tuple<const N extends readonly string[]>(names: N, ranges: readonly (readonly [number, number])[]) {
  const allowed = names.map((n, i) => `${n} ${ranges[i]?.[0]}..${ranges[i]?.[1]}`).join(', ');
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const parts = raw.split(':');
      const nums = parts.map((p) => (/^\d{1,12}$/.test(p) ? Number(p) : NaN));
      const ok =
        parts.length === names.length &&
        nums.every((n, i) => n >= (ranges[i]?.[0] ?? 0) && n <= (ranges[i]?.[1] ?? -1));
      if (!ok) {
        ctx.issues.push({ code: 'custom', message: `must be ${names.join(':')} with ${allowed}`, input: raw });
        return z.NEVER;
      }
      return nums;
    }),
  );
}

/**
 * A dotted version "A.B" or "A.B.C" from `lo` to every release of `hi`: hi [1, 99] takes 1.99.x too,
 * as the message says, so the upper bound compares only as many parts as it has.
 */
function version(lo: Version, hi: Version, example: string) {
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const v = /^\d{1,2}(\.\d{1,2}){1,2}$/.test(raw) ? raw.split('.').map(Number) : undefined;
      if (!v || compareVersions(v, lo) < 0 || compareVersions(v.slice(0, hi.length), hi) > 0) {
        ctx.issues.push({
          code: 'custom',
          message: `must be a version such as ${example}, from ${lo.join('.')} to ${hi.join('.')}.x`,
          input: raw,
        });
        return z.NEVER;
      }
      return v as Version;
    }),
  );
}

/** Free text passes a strict grammar first: no spaces beyond the allowed, no quotes, no line breaks. */
function grammar(re: RegExp, what: string) {
  return z
    .string()
    .check(
      z.maxLength(253, { error: `must be ${what}, at most 253 characters` }),
      z.regex(re, { error: `must be ${what}` }),
    );
}

/** Negative, positive and wildcard ssh Host patterns separated by single spaces (ssh_config(5) PATTERNS). */
export const SSH_HOST_PATTERN = /^!?[A-Za-z0-9*?][A-Za-z0-9*?._-]*( !?[A-Za-z0-9*?][A-Za-z0-9*?._-]*){0,7}$/;
/** An address checked by a parser (lib/address.ts): the message says what is allowed, then why this value is not. */
function address(problem: (s: string) => string | undefined, what: string) {
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const why = raw.length > 253 ? 'at most 253 characters' : problem(raw);
      if (why !== undefined) {
        ctx.issues.push({ code: 'custom', message: `must be ${what} (${why})`, input: raw });
        return z.NEVER;
      }
      return raw;
    }),
  );
}

/** User text inside a message stays one visible line: the codec's one escape (lib/escape.ts). */
export const printable = escapeText;

/**
 * One `via` entry: a box id, or `id:timeout` with the box's configured idle timeout (seconds or a
 * duration such as 30m) inside its documented range (lib/middleboxes.ts, settableRange). A timeout
 * equal to the box's default is the box itself and is dropped, so one state has one query.
 */
function viaEntry(entry: string): { id: MiddleboxId; seconds?: number } | string {
  const colon = entry.indexOf(':');
  const id = colon < 0 ? entry : entry.slice(0, colon);
  const box = middlebox(id);
  if (!box) return `unknown id "${printable(id.slice(0, 40))}"`;
  if (colon < 0) return { id: box.id };
  const raw = entry.slice(colon + 1);
  const seconds = parseDuration(raw);
  if (seconds === undefined)
    return `"${printable(raw.slice(0, 20))}" after ${id}: is not a whole number of seconds or a duration such as 30m`;
  const problem = customTimeoutProblem(box, seconds);
  if (problem) return problem;
  return seconds === box.defaultSeconds ? { id: box.id } : { id: box.id, seconds };
}

const viaList = () =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx): ViaValue => {
      const entries = raw.split(',').map(viaEntry);
      const bad = entries.find((e): e is string => typeof e === 'string');
      const ids = entries.flatMap((e) => (typeof e === 'string' ? [] : [e.id]));
      const why =
        bad ??
        (entries.length > 8
          ? 'more than 8 boxes'
          : new Set(ids).size !== ids.length
            ? 'a box listed twice'
            : undefined);
      if (why !== undefined) {
        ctx.issues.push({
          code: 'custom',
          message: `must be up to 8 distinct middlebox ids separated by commas, each optionally with its configured idle timeout as id:seconds (${why})`,
          input: raw,
        });
        return z.NEVER;
      }
      const seconds: Record<string, number> = {};
      for (const e of entries) if (typeof e !== 'string' && e.seconds !== undefined) seconds[e.id] = e.seconds;
      return { ids, seconds };
    }),
  );

/**
 * `front`: the load balancer in front of nginx, a middlebox id (its default idle timeout) or that
 * timeout itself, in seconds or as a duration such as 5m. A box with no documented timeout needs the number.
 */
const frontBox = () =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx): Front => {
      const seconds = parseDuration(raw);
      if (seconds !== undefined && seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) return { seconds };
      const box = /^\d/.test(raw) ? undefined : middlebox(raw);
      const why =
        box === undefined
          ? undefined
          : box.defaultSeconds === null
            ? `${box.name} has no documented idle timeout: give it in seconds`
            : undefined;
      if (box === undefined || why !== undefined) {
        const shown =
          why ??
          (/^\d/.test(raw)
            ? `not a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`
            : `unknown id "${printable(raw.slice(0, 40))}"`);
        ctx.issues.push({
          code: 'custom',
          message: `must be a middlebox id such as aws-alb, or its idle timeout in seconds (${shown})`,
          input: raw,
        });
        return z.NEVER;
      }
      return { box: box.id };
    }),
  );

/** Config-management kinds: distinct known ids, kept in MANAGE_KINDS order so one choice has one query. */
const manageList = () =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const ids = raw.split(',');
      const bad = ids.find((id) => !(MANAGE_KINDS as readonly string[]).includes(id));
      if (bad !== undefined || new Set(ids).size !== ids.length) {
        const shown = bad !== undefined ? `unknown id "${printable(bad.slice(0, 40))}"` : 'an id listed twice';
        ctx.issues.push({
          code: 'custom',
          message: `must be distinct ids from ${MANAGE_KINDS.join(', ')} separated by commas (${shown})`,
          input: raw,
        });
        return z.NEVER;
      }
      return MANAGE_KINDS.filter((k) => ids.includes(k)) as ManageKind[];
    }),
  );

/**
 * Elasticsearch: a listed release; `7` is what links said before minors were listed, and it rendered the
 * keep_* settings of a late 7.x, so it reads as 7.17, the last 7.x (writeQuery then writes 7.17).
 */
export const ELASTICSEARCH_ALIASES: Readonly<Record<string, ElasticsearchVersion>> = { '7': '7.17' };
const elasticsearchVersion = () =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      // Own keys only: a raw "constructor" must not find Object.prototype's.
      const hit =
        ELASTICSEARCH_VERSIONS.find((v) => v === raw) ??
        (Object.hasOwn(ELASTICSEARCH_ALIASES, raw) ? ELASTICSEARCH_ALIASES[raw] : undefined);
      if (hit === undefined) {
        ctx.issues.push({
          code: 'custom',
          message: `must be one of ${ELASTICSEARCH_VERSIONS.join(', ')} (7 reads as 7.17)`,
          input: raw,
        });
        return z.NEVER;
      }
      return hit;
    }),
  );

/** Languages of the code snippets (lib/filter.ts): distinct known ids in CODE_LANGUAGES order, or `none`. */
const languageList = () =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      if (raw === NO_LANGUAGE) return [] as CodeLanguage[];
      const ids = raw.split(',');
      const bad = ids.find((id) => !(CODE_LANGUAGES as readonly string[]).includes(id));
      if (bad !== undefined || new Set(ids).size !== ids.length) {
        const shown =
          bad !== undefined ? `unknown language "${printable(bad.slice(0, 40))}"` : 'a language listed twice';
        ctx.issues.push({
          code: 'custom',
          message: `must be distinct ids from ${CODE_LANGUAGES.join(', ')} separated by commas, or ${NO_LANGUAGE} (${shown})`,
          input: raw,
        });
        return z.NEVER;
      }
      return CODE_LANGUAGES.filter((l) => ids.includes(l)) as CodeLanguage[];
    }),
  );

/** `containers`: yes (the default, shown) or no (the docker, compose and Kubernetes cards hidden). */
const yesNo = () =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      if (raw === 'yes' || raw === 'no') return raw === 'yes';
      ctx.issues.push({ code: 'custom', message: 'must be yes or no', input: raw });
      return z.NEVER;
    }),
  );

const oneOf = <T extends string | number>(values: readonly T[]) =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const hit = values.find((v) => String(v) === raw);
      if (hit === undefined) {
        ctx.issues.push({ code: 'custom', message: `must be one of ${values.join(', ')}`, input: raw });
        return z.NEVER;
      }
      return hit;
    }),
  );

/** One query key's codec: its parser (built on first use), its default, and how a value is written back. */
export interface Codec<T> {
  /** From the raw query value to T; an issue's message says what is allowed. */
  readonly parser: () => z.ZodMiniType<T, string>;
  /** The value when the key is absent. */
  readonly fallback: T;
  /** The query value for T, or undefined where it is the default (left out); `input` for a default that depends on another key. */
  readonly write: (value: T, input: Input) => string | undefined;
}

/** A codec whose parser is built once, on first use: the 45 or so zod schemas cost milliseconds the page's first second does not spend. */
function codec<T>(
  build: () => z.ZodMiniType<T, string>,
  fallback: T,
  write: (value: T, input: Input) => string | undefined,
): Codec<T> {
  let built: z.ZodMiniType<T, string> | undefined;
  return {
    parser: () => (built ??= build()),
    fallback,
    write: (value, input) => (same(value, fallback) ? undefined : write(value, input)),
  };
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const itself = <T extends string>(v: T) => v;
const dotted = (v: Version) => v.join('.');

/** The default idle timeout when neither `idle` nor `via` names one: a typical 5-minute firewall. */
export const DEFAULT_IDLE_SECONDS = 300;

/**
 * Every query key's codec, one entry per field of Input and typed by it: the key names are the public URL
 * contract, and their order here is the order writeQuery writes them in. Defaults match Debian 12, the
 * distribution the facts were measured on (FACTS.md header).
 */
export const CODECS: { readonly [K in keyof Input]: Codec<Input[K]> } = {
  target: codec(() => oneOf(TARGETS), 'ssh', itself),
  // The 300 s default stands in only while no middlebox names a timeout: its value is resolved from `via` (lib/url.ts).
  idle: codec(
    () => wholeNumber(1, MAX_TIMEOUT_SECONDS, 'seconds', true),
    undefined,
    (v, input) =>
      v === undefined || (input.via.ids.length === 0 && v === DEFAULT_IDLE_SECONDS) ? undefined : String(v),
  ),
  via: codec(
    () => viaList(),
    { ids: [], seconds: {} },
    (v) => v.ids.map((id) => (v.seconds[id] === undefined ? id : `${id}:${v.seconds[id]}`)).join(','),
  ),
  goal: codec(
    () => wholeNumber(1, MAX_TIMEOUT_SECONDS, 'seconds', true),
    undefined,
    (v) => (v === undefined ? undefined : String(v)),
  ),
  // The kernel's ranges (lib/kernel.ts).
  keepalive: codec(
    () =>
      z.pipe(
        tuple(
          ['T', 'I', 'P'],
          [
            [1, TCP_KEEPIDLE_MAX],
            [1, TCP_KEEPINTVL_MAX],
            [1, TCP_KEEPCNT_MAX],
          ],
        ),
        z.transform(([idle = 0, interval = 0, count = 0]): Keepalive | undefined => ({ idle, interval, count })),
      ),
    undefined,
    (k) => (k === undefined ? undefined : `${k.idle}:${k.interval}:${k.count}`),
  ),
  // 0 means off, so an explicit value starts at 1.
  user_timeout: codec(
    () => wholeNumber(1, TCP_USER_TIMEOUT_MAX_MS, 'milliseconds'),
    undefined,
    (v) => (v === undefined ? undefined : String(v)),
  ),
  // ServerAliveCountMax 0 exits without probing: never accept it (FACTS.md section 3).
  alive: codec(
    () =>
      z.pipe(
        tuple(
          ['INTERVAL', 'COUNT'],
          [
            [1, 86400],
            [1, 100],
          ],
        ),
        z.transform(([interval = 0, count = 0]): Alive | undefined => ({ interval, count })),
      ),
    undefined,
    (a) => (a === undefined ? undefined : `${a.interval}:${a.count}`),
  ),
  host: codec(
    () =>
      grammar(
        SSH_HOST_PATTERN,
        'ssh Host patterns (letters, digits, . - _ * ? and a leading !), separated by single spaces',
      ),
    '*',
    itself,
  ),
  dbhost: codec(() => address(hostProblem, 'a host name or an IP address'), 'db.example.com', itself),
  upstream: codec(
    () => address(upstreamProblem, 'host:port or [IPv6]:port with a port from 1 to 65535'),
    '127.0.0.1:8080',
    itself,
  ),
  openssh: codec(() => version([7, 0], [10, 99], '9.2'), [9, 2], dotted),
  postgres: codec(() => oneOf(POSTGRES_VERSIONS), 15, String),
  mysql: codec(() => oneOf(MYSQL_VERSIONS), 'mariadb-10.11', itself),
  nginx: codec(() => version([1, 16], [1, 99], '1.22 or 1.29.7'), [1, 22], dotted),
  // Lines to merge into the user's own blocks; a new site only when asked (DESIGN.md, the page).
  nginx_form: codec(() => oneOf(NGINX_FORMS), 'merge', itself),
  // Not said: no app-server snippet, and nginx's pool timeout only answers to the path.
  app: codec(
    () => oneOf(APPS),
    undefined,
    (v) => v,
  ),
  front: codec(
    () => frontBox(),
    undefined,
    (f) => (f === undefined ? undefined : (f.box ?? String(f.seconds))),
  ),
  elasticsearch: codec(() => elasticsearchVersion(), '8', itself),
  // gRPC keepalive times are milliseconds in the libraries; the query takes whole seconds, a day at most.
  grpc_time: codec(
    () => wholeNumber(1, 86400, 'seconds'),
    undefined,
    (v) => (v === undefined ? undefined : String(v)),
  ),
  grpc_min_ping: codec(
    () => wholeNumber(1, 86400, 'seconds'),
    undefined,
    (v) => (v === undefined ? undefined : String(v)),
  ),
  // No config-management snippets unless asked for.
  manage: codec<readonly ManageKind[]>(
    () => manageList(),
    [],
    (v) => v.join(','),
  ),
  // What the user runs (lib/filter.ts): which end, containers or not, which languages; every snippet unless said.
  side: codec(
    () => oneOf(SIDES),
    undefined,
    (v) => v,
  ),
  containers: codec(
    () => yesNo(),
    true,
    (v) => (v ? 'yes' : 'no'),
  ),
  lang: codec<readonly CodeLanguage[]>(
    () => languageList(),
    CODE_LANGUAGES,
    (v) => (v.length === 0 ? NO_LANGUAGE : v.join(',')),
  ),
};

export type FieldKey = keyof Input;

/** Every key, in the order writeQuery writes them (CODECS' order). */
export const FIELD_KEYS: readonly FieldKey[] = Object.keys(CODECS).filter((k): k is FieldKey =>
  Object.hasOwn(CODECS, k),
);

/** The input of an empty query: every codec's default, and the assumed idle timeout. */
export const DEFAULT_INPUT: Input = {
  target: CODECS.target.fallback,
  idle: DEFAULT_IDLE_SECONDS,
  via: CODECS.via.fallback,
  goal: CODECS.goal.fallback,
  keepalive: CODECS.keepalive.fallback,
  user_timeout: CODECS.user_timeout.fallback,
  alive: CODECS.alive.fallback,
  host: CODECS.host.fallback,
  dbhost: CODECS.dbhost.fallback,
  upstream: CODECS.upstream.fallback,
  openssh: CODECS.openssh.fallback,
  postgres: CODECS.postgres.fallback,
  mysql: CODECS.mysql.fallback,
  nginx: CODECS.nginx.fallback,
  nginx_form: CODECS.nginx_form.fallback,
  app: CODECS.app.fallback,
  front: CODECS.front.fallback,
  elasticsearch: CODECS.elasticsearch.fallback,
  grpc_time: CODECS.grpc_time.fallback,
  grpc_min_ping: CODECS.grpc_min_ping.fallback,
  manage: CODECS.manage.fallback,
  side: CODECS.side.fallback,
  containers: CODECS.containers.fallback,
  lang: CODECS.lang.fallback,
};
