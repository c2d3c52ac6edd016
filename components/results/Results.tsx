'use client';
import type { View } from '../model';
import { useHighlighter } from '../code/useHighlighter';
import { fieldsShown } from '../inputs/fields';
import { DetectionTable } from './DetectionTable';
import { Headline, Infeasible } from './Headline';
import { RunbookActions } from './RunbookActions';
import { SnippetCard } from './SnippetCard';
import { Timeline } from './Timeline';
import { WarningList } from './WarningList';

/** The answer: headline, timeline, warnings, the per-layer table, then one card per snippet. */
export function Results(props: { result: View; announce: (message: string) => void }) {
  const { result, announce } = props;
  const { plan, snippets } = result;
  const highlighter = useHighlighter();
  const placed = new Set<string>([...snippets.map((s) => s.id), ...fieldsShown(plan.input.target)]);
  const general = plan.warnings.filter((w) => w.concerns === undefined || !placed.has(w.concerns));
  return (
    <main id="results" aria-labelledby="headline" className="min-w-0 space-y-6 lg:py-4">
      {plan.infeasible ? (
        <Infeasible infeasible={plan.infeasible} />
      ) : (
        <>
          <Headline plan={plan} />
          <Timeline plan={plan} />
        </>
      )}
      <WarningList warnings={general} />
      <DetectionTable layers={plan.detection} headline={plan.headline} />
      {snippets.length > 0 ? (
        <section aria-labelledby="snippets-title" className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="snippets-title" className="text-lg font-semibold text-slate-900 dark:text-white">
              What to paste where
            </h2>
            <RunbookActions plan={plan} snippets={snippets} filename={`keepalive-${plan.input.target}.md`} announce={announce} />
          </div>
          {snippets.map((s) => (
            <SnippetCard key={s.id} snippet={s} warnings={plan.warnings.filter((w) => w.concerns === s.id)} highlighter={highlighter} announce={announce} />
          ))}
        </section>
      ) : null}
    </main>
  );
}
