// Hostile query strings: valid keys with hostile values, hostile keys, repeated keys, every encoding.
import fc from 'fast-check';
import { MYSQL_VERSIONS, TARGETS } from '../../../lib/catalog';
import { MIDDLEBOXES, settableRange } from '../../../lib/middleboxes';
import { FIELD_KEYS } from '../../../lib/schema';

/** Values that broke, or could break, a parser or a config file somewhere. */
export const HOSTILE_VALUES = [
  '',
  ' ',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\0',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u000b',
  '\u000c',
  '\u001b[31m',
  '\u009b31m',
  '\u202e',
  '\ufeff',
  '\u00a0',
  'a\nProxyCommand x',
  '\nProxyCommand sh -c id',
  '* \nMatch exec "id"',
  'a;include /etc/passwd',
  '127.0.0.1:80; include /etc/passwd',
  'a:1;}server{listen 81;',
  '}',
  '{',
  ';',
  "' sslmode=disable",
  '" sslmode=disable',
  'db host=evil',
  'db\tsslmode=disable',
  '---',
  '\n---\nkind: Secret',
  '...',
  '&anchor',
  '*alias',
  '!!python/object',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "');alert(1);//",
  '${7*7}',
  '{{7*7}}',
  '$(id)',
  '`id`',
  '| id',
  '&& id',
  '# comment',
  '%',
  '%00',
  '%0a',
  '%%',
  '\\',
  '\\u000a',
  '-oProxyCommand=x',
  '-h',
  '--help',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e3',
  '-1',
  '-0',
  '0',
  '+1',
  '1.5',
  '0.0001',
  '0x10',
  '0b1',
  '0o7',
  '1_000',
  ' 300',
  '300 ',
  '300\n',
  '١٢٠',
  '１２０',
  '99999999999999999999',
  '9007199254740993',
  '2147483648',
  '604801',
  '32768',
  '128',
  '5m',
  '1h30m',
  '10000000d',
  '999999999h',
  '1:1:128',
  '0:0:0',
  '60:10:6',
  '60:10',
  '60:10:6:1',
  '::',
  ':',
  '1:',
  '[::1]:80',
  '[::1]',
  '::1',
  'host:0',
  'host:65536',
  'host:-1',
  'host:08080',
  'a.b-c_d',
  '*',
  '!*',
  '!',
  'a  b',
  'a b c d e f g h i',
  '-',
  '-a',
  'a-',
  '.',
  'a..b',
  '🙂',
  'ß',
  'İ',
  'Ω',
  'a'.repeat(64),
  'a'.repeat(254),
  `${'a'.repeat(63)}.`.repeat(4),
  'aws-natgw,aws-natgw',
  'aws-natgw,',
  ',',
  'aws-natgw%2Cazure-lb',
  '9',
  '9.2.1.1',
  '10.100',
  '07.4',
  'mariadb-10.11 ',
  'MARIADB-10.11',
  'ssh ',
  'SSH',
  // Issue 17: addresses that are not one TCP host, invisible characters, undocumented forms.
  'unix:80',
  'UNIX:80',
  '[fe80]:80',
  '[:::::]:80',
  ':::',
  'fe80::1%eth0',
  '[fe80::1%eth0]:80',
  '10.1',
  '1234:80',
  '0x7f.0.0.1',
  '\u061c',
  '\u00ad',
  '\u2060',
  '\u2064',
  '\u{e0041}',
  '\u{e007f}',
  '\u3164',
  '\u3000',
  '\ue000',
  '\u0378',
  '5 min',
  '5min',
  '5M',
  '1h 30m',
  '300\u2028',
  '1.99.5',
  '10.99.1',
] as const;

const boxIds = MIDDLEBOXES.map((m) => m.id);
/** A box id, or a box with a configured timeout at the ends of its documented range (via=azure-lb:1800). */
const boxWithTimeout = fc.oneof(
  fc.constantFrom(...boxIds),
  fc.constantFrom(
    ...MIDDLEBOXES.flatMap((m) => {
      const r = settableRange(m);
      return r ? [`${m.id}:${r[0]}`, `${m.id}:${r[1]}`] : [];
    }),
  ),
);

