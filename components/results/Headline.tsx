import { ASSUMED } from '@/lib/path';
import { detectionText, headlineLayer, headlineText } from '@/lib/summary';
import type { Infeasible as InfeasibleFacts, Plan } from '@/lib/types';

/**
 * The answer to "my idle connections die", survival first: whether they now outlive each box on the
 * path, and which box dropped them before; then how soon a dead peer is noticed. A check mark only
 * for a timeout someone gave: an assumed one, or a box of unknown timeout, shows a question mark.
 */
export function Headline(props: { plan: Plan }) {
  const { plan } = props;
  const layer = headlineLayer(plan);
  const assumed = plan.path.packetFrom === ASSUMED;
  const ok = assumed ? null : plan.survival.after.ok;
  return (
    <div className="space-y-2">
      <h2 id="headline" className="space-y-1 text-balance">
        <span
          data-survives={String(ok)}
          data-assumed={assumed ? 'true' : undefined}
          className={
            'flex gap-2 text-xl font-semibold tracking-tight sm:text-2xl ' +
            (ok === true
              ? 'text-emerald-800 dark:text-emerald-300'
              : ok === false
                ? 'text-red-800 dark:text-red-300'
                : 'text-amber-800 dark:text-amber-300')
          }
        >
          <span aria-hidden="true">{ok === true ? '✓' : ok === false ? '✗' : '?'}</span>
          <span>{headlineText(plan)}</span>
        </span>
        <span className="block text-lg font-medium text-slate-900 dark:text-white">
          {layer ? detectionText(plan) : 'No layer of this target detects a dead peer.'}
        </span>
      </h2>
      {layer ? <p className="text-sm text-slate-600 dark:text-slate-400">Worst case, for {layer.label}.</p> : null}
    </div>
  );
}

/** When no values satisfy every constraint: the reason takes the headline's place and snippets are withheld. */
export function Infeasible(props: { infeasible: InfeasibleFacts }) {
  return (
    <section className="space-y-2 rounded-lg border-2 border-red-500 p-4 dark:border-red-400">
      <h2 id="headline" className="text-2xl font-semibold tracking-tight text-red-800 dark:text-red-300">
        No settings meet every constraint
      </h2>
      <p id="infeasible-message">{props.infeasible.message}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No snippets are shown until the inputs can be met together: change the value the message names.
      </p>
    </section>
  );
}
