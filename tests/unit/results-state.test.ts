// components/results/announce.ts: the stale marker's words and the settled summary the live region
// says. (The page around them, Results.tsx, is checked in a browser: tests/e2e/results-state.spec.ts.)
import { describe, expect, it } from 'vitest';
import { fieldNames, settledSummary, staleText } from '../../components/results/announce';
import { run } from '../../lib/engine';
import { detectionText, headlineText } from '../../lib/summary';

const view = (query: string) => run(query);

describe('stale marker text', () => {
  it('is empty while every field is valid', () => {
    expect(staleText([])).toBe('');
  });
  it('names the invalid fields in words, one or several', () => {
    expect(staleText(['goal'])).toBe(
      'Showing the last valid state: the detection goal is not valid, so these results still use the last valid value.',
    );
    expect(fieldNames(['idle', 'keepalive', 'goal'])).toBe(
      'the path’s idle timeout, the kernel keepalive values and the detection goal',
    );
    expect(staleText(['idle', 'goal'])).toMatch(/ are not valid/);
    expect(fieldNames(['something_new'])).toBe('something_new');
  });
});

describe('settled summary', () => {
  it('is the headline, survival then detection, with the stale marker first when a field is invalid', () => {
    const plan = view('v=1&target=postgres&via=aws-natgw').plan;
    expect(settledSummary(plan, [])).toBe(`${headlineText(plan)} ${detectionText(plan)}`);
    expect(settledSummary(plan, ['goal'])).toBe(`${staleText(['goal'])} ${headlineText(plan)} ${detectionText(plan)}`);
  });
  it('says why when nothing fits', () => {
    const plan = view('v=1&goal=1').plan;
    expect(plan.infeasible).toBeDefined();
    expect(settledSummary(plan, [])).toBe(headlineText(plan));
  });
});
