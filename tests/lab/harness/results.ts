/**
 * The lab's result table: one row per measurement, appended by the test workers to a JSONL file
 * and rendered to results.md by global-setup.ts when the run ends.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { z } from 'zod';

export const RESULTS_JSONL = fileURLToPath(new URL('../.results.jsonl', import.meta.url));
export const RESULTS_MD = fileURLToPath(new URL('../results.md', import.meta.url));

const Row = z.object({
  scenario: z.string(),
  query: z.string(),
  layer: z.string(),
  /** Formatted cells: seconds as "7.00", or an outcome such as "answers". */
  computed: z.string(),
  measured: z.string(),
  delta: z.string(),
  pass: z.boolean(),
  note: z.string(),
});
export type Row = z.infer<typeof Row>;

/** The brief's acceptance band: |measured - computed| <= max(1 s, 5 %). */
export function tolerance(computed: number): number {
  return Math.max(1, 0.05 * computed);
}

const fmt = (n: number): string => n.toFixed(2);

let recorded = 0;
/** How many rows this worker has recorded so far (to spot a test that failed before measuring). */
export function recordedCount(): number {
  return recorded;
}

/** A row for a test that failed before it could record one (setup, daemon start, engine call). */
export function recordFailure(scenario: string, message: string): void {
  record({
    scenario,
    query: '',
    layer: '',
    computed: '—',
    measured: '—',
    delta: '—',
    pass: false,
    note: `error: ${message}`,
  });
}

function record(row: Row): void {
  recorded += 1;
  appendFileSync(RESULTS_JSONL, `${JSON.stringify(row)}\n`);
  const cells = [row.scenario, row.query, row.layer, row.computed, row.measured, row.delta, row.pass ? 'pass' : 'FAIL'];
  console.log(`[lab] ${cells.join(' | ')}${row.note ? ` | ${row.note}` : ''}`);
}

export interface Expectation {
  readonly scenario: string;
  readonly query: string;
  readonly layer: string;
  /** What the engine (or, where stated in `note`, the FACTS.md model) computes, in seconds. */
  readonly computed: number;
  readonly note?: string;
}

/** A measurement with a remark for the table (e.g. the retransmission schedule seen). */
export interface Measurement {
  readonly seconds: number;
  readonly note: string;
}

/**
 * Runs one measurement, records its row (also when the measurement itself fails), and asserts
 * that it lies within the tolerance of the computed figure.
 */
export async function check(exp: Expectation, measure: () => Promise<number | Measurement>): Promise<void> {
  let measured: number;
  let note = exp.note ?? '';
  try {
    const result = await measure();
    measured = typeof result === 'number' ? result : result.seconds;
    if (typeof result !== 'number') note = [note, result.note].filter(Boolean).join('; ');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    record({
      ...exp,
      computed: fmt(exp.computed),
      measured: '—',
      delta: '—',
      pass: false,
      note: `${exp.note ?? ''} error: ${message}`.trim(),
    });
    throw error;
  }
  const pass = Math.abs(measured - exp.computed) <= tolerance(exp.computed);
  const delta = `${measured >= exp.computed ? '+' : ''}${fmt(measured - exp.computed)}`;
  record({ ...exp, computed: fmt(exp.computed), measured: fmt(measured), delta, pass, note });
  expect(measured, `${exp.scenario}: measured vs computed ${exp.computed} s`).toBeGreaterThanOrEqual(
    exp.computed - tolerance(exp.computed),
  );
  expect(measured, `${exp.scenario}: measured vs computed ${exp.computed} s`).toBeLessThanOrEqual(
    exp.computed + tolerance(exp.computed),
  );
}

export interface OutcomeExpectation {
  readonly scenario: string;
  readonly query: string;
  readonly layer: string;
  /** The outcome the engine's figures promise, e.g. "answers" or "no answer". */
  readonly expected: string;
  readonly note?: string;
}

/** Like check(), for a yes/no outcome (does the connection still pass data?). */
export async function checkOutcome(
  exp: OutcomeExpectation,
  observe: () => Promise<string | { observed: string; note: string }>,
): Promise<void> {
  let observed: string;
  let note = exp.note ?? '';
  try {
    const result = await observe();
    observed = typeof result === 'string' ? result : result.observed;
    if (typeof result !== 'string') note = [note, result.note].filter(Boolean).join('; ');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    record({
      ...exp,
      computed: exp.expected,
      measured: '—',
      delta: '—',
      pass: false,
      note: `${note} error: ${message}`.trim(),
    });
    throw error;
  }
  record({ ...exp, computed: exp.expected, measured: observed, delta: '', pass: observed === exp.expected, note });
  expect(observed, exp.scenario).toBe(exp.expected);
}

export function readRows(): Row[] {
  if (!existsSync(RESULTS_JSONL)) return [];
  return readFileSync(RESULTS_JSONL, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => Row.parse(JSON.parse(line)));
}

export function renderTable(unsorted: readonly Row[], wallSeconds: number): string {
  const rows = [...unsorted].sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
  const lines = [
    '| scenario | query | layer | computed (s) | measured (s) | delta (s) | result |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => {
      const result = r.pass ? 'pass' : `**FAIL**${r.note ? ` (${r.note})` : ''}`;
      return `| ${r.scenario} | \`${r.query}\` | ${r.layer} | ${r.computed} | ${r.measured} | ${r.delta} | ${result} |`;
    }),
  ];
  const notes = rows.filter((r) => r.pass && r.note).map((r) => `- ${r.scenario}: ${r.note}`);
  return [
    `# Lab results`,
    '',
    `Pass band: |measured - computed| <= max(1 s, 5 %). Whole lab: ${wallSeconds.toFixed(0)} s wall time.`,
    '',
    ...lines,
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ].join('\n');
}
