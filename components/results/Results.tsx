'use client';
import { isShown } from '@/lib/filter';
import type { View } from '../model';
import { useHighlighter } from '../code/useHighlighter';
import { fieldsShown } from '../inputs/fields';
import { settledSummary, staleText } from './announce';
import { DetectionTable } from './DetectionTable';
import { Headline, Infeasible } from './Headline';
import { RunbookActions } from './RunbookActions';
import { SnippetCard } from './SnippetCard';
import { Timeline } from './Timeline';
import { WarningList } from './WarningList';
import { useSettled } from './useSettled';

const NONE: readonly string[] = [];

/**
 * The answer: headline, timeline, warnings, the per-layer table, then one card per snippet. While a
 * field's draft is invalid (`stale`: its query keys) the results keep that field's last valid value,
 * and a marker above them says so. One polite live region speaks for the results: the settled summary,
 * once the inputs stop changing (./useSettled.ts), never each keystroke.
 */
export function Results(props: { result: View; stale?: readonly string[]; announce: (message: string) => void }) {
  const { result, stale = NONE, announce } = props;
  const { plan, snippets } = result;
  const marker = staleText(stale);
  const settled = useSettled(settledSummary(plan, stale));
  const highlighter = useHighlighter();
  const placed = new Set<string>([...snippets.map((s) => s.id), ...fieldsShown(plan.input.target)]);
  // A warning about a card the filter hides is left out, as in the runbook (lib/runbook.ts).
  const general = plan.warnings.filter(
    (w) => w.concerns === undefined || (!placed.has(w.concerns) && isShown(plan.input, w.concerns)),
  );
  return (
    <main
      id="results"
      aria-labelledby="headline"
      aria-describedby={marker ? 'stale-marker' : undefined}
      className="min-w-0 space-y-6 lg:py-4"
    >
      <p role="status" className="sr-only" data-testid="results-status">
        {settled}
      </p>
      {marker ? (
        <p
          id="stale-marker"
          data-stale={stale.join(',')}
          className="rounded-md border-2 border-dashed border-amber-600 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-950 dark:border-amber-500 dark:bg-amber-950/40 dark:text-amber-100"
        >
          {marker}
        </p>
      ) : null}
      {plan.infeasible ? (
        <Infeasible infeasible={plan.infeasible} />
      ) : (
        <>
          <Headline plan={plan} />
          <Timeline plan={plan} />
        </>
      )}
      <WarningList warnings={general} />
      {/* The per-socket code layers state their figures in their own cards' headers: the table keeps to the target's. */}
      <DetectionTable layers={plan.detection.filter((d) => !d.layer.startsWith('code-'))} headline={plan.headline} />
      {snippets.length > 0 ? (
        <section aria-labelledby="snippets-title" className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="snippets-title" className="text-lg font-semibold text-slate-900 dark:text-white">
              What to paste where
            </h2>
            <RunbookActions
              plan={plan}
              snippets={snippets}
              filename={`keepalive-${plan.input.target}.md`}
              announce={announce}
            />
          </div>
          {snippets.map((s) => (
            <SnippetCard
              key={s.id}
              snippet={s}
              warnings={plan.warnings.filter((w) => w.concerns === s.id)}
              highlighter={highlighter}
              announce={announce}
            />
          ))}
        </section>
      ) : null}
    </main>
  );
}
