import type { Detection, LayerDetection, Term } from '@/lib/types';
import { fmt } from '@/lib/render/snippet';

function termText(t: Term): string {
  return `${t.name} = ${t.value}${t.unit === 'count' ? '' : ` ${t.unit}`}`;
}

function How(props: { detection: Detection }) {
  const { formula, terms } = props.detection;
  return (
    <span className="text-xs text-slate-600 dark:text-slate-400">
      <span className="font-mono">{formula}</span>
      {terms.length ? <span> with {terms.map(termText).join(', ')}</span> : null}
    </span>
  );
}

/** Worst-case detection per layer, before and after, each with the formula that gives it. */
export function DetectionTable(props: { layers: readonly LayerDetection[]; headline: string }) {
  const { layers, headline } = props;
  return (
    <div className="overflow-x-auto [contain-intrinsic-size:auto_24rem] [content-visibility:auto]">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="mb-2 text-left text-base font-semibold text-slate-900 dark:text-slate-100">
          Time to notice a dead peer, per layer
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-400">
            <th scope="col" className="py-1.5 pr-3 font-medium">Layer</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">Before</th>
            <th scope="col" className="py-1.5 font-medium">After</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => (
            <tr key={l.layer} data-layer={l.layer} className="border-b border-slate-200 align-top dark:border-slate-800">
              <th scope="row" className={`py-2 pr-3 ${l.layer === headline ? 'font-semibold' : 'font-normal'}`}>
                {l.label}
              </th>
              <td className="py-2 pr-3">
                <span className="block tabular-nums">{fmt(l.before)}</span>
                <How detection={l.before} />
              </td>
              <td className="py-2">
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
