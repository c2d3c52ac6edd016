'use client';
import { useState } from 'react';
import { Field, describedBy, inputClass, type QueryFieldProps } from './Field';

const UNITS = [
  { id: 's', label: 's', seconds: 1 },
  { id: 'min', label: 'min', seconds: 60 },
  { id: 'h', label: 'h', seconds: 3600 },
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
  return (
    <Field id={id} label={label} hint={hint} error={error}>
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
          aria-describedby={describedBy(id, Boolean(hint), error)}
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
