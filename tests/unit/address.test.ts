// Addresses (issue 17): IPv4 and IPv6 by a real parser, proven against node:net, and the names
// nginx or the resolver would read as something other than one TCP host refused with their field.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostProblem, isIPv4, isIPv6, upstreamProblem } from '../../lib/address';
import { parseQuery } from '../../lib/url';

const lib = (s: string) => isIPv4(s) || isIPv6(s);

const octet = fc.integer({ min: 0, max: 255 }).map(String);
const ipv4 = fc.tuple(octet, octet, octet, octet).map((p) => p.join('.'));
const hexGroup = fc.stringMatching(/^[0-9a-fA-F]{1,4}$/);
const groups = (n: number) => fc.array(hexGroup, { minLength: n, maxLength: n });

/** A valid IPv6 address: eight groups, or fewer around one `::`, optionally ending in a dotted quad. */
const ipv6 = fc.tuple(fc.boolean(), fc.nat(8), fc.nat(8), groups(8), ipv4).map(([v4tail, a, b, g, quad]) => {
  const slots = v4tail ? 6 : 8;
  const tail = v4tail ? [quad] : [];
  const [i, j] = [a % (slots + 1), b % (slots + 1)].sort((x, y) => x - y) as [number, number];
  if (i === j) return [...g.slice(0, slots), ...tail].join(':');
  // Groups i..j-1 are compressed: at least one, as `::` always stands for one zero group or more.
  const head = g.slice(0, i).join(':');
  const rest = [...g.slice(j, slots), ...tail].join(':');
  return `${head}::${rest}`;
});

/** One edit: a character from the address alphabet inserted, deleted or replaced. */
const mutate = (s: fc.Arbitrary<string>) =>
  fc
    .tuple(
      s,
      fc.nat(),
      fc.constantFrom('0', '1', 'f', 'F', 'g', ':', '::', '.', '%', '00', '256', ' ', ''),
      fc.constantFrom('insert', 'delete', 'replace'),
    )
    .map(([t, at, c, op]) => {
      const i = at % (t.length + 1);
      if (op === 'insert') return t.slice(0, i) + c + t.slice(i);
      if (op === 'delete') return t.slice(0, i) + t.slice(i + 1);
      return t.slice(0, i) + c + t.slice(i + 1);
    });

const candidates = fc.oneof(
  ipv4,
  ipv6,
  mutate(ipv4),
  mutate(ipv6),
  mutate(mutate(ipv6)),
  fc.stringMatching(/^[0-9a-fA-F:.]{0,12}$/),
  fc.constantFrom(
    '::',
    '::1',
    ':::',
    '[::1]',
    '1::2::3',
    '::ffff:1.2.3.4',
    '::1.2.3.4',
    '1:2:3:4:5:6:7::',
    '::1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1.2.3.04',
    '0.0.0.0',
    '255.255.255.255',
    '1.2.3',
    '1.2.3.4.5',
  ),
);

