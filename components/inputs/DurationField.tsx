'use client';
import { useState } from 'react';
import { SHORTEST_BOX_TIMEOUT, minutesMeant } from '@/lib/plausible';
import { SECONDS_IN } from '@/lib/time';
import { Field, describedBy, inputClass, type QueryFieldProps } from './Field';

const UNITS = [
  { id: 's', label: 's', seconds: SECONDS_IN.s },
  { id: 'min', label: 'min', seconds: SECONDS_IN.min },
  { id: 'h', label: 'h', seconds: SECONDS_IN.h },
] as const;
type Unit = (typeof UNITS)[number]['id'];

function unitSeconds(unit: Unit): number {
  return UNITS.find((u) => u.id === unit)?.seconds ?? 1;
}

/** The largest unit that shows a whole number of seconds exactly. */
function split(seconds: string): { amount: string; unit: Unit } {
  const n = Number(seconds);
  if (seconds === '' || !Number.isInteger(n) || n <= 0) return { amount: seconds, unit: 's' };
  const unit = [...UNITS].reverse().find((u) => n % u.seconds === 0) ?? UNITS[0];
  return { amount: String(n / unit.seconds), unit: unit.id };
}

/** The query value for an amount and unit: seconds when it is a number, the text as typed otherwise. */
function toQueryValue(amount: string, unit: Unit): string {
  const text = amount.trim();
  if (text === '') return '';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return text;
  const seconds = Number(text) * unitSeconds(unit);
  const rounded = Math.round(seconds);
  return String(Math.abs(seconds - rounded) < 1e-9 ? rounded : seconds);
}

/** A duration typed as a number with a unit (s, min, h); the query always carries seconds. */
export function DurationField(props: QueryFieldProps) {
  const { name, label, hint, placeholder, initial, error, onChange } = props;
  const [draft, setDraft] = useState(() => split(initial));
  const id = `field-${name}`;
  const update = (amount: string, unit: Unit) => {
    setDraft({ amount, unit });
    onChange(name, toQueryValue(amount, unit));
  };
  // A bare number is seconds; below the shortest timeout of any catalogued box it was probably minutes.
  const meant = error ? undefined : minutesMeant(draft.amount, draft.unit);
  const suggestion =
    meant === undefined ? null : (
      <p
        id={`${id}-meant`}
        data-testid={`${name}-meant`}
        className="flex flex-wrap items-center gap-x-2 text-xs font-medium text-amber-800 dark:text-amber-300"
      >
        <span>
          Did you mean {meant} min? {meant} s is shorter than any box in the list forgets a connection (the shortest,{' '}
          {SHORTEST_BOX_TIMEOUT} s).
        </span>
        <button
          type="button"
          className="min-h-6 rounded border border-amber-700 px-1.5 text-amber-900 hover:bg-amber-50 focus-visible:outline-2 focus-visible:outline-teal-600 dark:border-amber-400 dark:text-amber-200 dark:hover:bg-amber-950"
          onClick={() => update(draft.amount, 'min')}
        >
          Use {meant} min
        </button>
      </p>
    );
  const described =
    [describedBy(id, Boolean(hint), error), meant === undefined ? undefined : `${id}-meant`]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <Field id={id} label={label} hint={hint} error={error} extra={suggestion}>
      <div className="flex gap-2">
        <input
          id={id}
          name={name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          className={`${inputClass} min-w-0 flex-1 tabular-nums`}
          value={draft.amount}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => update(e.target.value, draft.unit)}
        />
        <select
          aria-label={`${label}: unit`}
          name={`${name}-unit`}
          className={`${inputClass} w-20 flex-none`}
          value={draft.unit}
          onChange={(e) => update(draft.amount, UNITS.find((u) => u.id === e.target.value)?.id ?? 's')}
        >
          {UNITS.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}
