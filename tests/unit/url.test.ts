// The query codec: the public URL contract of the page, the CLI and every runbook link.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIDDLEBOXES, settableRange, type MiddleboxId } from '../../lib/middleboxes';
import { DEFAULT_INPUT } from '../../lib/schema';
import { MAX_QUERY_LENGTH, parseQuery, writeQuery } from '../../lib/url';
import { validQuery } from './arbitraries';

describe('round trip', () => {
  it('every valid query parses without errors, and parse(write(x)) is x', () => {
    fc.assert(
      fc.property(validQuery, (q) => {
        const { input, errors } = parseQuery(q);
        expect(errors).toEqual([]);
        const again = parseQuery(writeQuery(input));
        expect(again.errors).toEqual([]);
        expect(again.input).toEqual(input);
        expect(writeQuery(again.input)).toBe(writeQuery(input));
      }),
      { numRuns: 500 },
    );
  });

  it('the default input writes as v=1 alone, and defaults are left out', () => {
    expect(writeQuery(DEFAULT_INPUT)).toBe('v=1');
    expect(writeQuery(parseQuery('target=ssh&idle=300&openssh=9.2&postgres=15').input)).toBe('v=1');
  });

  it('normalizes durations to seconds and keeps commas and colons readable', () => {
    // 5m is the default 300 s, so it is left out.
    expect(writeQuery(parseQuery('idle=5m&target=postgres').input)).toBe('v=1&target=postgres');
    expect(writeQuery(parseQuery('idle=2m&target=postgres').input)).toBe('v=1&target=postgres&idle=120');
    expect(writeQuery(parseQuery('idle=1h&via=aws-natgw,azure-lb&keepalive=60:10:6').input)).toBe(
      'v=1&idle=3600&via=aws-natgw,azure-lb&keepalive=60:10:6',
    );
  });

  it('an idle timeout equal to the default is kept once a middlebox is named', () => {
    const q = writeQuery(parseQuery('idle=300&via=aws-natgw').input);
    expect(q).toBe('v=1&idle=300&via=aws-natgw');
    expect(parseQuery('via=aws-natgw').input.idle).toBeUndefined();
  });
});

