import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../lib/time';

describe('formatDuration', () => {
  it.each([
    [7875, '2 h 11 min 15 s'],
    [375, '6 min 15 s'],
    [924.6, '15 min 24.6 s'],
    [60, '1 min'],
    [86400 + 1, '1 d 1 s'],
    [0, '0 s'],
  ])('%d s reads "%s"', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

describe('parseDuration', () => {
  it.each([
    ['300', 300],
    ['0300', 300],
    ['5m', 300],
    ['1h', 3600],
    ['1h30m', 5400],
    ['90s', 90],
    ['90m', 5400],
    ['1d', 86400],
    ['1d2h3m4s', 93784],
    ['2h0m', 7200],
  ])('"%s" is %d s', (text, s) => {
    expect(parseDuration(text)).toBe(s);
  });
  it.each([
    '',
    '5x',
    '-5',
    '+5',
    '1.5',
    '1.5h',
    'm5',
    '5 m x',
    'NaN',
    'Infinity',
    '1e3',
    // Forms the grammar leaves out: other unit names, upper case, spaces, wrong order, a unit twice.
    '2min',
    '5M',
    '1H',
    '5 m',
    '5 min',
    '1h 30m',
    ' 300',
    '300 ',
    '300\n',
    '\u2028300',
    '300\u2028',
    '\t5m',
    '30m1h',
    '1h1h',
    's',
    'h',
    '１２０',
    '٣٠٠',
    '1234567890',
  ])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
