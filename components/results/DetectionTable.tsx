import type { Detection, LayerDetection, Term } from '@/lib/types';
import { fmt } from '@/lib/render/snippet';
import { SITUATION_WHILE } from '@/lib/timeline';

function termText(t: Term): string {
  return `${t.name} = ${t.value}${t.unit === 'count' ? '' : ` ${t.unit}`}`;
}

/** How the figure comes about: the situation that gives it, then the timeline's events in one line (lib/timeline). */
function How(props: { detection: Detection }) {
  const { formula, terms, situation } = props.detection;
  return (
    <span className="text-xs [overflow-wrap:anywhere] text-slate-600 dark:text-slate-400">
      <span className="block font-medium">{SITUATION_WHILE[situation]}:</span>
      <span>{formula}</span>
      {terms.length ? <span> with {terms.map(termText).join(', ')}</span> : null}
    </span>
  );
}

/**
 * Worst-case detection per layer, before and after, each with the formula that gives it. Below the `sm`
 * width a row is a two-column grid, the layer's name on a line of its own above "before" and "after", so
 * the table reads at 375 px without scrolling sideways; long option names in a formula may break
 * anywhere. A table whose rows are not `display: table-row` can lose its semantics in some browsers,
 * so the roles are also given explicitly.
 */
export function DetectionTable(props: { layers: readonly LayerDetection[]; headline: string }) {
  const { layers, headline } = props;
  return (
    <div className="[contain-intrinsic-size:auto_24rem] [content-visibility:auto]">
      <table role="table" className="block w-full border-collapse text-left text-sm sm:table">
        <caption className="mb-2 block text-left text-base font-semibold text-slate-900 sm:table-caption dark:text-slate-100">
          Time to notice a dead peer, per layer
        </caption>
        <thead role="rowgroup" className="block sm:table-header-group">
          <tr
            role="row"
            className="grid grid-cols-2 gap-x-3 border-b border-slate-300 text-slate-600 sm:table-row dark:border-slate-600 dark:text-slate-400"
          >
            <th
              role="columnheader"
              scope="col"
              className="sr-only font-medium sm:not-sr-only sm:table-cell sm:py-1.5 sm:pr-3"
            >
              Layer
            </th>
            <th role="columnheader" scope="col" className="py-1.5 font-medium sm:pr-3">
              Before
            </th>
            <th role="columnheader" scope="col" className="py-1.5 font-medium">
              After
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup" className="block sm:table-row-group">
          {layers.map((l) => (
            <tr
              key={l.layer}
              role="row"
              data-layer={l.layer}
              className="grid grid-cols-2 gap-x-3 border-b border-slate-200 align-top sm:table-row dark:border-slate-800"
            >
              <th
                role="rowheader"
                scope="row"
                className={`col-span-2 pt-2 sm:table-cell sm:py-2 sm:pr-3 ${l.layer === headline ? 'font-semibold' : 'font-normal'}`}
              >
                {l.label}
              </th>
              <td role="cell" className="py-2 sm:pr-3">
                <span className="block tabular-nums">{fmt(l.before)}</span>
                <How detection={l.before} />
              </td>
              <td role="cell" className="py-2">
                <span className="block font-medium tabular-nums">{fmt(l.after)}</span>
                <How detection={l.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
