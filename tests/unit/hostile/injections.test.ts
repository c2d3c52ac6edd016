// The classic injections into the three free-text fields (host, dbhost, upstream), by name:
// each is rejected with a message naming the field, the default stays, and no snippet carries it.
import { describe, expect, it } from 'vitest';
import { run } from '../../../lib/engine';
import { DEFAULT_INPUT } from '../../../lib/schema';
import { MAX_QUERY_LENGTH, parseQuery } from '../../../lib/url';
import { checkAll } from '../grammars';

type Field = 'host' | 'dbhost' | 'upstream';
const TARGET: Record<Field, string> = { host: 'ssh', dbhost: 'postgres', upstream: 'nginx' };
const VALID: Record<Field, string> = { host: 'bastion', dbhost: 'db1', upstream: 'app:8080' };

/** [name, payload appended to a valid value, text that must appear in no snippet]. */
const INJECTIONS: readonly (readonly [string, string, string])[] = [
  ['newline + ProxyCommand', '\nProxyCommand sh -c id', 'ProxyCommand'],
  ['CR LF + ProxyCommand', '\r\nProxyCommand sh -c id', 'ProxyCommand'],
  ['a lone CR', '\rProxyCommand x', 'ProxyCommand'],
  ['U+2028 line separator', '\u2028ProxyCommand x', 'ProxyCommand'],
  ['U+2029 paragraph separator', '\u2029ProxyCommand x', 'ProxyCommand'],
  ['U+0085 next line', '\u0085ProxyCommand x', 'ProxyCommand'],
  ['a NUL', '\0ProxyCommand', 'ProxyCommand'],
  ['; + include', ';include /etc/passwd', 'include /etc'],
  ['; + include after a space', '; include /etc/passwd;', '/etc/passwd'],
  ['} closing a block', '}\nserver { listen 81; }', 'listen 81'],
  ['} alone', '}', '}}'],
  ['a YAML document separator', '\n---\nkind: Secret', 'Secret'],
  ['--- inline', ' --- ', '---'],
  ['a single quote closing a conninfo value', "' sslmode=disable", 'sslmode'],
  ['a double quote closing the shell word', '" sslmode=disable', 'sslmode'],
  ['a space + a conninfo keyword', ' sslmode=disable', 'sslmode'],
  ['a tab + a conninfo keyword', '\tsslmode=disable', 'sslmode'],
  ['command substitution', '$(id)', '$(id)'],
  ['backticks', '`id`', '`id`'],
  ['a # comment', '#Match all', 'Match all'],
  ['a leading option', ' -oProxyCommand=id', 'oProxyCommand'],
  ['a Java unicode escape', '\\u000a', '\\u000a'],
  ['HTML', '<script>alert(1)</script>', '<script>'],
];

describe.each(['host', 'dbhost', 'upstream'] as const)('%s', (field) => {
  it.each(INJECTIONS)('rejects %s', (_, payload, marker) => {
    const q = new URLSearchParams({ target: TARGET[field], [field]: VALID[field] + payload }).toString();
    const { input, errors } = parseQuery(q);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe(field);
    expect(errors[0]?.message).toMatch(/^must be /);
    expect(input[field]).toBe(DEFAULT_INPUT[field]);
    expect(input.target).toBe(TARGET[field]);
    const r = run(q);
    expect(checkAll(r.snippets, r.plan)).toEqual([]);
    for (const s of r.snippets)
      expect(s.text.includes(marker), `${s.id} contains ${JSON.stringify(marker)}`).toBe(false);
  });

  it('rejects the payloads on their own too (percent-encoded once and twice)', () => {
    for (const [, payload] of INJECTIONS) {
      for (const value of [payload, encodeURIComponent(payload)]) {
        const { errors } = parseQuery(`${field}=${encodeURIComponent(value)}`);
        expect(errors.map((e) => e.field)).toEqual([field]);
      }
    }
  });
});

describe('no text reaches a snippet unless its grammar allows it', () => {
  it('ssh Host patterns: a leading dash, an empty word and nine words are refused', () => {
    for (const v of ['-oProxyCommand=x', 'a  b', ' a', 'a ', '1 2 3 4 5 6 7 8 9', 'a'.repeat(254)]) {
      expect(parseQuery(`host=${encodeURIComponent(v)}`).errors.map((e) => e.field)).toEqual(['host']);
    }
  });

  it('upstream: no port, port 0, port 65536, an unbracketed IPv6 address and a path are refused', () => {
    for (const v of ['app', 'app:0', 'app:65536', '::1:80', 'app:80/x', 'http://app:80', '[::1]']) {
      expect(parseQuery(`upstream=${encodeURIComponent(v)}`).errors.map((e) => e.field)).toEqual(['upstream']);
    }
  });

  it('dbhost: a port, a path, a user and a URL are refused', () => {
    for (const v of ['db:5432x', 'db/app', 'user@db', 'postgres://db', '-db', 'db-', 'db..x']) {
      expect(parseQuery(`dbhost=${encodeURIComponent(v)}`).errors.map((e) => e.field)).toEqual(['dbhost']);
    }
  });

  it('an IPv6 database host is written with brackets wherever it is part of a URL (JDBC)', () => {
    for (const target of ['postgres', 'mysql']) {
      const r = run(`target=${target}&dbhost=::1`);
      expect(r.errors).toEqual([]);
      expect(checkAll(r.snippets, r.plan)).toEqual([]);
    }
  });
});

describe(`queries longer than ${MAX_QUERY_LENGTH} characters`, () => {
  it('are refused whole with a notice naming the limit; the defaults apply', () => {
    for (const q of [
      `host=${'a'.repeat(5000)}`,
      `?target=mysql&${'idle=60&'.repeat(300)}`,
      'x'.repeat(MAX_QUERY_LENGTH + 1),
    ]) {
      const { input, errors } = parseQuery(q);
      expect(input).toEqual(DEFAULT_INPUT);
      expect(errors).toEqual([
        {
          field: 'query',
          value: `${q.slice(0, 57)}...`,
          message: `is longer than ${MAX_QUERY_LENGTH} characters and was ignored; the defaults apply`,
        },
      ]);
    }
  });

  it('are refused the same when they arrive as URLSearchParams', () => {
    const { input, errors } = parseQuery(new URLSearchParams({ target: 'mysql', host: 'a'.repeat(5000) }));
    expect(input).toEqual(DEFAULT_INPUT);
    expect(errors.map((e) => e.field)).toEqual(['query']);
  });

  it('a query of exactly the cap is parsed field by field', () => {
    const q = `target=mysql&x=${'a'.repeat(MAX_QUERY_LENGTH - 'target=mysql&x='.length)}`;
    const { input, errors } = parseQuery(q);
    expect(input.target).toBe('mysql');
    expect(errors.map((e) => e.field)).toEqual(['x']);
  });
});
