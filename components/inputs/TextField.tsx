'use client';
import { useState, type ReactNode } from 'react';
import { Field, describedBy, inputClass, type QueryFieldProps } from './Field';

/** A free-text query field; the draft stays as typed, the engine decides whether it is valid. */
export function TextField(props: QueryFieldProps & { extra?: ReactNode }) {
  const { name, label, hint, placeholder, initial, error, onChange, extra } = props;
  const [draft, setDraft] = useState(initial);
  const id = `field-${name}`;
  return (
    <Field id={id} label={label} hint={hint} error={error} extra={extra}>
      <input
        id={id}
        name={name}
        type="text"
        autoComplete="off"
        spellCheck={false}
        className={`${inputClass} w-full font-mono`}
        value={draft}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), error)}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(name, e.target.value.trim());
        }}
      />
    </Field>
  );
}
