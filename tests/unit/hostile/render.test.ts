// Property tests over hostile queries: planner and every renderer (issue 7). 2,000 cases per run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../../lib/cli';
import { run } from '../../../lib/engine';
import { writeQuery } from '../../../lib/url';
import { checkAll } from '../grammars';
import { hostileQuery } from './arbitraries';

/** Every number in a JSON-like tree is finite (NaN and Infinity would print as null). */
function nonFinite(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [`${path} = ${x}`];
  if (Array.isArray(x)) return x.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

describe('run() on hostile queries', () => {
  it('never throws, and every snippet line is inside its format grammar with the plan values (2000 queries)', () => {
    fc.assert(
      fc.property(hostileQuery, (q) => {
        const r = run(q);
        expect(r.plan.input).toEqual(r.input);
        expect(r.plan.shareQuery).toBe(writeQuery(r.input));
        expect(checkAll(r.snippets, r.plan)).toEqual([]);
        expect(nonFinite(toJson(r))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});
