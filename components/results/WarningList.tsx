import type { Warning } from '@/lib/types';

/** Warnings in plain words; placed beside the snippet or field they concern. */
export function WarningList(props: { warnings: readonly Warning[]; className?: string }) {
  const { warnings, className = '' } = props;
  if (warnings.length === 0) return null;
  return (
    <ul className={`space-y-1.5 ${className}`}>
      {warnings.map((w) => (
        <li
          key={`${w.code}-${w.concerns ?? ''}`}
          data-warning={w.code}
          className="flex gap-2 rounded-md border-l-4 border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <span aria-hidden="true" className="select-none font-bold">
            !
          </span>
          <span>
            <span className="sr-only">Warning: </span>
            {w.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