describe('bad fields are named, dropped, and the valid ones stay', () => {
  it.each([
    ['target=oracle', 'target', 'must be one of ssh, postgres, mysql, nginx, elasticsearch, redis, grpc'],
    ['idle=0', 'idle', 'from 1 to 604800'],
    ['idle=604801', 'idle', 'from 1 to 604800'],
    ['idle=1.5', 'idle', 'whole number'],
    ['goal=-3', 'goal', 'whole number'],
    ['keepalive=60:10', 'keepalive', 'T:I:P'],
    ['keepalive=60:10:128', 'keepalive', 'P 1..127'],
    ['keepalive=0:10:5', 'keepalive', 'T 1..32767'],
    ['alive=60:0', 'alive', 'COUNT 1..100'],
    ['user_timeout=0', 'user_timeout', 'from 1 to 2147483647'],
    ['via=nope', 'via', 'unknown id'],
    ['via=aws-natgw,aws-natgw', 'via', 'listed twice'],
    ['via=aws-natgw:600', 'via', 'AWS NAT Gateway has no documented range'],
    ['via=azure-lb:100', 'via', 'from 240 to 6000 s'],
    ['via=azure-lb:6001', 'via', 'from 240 to 6000 s'],
    ['via=azure-lb:soon', 'via', 'not a whole number of seconds'],
    ['via=azure-lb:', 'via', 'not a whole number of seconds'],
    ['via=azure-lb:1800,azure-lb', 'via', 'listed twice'],
    ['via=generic-firewall:600', 'via', 'no documented range'],
    ['openssh=9', 'openssh', 'version'],
    ['nginx=2.0', 'nginx', 'version'],
    ['postgres=9', 'postgres', 'one of'],
    ['mysql=mariadb-5', 'mysql', 'one of'],
    ['upstream=host', 'upstream', 'host:port'],
    ['upstream=host:70000', 'upstream', 'host:port'],
    ['dbhost=a b', 'dbhost', 'host name'],
    ['host=a%0aProxyCommand%20x', 'host', 'ssh Host patterns'],
    ['v=2', 'v', 'must be 1'],
    ['__proto__=1', '__proto__', 'not a known parameter'],
  ])('%s is rejected on %s', (q, field, message) => {
    const base = field === 'target' ? 'idle=120' : 'target=postgres';
    const { input, errors } = parseQuery(`${base}&${q}`);
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]?.message).toContain(message);
    if (field === 'target') expect(input.idle).toBe(120);
    else expect(input.target).toBe('postgres');
  });

  it('a key given twice is rejected rather than guessed', () => {
    const { input, errors } = parseQuery('idle=60&idle=120&target=mysql');
    expect(errors).toEqual([{ field: 'idle', value: '60', message: 'was given more than once and was ignored' }]);
    expect(input.idle).toBe(300);
    expect(input.target).toBe('mysql');
  });

  it(`a query longer than ${MAX_QUERY_LENGTH} characters is refused whole`, () => {
    const { input, errors } = parseQuery(`target=mysql&host=${'a'.repeat(MAX_QUERY_LENGTH)}`);
    expect(errors.map((e) => e.field)).toEqual(['query']);
    expect(input).toEqual(DEFAULT_INPUT);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (q) => {
        const { input, errors } = parseQuery(q);
        expect(input.target).toBeDefined();
        expect(Array.isArray(errors)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("via: a box's configured timeout (via=azure-lb:1800)", () => {
  // Boxes with a documented range (lib/middleboxes.ts), each with a timeout inside it.
  const settable = MIDDLEBOXES.filter((m) => settableRange(m) !== null);
  const entry = fc.constantFrom(...settable).chain((m) => {
    const [lo, hi] = settableRange(m)!;
    return fc
      .option(fc.integer({ min: lo, max: Math.min(hi, 10 ** 7) }), { nil: undefined })
      .map((s) => ({ id: m.id, s }));
  });
  const via = fc.uniqueArray(entry, { minLength: 1, maxLength: 8, selector: (e) => e.id });

  it('round-trips losslessly, and each box keeps its own timeout', () => {
    fc.assert(
      fc.property(via, (entries) => {
        const q = `via=${entries.map((e) => (e.s === undefined ? e.id : `${e.id}:${e.s}`)).join(',')}`;
        const { input, errors } = parseQuery(q);
        expect(errors).toEqual([]);
        expect(input.via.ids).toEqual(entries.map((e) => e.id));
        for (const e of entries) {
          const dflt = MIDDLEBOXES.find((m) => m.id === e.id)?.defaultSeconds;
          expect(input.via.seconds[e.id as MiddleboxId]).toBe(e.s === undefined || e.s === dflt ? undefined : e.s);
        }
        const again = parseQuery(writeQuery(input));
        expect(again.errors).toEqual([]);
        expect(again.input).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('writes seconds, takes durations, and drops a timeout equal to the default', () => {
    expect(writeQuery(parseQuery('via=azure-lb:1800').input)).toBe('v=1&via=azure-lb:1800');
    expect(writeQuery(parseQuery('via=azure-lb:30m,aws-natgw').input)).toBe('v=1&via=azure-lb:1800,aws-natgw');
    // Azure LB's default is 240 s: the same state as the box alone.
    expect(writeQuery(parseQuery('via=azure-lb:240').input)).toBe('v=1&via=azure-lb');
  });

  it('the configured timeout is what the planner uses, with the box keeping its semantics', () => {
    const { input } = parseQuery('target=postgres&via=azure-lb:1800');
    expect(input.via.seconds).toEqual({ 'azure-lb': 1800 });
    const alb = parseQuery('target=postgres&via=aws-alb:300').input;
    expect(alb.via.seconds).toEqual({ 'aws-alb': 300 });
  });
});
