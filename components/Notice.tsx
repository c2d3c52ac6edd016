import type { FieldError } from '@/lib/url';

/**
 * The notice's first sentence. A query over the codec's length limit is refused whole (lib/url.ts,
 * field `query`): then nothing of the link applies, and the title must not say "the rest apply".
 */
function title(errors: readonly FieldError[]): string {
  if (errors.some((e) => e.field === 'query')) return 'This link was not read: the page shows the defaults.';
  return `${errors.length === 1 ? 'One parameter of this link was ignored' : `${errors.length} parameters of this link were ignored`}; the rest apply.`;
}

/**
 * Parameters of the opened link that were dropped, by name; the valid ones still apply, unless the
 * whole query was refused. Keys and values arrive escaped by the codec (lib/escape.ts), the same
 * text the CLI prints on stderr.
 */
export function Notice(props: { errors: readonly FieldError[]; onDismiss: () => void }) {
  const { errors, onDismiss } = props;
  return (
    <div role="status" aria-live="polite">
      {errors.length > 0 ? (
        <div className="rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950/40 dark:text-amber-100">
          <div className="flex items-start justify-between gap-3">
            <p className="font-semibold">{title(errors)}</p>
            <button
              type="button"
              onClick={onDismiss}
              className="rounded px-1.5 text-base leading-none hover:bg-amber-200 focus-visible:outline-2 focus-visible:outline-teal-600 dark:hover:bg-amber-900"
              aria-label="Dismiss the notice"
            >
              ×
            </button>
          </div>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {errors.map((e, i) => (
              <li key={i} data-ignored={e.field}>
                <code className="font-mono font-semibold break-all">{e.field}</code>
                {e.value !== '' ? (
                  <>
                    {' = '}
                    <code className="font-mono break-all">{e.value}</code>
                  </>
                ) : null}{' '}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
