// Property tests over hostile queries: the codec (issue 7). 7,500 cases per run (numRuns below).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery, writeQuery } from '../../../lib/url';
import { hostileQuery, hostileValue } from './arbitraries';
import { inputProblems, parseProblems } from './invariants';

describe('parseQuery on hostile queries', () => {
  it('never throws; returns a valid input and names every rejected field (5000 queries)', () => {
    fc.assert(
      fc.property(hostileQuery, (q) => {
        expect(parseProblems(q)).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('writeQuery of the result parses back without errors to the same input (1500 queries)', () => {
    fc.assert(
      fc.property(hostileQuery, (q) => {
        const { input } = parseQuery(q);
        const again = parseQuery(writeQuery(input));
        expect(again.errors).toEqual([]);
        expect(again.input).toEqual(input);
        expect(inputProblems(again.input)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('a hostile value on any field never leaks into another field (1000 queries)', () => {
    fc.assert(
      fc.property(
        hostileValue,
        fc.constantFrom('host', 'dbhost', 'upstream', 'via', 'idle', 'keepalive', 'target'),
        (value, key) => {
          const q = `target=postgres&${encodeURIComponent(key)}=${encodeURIComponent(value)}&idle=120`;
          const { input, errors } = parseQuery(q);
          expect(errors.every((e) => e.field === key)).toBe(true);
          if (key !== 'target') expect(input.target).toBe('postgres');
          if (key !== 'idle') expect(input.idle).toBe(120);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