/** Values that pass (or nearly pass) each field: so some fields are accepted and the rest of the pipeline runs. */
const plausible = fc.oneof(
  fc.constantFrom(...TARGETS),
  fc.constantFrom(...MYSQL_VERSIONS),
  fc.integer({ min: -10, max: 700000 }).map(String),
  fc.constantFrom('5m', '1h', '90s', '1h30m', '2d'),
  fc.uniqueArray(fc.constantFrom(...boxIds), { minLength: 1, maxLength: 9 }).map((a) => a.join(',')),
  fc
    .tuple(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 0, max: 130 }))
    .map((t) => t.join(':')),
  fc.tuple(fc.integer({ min: 0, max: 90000 }), fc.integer({ min: 0, max: 101 })).map((t) => t.join(':')),
  fc.constantFrom('*', 'bastion.example.com', '*.corp !jump?', 'db-1', '!*', 'a? b* !c'),
  fc.constantFrom('db.internal', '10.0.0.5', '::1', 'fe80::1', 'pg', '1'),
  fc.constantFrom('127.0.0.1:9000', 'app.internal:80', '[::1]:8080', 'a:65535', 'a:1'),
  fc.constantFrom('7.0', '9.2', '9.5', '10.99', '1.16', '1.22', '1.29.7', '1.99.99'),
  fc.constantFrom('11', '15', '18', '7', '8', '9', '1'),
);

/** Numbers the way JavaScript prints them: NaN, Infinity, -0, exponents, fractions, huge. */
const numeric = fc.oneof(
  fc.double().map(String),
  fc.double({ noNaN: true }).map((d) => d.toFixed(3)),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer().map(String),
);

/** Text of every kind: plain ASCII, control characters, full Unicode (lone surrogates too), long. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(
      '\n',
      '\r',
      ';',
      '{',
      '}',
      '"',
      "'",
      ' ',
      '-',
      '#',
      '=',
      '&',
      '%',
      '\\',
      ':',
      ',',
      '*',
      '!',
      'a',
      '1',
      '\0',
      '\u2028',
    ),
    maxLength: 30,
  }),
  fc.string({ minLength: 200, maxLength: 3000 }),
);

/** A hostile value, sometimes glued to a plausible one. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 4, arbitrary: plausible },
  { weight: 2, arbitrary: numeric },
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: fc.tuple(plausible, fc.constantFrom(...HOSTILE_VALUES)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_VALUES), plausible).map(([a, b]) => a + b) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...FIELD_KEYS, 'v') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'valueOf',
      'hasOwnProperty',
      '__defineGetter__',
      'TARGET',
      'target ',
      ' target',
      'target\n',
      'idle[]',
      'via[0]',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** How a key or value is written into the query string. */
