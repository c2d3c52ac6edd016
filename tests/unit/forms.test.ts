// Accepted input forms (issue 17): exactly the documented ones. Durations follow DURATION_GRAMMAR
// (lib/time.ts), numbers are digits, versions reach the bound their message names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_GRAMMAR } from '../../lib/time';
import { parseQuery, writeQuery } from '../../lib/url';

const accepted = (key: string, value: string) =>
  parseQuery(
    new URLSearchParams([
      ['target', 'mysql'],
      [key, value],
    ]),
  ).errors.length === 0;

describe('durations in the query', () => {
  it.each([
    ['idle', '120', 120],
    ['idle', '2m', 120],
    ['idle', '1h30m', 5400],
    ['idle', '7d', 604800],
    ['goal', '90s', 90],
    ['goal', '1d1s', 86401],
  ])('%s=%s is %d s', (key, value, seconds) => {
    const { input, errors } = parseQuery(new URLSearchParams([[key, value]]));
    expect(errors).toEqual([]);
    expect(key === 'idle' ? input.idle : input.goal).toBe(seconds);
  });

  it.each([
    '5 min',
    '5min',
    ' 300',
    '300 ',
    '300\n',
    '300\u2028',
    '\u2028300',
    '\u00a0300',
    '5M',
    '1H',
    '1h 30m',
    '30m1h',
    '+300',
    '1.5m',
    '１２０',
  ])('idle and goal %j are refused, naming the field', (value) => {
    for (const key of ['idle', 'goal']) {
      const { errors } = parseQuery(
        new URLSearchParams([
          ['target', 'mysql'],
          [key, value],
        ]),
      );
      expect(errors.map((e) => e.field)).toEqual([key]);
      expect(errors[0]?.message).toContain('from 1 to 604800');
    }
  });

  it('the examples the grammar gives are accepted', () => {
    const examples = /\(([^)]*)\)$/.exec(DURATION_GRAMMAR)?.[1]?.split(', ') ?? [];
    expect(examples.length).toBeGreaterThan(2);
    for (const e of examples) expect(accepted('idle', e), e).toBe(true);
  });

  it('any accepted form writes back as canonical seconds, and the round trip is lossless', () => {
    const form = fc
      .tuple(fc.option(fc.nat(7)), fc.option(fc.nat(200)), fc.option(fc.nat(20000)), fc.option(fc.nat(700000)))
      .filter((t) => t.some((n) => n !== null))
      .map(([d, h, m, s]) => ({
        text: [
          d === null ? '' : `${d}d`,
          h === null ? '' : `${h}h`,
          m === null ? '' : `${m}m`,
          s === null ? '' : `${s}s`,
        ].join(''),
        seconds: (d ?? 0) * 86400 + (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0),
      }));
    fc.assert(
      fc.property(form, fc.constantFrom('idle', 'goal'), ({ text, seconds }, key) => {
        const { input, errors } = parseQuery(
          new URLSearchParams([
            ['via', 'aws-natgw'],
            [key, text],
          ]),
        );
        const inRange = seconds >= 1 && seconds <= 604800;
        expect(errors.length === 0).toBe(inRange);
        if (!inRange) return;
        const q = writeQuery(input);
        expect(new URLSearchParams(q).get(key)).toBe(String(seconds));
        expect(parseQuery(q).input).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });
});

describe('numbers in the query', () => {
  it.each([
    ['user_timeout', ' 5000'],
    ['user_timeout', '5000\u2028'],
    ['user_timeout', '5e3'],
    ['keepalive', '60 :10:6'],
    ['keepalive', '60:10:6\n'],
    ['alive', '60:\u20283'],
  ])('%s=%j is refused', (key, value) => {
    expect(accepted(key, value)).toBe(false);
  });
});

describe('version bounds agree with their messages', () => {
  it.each([
    ['nginx', '1.99'],
    ['nginx', '1.99.0'],
    ['nginx', '1.99.99'],
    ['nginx', '1.16'],
    ['nginx', '1.16.0'],
    ['openssh', '10.99'],
    ['openssh', '10.99.1'],
    ['openssh', '7.0'],
  ])('%s=%s is accepted', (key, value) => {
    expect(accepted(key, value)).toBe(true);
  });

  it.each([
    ['nginx', '1.15.12', 'from 1.16 to 1.99.x'],
    ['nginx', '2.0', 'from 1.16 to 1.99.x'],
    ['nginx', '2.0.0', 'from 1.16 to 1.99.x'],
    ['openssh', '11.0', 'from 7.0 to 10.99.x'],
    ['openssh', '6.9.9', 'from 7.0 to 10.99.x'],
  ])('%s=%s is refused: %s', (key, value, message) => {
    const { errors } = parseQuery(new URLSearchParams([[key, value]]));
    expect(errors.map((e) => e.field)).toEqual([key]);
    expect(errors[0]?.message).toContain(message);
  });
});