describe('IPv4 and IPv6 literals match node:net', () => {
  it("the library's answer is net.isIP(s) !== 0 for valid and near-valid strings (10000 cases)", () => {
    let valid = 0;
    fc.assert(
      fc.property(candidates, (s) => {
        if (s.includes('%')) return;
        const expected = isIP(s) !== 0;
        if (expected) valid++;
        expect(lib(s), JSON.stringify(s)).toBe(expected);
      }),
      { numRuns: 10000 },
    );
    // Both sides of the line are exercised, not only one.
    expect(valid).toBeGreaterThan(2000);
    expect(valid).toBeLessThan(8000);
  });

  it('zone ids are refused, although node:net accepts them', () => {
    fc.assert(
      fc.property(ipv6, fc.constantFrom('%eth0', '%1', '%25eth0', '%'), (a, zone) => {
        expect(lib(a + zone)).toBe(false);
        expect(hostProblem(a + zone)).toBeDefined();
        expect(upstreamProblem(`[${a}${zone}]:80`)).toBeDefined();
      }),
      { numRuns: 300 },
    );
    expect(isIP('fe80::1%eth0')).toBe(6);
  });

  it('every valid IPv4 and IPv6 literal is a good dbhost and, bracketed for IPv6, a good upstream', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6), fc.integer({ min: 1, max: 65535 }), (a, port) => {
        expect(isIP(a)).not.toBe(0);
        expect(hostProblem(a)).toBeUndefined();
        expect(upstreamProblem(a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('the URL parser never sees text it would clean up first (tabs, newlines, percent-escapes, spaces)', () => {
    for (const s of ['::\t1', '::\n1', ':%3a1', ' ::1', '::1 ', '::1\r'])
      expect(isIPv6(s), JSON.stringify(s)).toBe(false);
  });
});

describe('addresses that are not one TCP host are refused and name their field', () => {
  it.each([
    ['upstream', 'unix:80', 'UNIX-domain socket'],
    ['upstream', 'UNIX:80', 'UNIX-domain socket'],
    ['upstream', 'Unix:8080', 'UNIX-domain socket'],
    ['upstream', '[fe80]:80', 'not a valid IPv6 address'],
    ['upstream', '[:::::]:80', 'not a valid IPv6 address'],
    ['upstream', '[::1%eth0]:80', 'not a valid IPv6 address'],
    ['upstream', '[1.2.3.4]:80', 'not a valid IPv6 address'],
    ['upstream', '::1:80', 'needs brackets'],
    ['upstream', '1234:80', 'read as an IPv4 address'],
    ['upstream', '0x7f.1:80', 'read as an IPv4 address'],
    ['upstream', '10.1:80', 'read as an IPv4 address'],
    ['upstream', '017.0.0.1:80', 'read as an IPv4 address'],
    ['upstream', '1.2.3.256:80', 'read as an IPv4 address'],
    ['upstream', 'backend:0', 'port'],
    ['upstream', 'backend:080', 'port'],
    ['upstream', 'backend', 'port'],
    ['dbhost', ':::', 'not a valid IPv6 address'],
    ['dbhost', '[::1]', 'not a valid IPv6 address'],
    ['dbhost', 'fe80::1%eth0', 'not a valid IPv6 address'],
    ['dbhost', '1:2:3:4:5:6:7:8:9', 'not a valid IPv6 address'],
    ['dbhost', '1', 'read as an IPv4 address'],
    ['dbhost', '10.1', 'read as an IPv4 address'],
    ['dbhost', '4294967295', 'read as an IPv4 address'],
    ['dbhost', '0x7f000001', 'read as an IPv4 address'],
    ['dbhost', 'db.0x1F', 'read as an IPv4 address'],
    ['dbhost', 'db.internal.42', 'read as an IPv4 address'],
    ['dbhost', '01.2.3.4', 'read as an IPv4 address'],
    ['dbhost', '-db', 'letters, digits'],
    ['dbhost', 'db..internal', 'letters, digits'],
    ['dbhost', '/var/run/postgresql', 'letters, digits'],
    ['dbhost', '@abstract', 'letters, digits'],
    ['dbhost', 'a,b', 'letters, digits'],
  ])('%s=%s is refused (%s)', (field, value, why) => {
    const { input, errors } = parseQuery(
      new URLSearchParams([
        ['target', field === 'upstream' ? 'nginx' : 'postgres'],
        [field, value],
      ]),
    );
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]?.message).toContain(why);
    expect(errors[0]?.message).toMatch(
      field === 'upstream' ? /^must be host:port or \[IPv6\]:port/ : /^must be a host name or an IP address/,
    );
    expect(input[field as 'dbhost' | 'upstream']).toBe(field === 'upstream' ? '127.0.0.1:8080' : 'db.example.com');
  });

  it.each([
    ['dbhost', 'db.example.com'],
    ['dbhost', 'db-1.internal'],
    ['dbhost', 'localhost'],
    ['dbhost', 'unix'],
    ['dbhost', '10.0.0.5'],
    ['dbhost', '::1'],
    ['dbhost', '::ffff:10.0.0.5'],
    ['dbhost', '2001:DB8::FF00:42:8329'],
    ['dbhost', 'a.1e3'],
    ['dbhost', 'db.0xg'],
    ['dbhost', '3com.example'],
    ['upstream', 'backend:80'],
    ['upstream', 'unixhost:80'],
    ['upstream', '10.1.2.3:9000'],
    ['upstream', '[::1]:65535'],
    ['upstream', '[fe80::1]:1'],
    ['upstream', `${'a'.repeat(63)}.b:443`],
  ])('%s=%s is accepted', (field, value) => {
    const { input, errors } = parseQuery(new URLSearchParams([[field, value]]));
    expect(errors).toEqual([]);
    expect(input[field as 'dbhost' | 'upstream']).toBe(value);
  });
});
