import type { ReactNode } from 'react';
import type { FieldError } from '@/lib/url';

/** Ids that tie a control to its hint and error text for screen readers. */
/** What every field bound to one query key takes: its key, its words, its draft, its error, and where edits go. */
export interface QueryFieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  initial: string;
  error: FieldError | undefined;
  onChange: (name: string, value: string) => void;
}

export function describedBy(id: string, hint: boolean, error: FieldError | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export const inputClass =
  'rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ' +
  'focus:border-teal-600 focus:outline-2 focus:outline-offset-1 focus:outline-teal-600 ' +
  'aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

/** A labelled field with an optional hint and the engine's message when the draft is invalid. */
export function Field(props: {
  id: string;
  label: string;
  hint?: ReactNode;
  error: FieldError | undefined;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { id, label, hint, error, extra, children } = props;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {/* Not a live region: the message can change with every keystroke. aria-describedby reads it with the
          field, and the results' settled summary says which field is invalid once typing stops. */}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
      {extra}
    </div>
  );
}
