import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../lib/catalog';
import { run } from '../../lib/engine';
import { PRESETS } from '../../lib/presets';
import { allCases } from './harness/engine';
import { exec } from './harness/exec';
import { generatedQueries } from './harness/inputs';

const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('the suite checks exactly what users get', () => {
  it('covers every preset', () => {
    const queries = new Set(generatedQueries());
    expect(PRESETS.filter((p) => !queries.has(p.query)).map((p) => p.id)).toEqual([]);
  });

  it('every generated query is valid', () => {
    expect(allCases().flatMap((c) => c.result.errors.map((e) => `${c.query}: ${e.field} ${e.message}`))).toEqual([]);
  });

  it('an infeasible plan withholds its snippets', () => {
    const infeasible = allCases().filter((c) => c.result.plan.infeasible !== undefined);
    expect(infeasible.length).toBeGreaterThan(0);
    expect(infeasible.filter((c) => c.result.snippets.length > 0).map((c) => c.query)).toEqual([]);
  });

  // One CLI process per target (a preset where there is one): the same snippets as run().
  const sample = TARGETS.map(
    (t) => PRESETS.find((p) => p.query.startsWith(`v=1&target=${t}&`))?.query ?? `target=${t}`,
  );
  for (const query of sample) {
    it(`CLI --format json prints the snippets run() returns: ${query}`, async () => {
      const r = await exec(`${repo}node_modules/.bin/tsx`, ['lib/cli.ts', query, '--format', 'json'], {
        cwd: repo,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const printed = JSON.parse(r.stdout) as { snippets: unknown };
      expect(printed.snippets).toEqual(run(query).snippets);
    });
  }
});