const encodings = {
  /** encodeURIComponent; a lone surrogate (which it refuses) becomes the invalid UTF-8 %ED%A0%80. */
  component: (s: string) =>
    s
      .split(/(\p{Surrogate})/u)
      .map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part)))
      .join(''),
  /** As typed: `&`, `=`, `+`, `%` and `#` keep their query meaning. */
  raw: (s: string) => s,
  /** Every UTF-16 unit as %XX of its low byte, and every UTF-8 byte percent-encoded. */
  bytes: (s: string) => Array.from(new TextEncoder().encode(s), (b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  /** Percent-encoded twice: the parser must decode exactly once. */
  twice: (s: string) => encodings.component(encodings.component(s)),
  /** Lower-case hex, `+` for spaces (form encoding). */
  form: (s: string) => new URLSearchParams([['x', s]]).toString().slice(2).toLowerCase(),
} as const;
const encoding = fc.constantFrom(...(Object.keys(encodings) as (keyof typeof encodings)[]));

/** One `key=value` pair, each side encoded its own way; sometimes without `=`. */
const pair = fc.tuple(hostileKey, hostileValue, encoding, encoding, fc.nat(19)).map(([k, v, ek, ev, form]) => {
  const key = ek === 'raw' && form < 2 ? encodings.component(k) : encodings[ek](k);
  return form === 0 ? key : `${key}=${encodings[ev](v)}`;
});

/** Values each free-text field accepts at the edge of its grammar: the renderers must still stay in theirs. */
const edgy = {
  host: [
    '*',
    '!*',
    '?',
    '!a* b? c',
    'a.b-c_d',
    `${'a'.repeat(31)} `.repeat(8).trim(),
    'x'.repeat(253),
    '1 2 3 4 5 6 7 8',
  ],
  dbhost: [
    '::1',
    'fe80::1',
    '::',
    '2001:db8::ff00:42:8329',
    '10.0.0.5',
    '255.255.255.255',
    'a-b',
    `${'a'.repeat(63)}.b`,
    'app',
    'host',
  ],
  upstream: ['[::1]:65535', '[fe80::1]:1', 'a:1', '10.0.0.1:65535', 'backend:80', `${'a'.repeat(63)}:443`],
};

/** A query that is valid but sits on the edges: every field accepted, every renderer runs. */
const edgyValidQuery = fc
  .record({
    target: fc.constantFrom(...TARGETS),
    host: fc.constantFrom(...edgy.host),
    dbhost: fc.constantFrom(...edgy.dbhost),
    upstream: fc.constantFrom(...edgy.upstream),
    idle: fc.option(fc.integer({ min: 1, max: 604800 }).map(String), { nil: undefined }),
    via: fc.option(
      fc
        .uniqueArray(boxWithTimeout, { minLength: 1, maxLength: 8, selector: (v) => v.split(':')[0] })
        .map((a) => a.join(',')),
      { nil: undefined },
    ),
    goal: fc.option(fc.integer({ min: 1, max: 604800 }).map(String), { nil: undefined }),
    keepalive: fc.option(
      fc
        .tuple(fc.integer({ min: 1, max: 32767 }), fc.integer({ min: 1, max: 32767 }), fc.integer({ min: 1, max: 127 }))
        .map((t) => t.join(':')),
      { nil: undefined },
    ),
    user_timeout: fc.option(fc.constantFrom('1', '2147483647', '30000'), { nil: undefined }),
    alive: fc.option(
      fc.tuple(fc.integer({ min: 1, max: 86400 }), fc.integer({ min: 1, max: 100 })).map((t) => t.join(':')),
      { nil: undefined },
    ),
    openssh: fc.constantFrom('7.0', '9.4', '9.5', '10.99.99'),
    postgres: fc.constantFrom('11', '12', '13', '14', '18'),
    mysql: fc.constantFrom(...MYSQL_VERSIONS),
    nginx: fc.constantFrom('1.16', '1.16.1', '1.29.6', '1.29.7', '1.99.99'),
    // The config-management snippets carry the other snippets' lines: edgy values must reach them too.
    manage: fc.option(
      fc.subarray(['ansible', 'cloud-init', 'terraform-aks'], { minLength: 1 }).map((a) => a.join(',')),
      { nil: undefined },
    ),
    // The filter keys (lib/filter.ts): what is left must still be a valid set of snippets.
    side: fc.option(fc.constantFrom('client', 'server'), { nil: undefined }),
    containers: fc.option(fc.constantFrom('yes', 'no'), { nil: undefined }),
    lang: fc.option(
      fc.oneof(
        fc.constant('none'),
        fc.subarray(['python', 'node', 'go', 'java'], { minLength: 1 }).map((a) => a.join(',')),
      ),
      { nil: undefined },
    ),
  })
  .map((r) =>
    new URLSearchParams(Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined)).toString(),
  );

/** A whole hostile query: 0 to 12 pairs (keys repeat), odd separators, maybe a leading `?`, maybe huge. */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(fc.array(pair, { maxLength: 12 }), fc.constantFrom('&', '&', '&', '&&', ';', '&amp;'), fc.boolean())
      .map(([pairs, sep, q]) => (q ? '?' : '') + pairs.join(sep)),
  },
  { weight: 2, arbitrary: text },
  { weight: 4, arbitrary: edgyValidQuery },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(pair, { maxLength: 4 }), fc.integer({ min: 1900, max: 2200 }))
      .map(([p, n]) => `${p.join('&')}&host=${'a'.repeat(n)}`),
  },
);
