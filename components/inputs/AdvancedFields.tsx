'use client';
import { useState, type ReactNode } from 'react';
import { targetOf } from '@/lib/targets';
import type { TargetField } from '@/lib/targets/target';
import type { Warning } from '@/lib/types';
import type { ConfigState } from '../useConfig';
import { WarningList } from '../results/WarningList';
import { Field, inputClass } from './Field';
import type { SetField } from './InputPanel';
import { TextField } from './TextField';

/** The keys every target has under "Advanced" (explicit kernel values); a target's own come from its declaration. */
const COMMON_KEYS = ['keepalive', 'user_timeout'];

function TargetSelect(props: {
  field: Extract<TargetField, { control: 'select' }>;
  value: string;
  setField: SetField;
  extra: ReactNode;
}) {
  const { field, value, setField, extra } = props;
  const id = `field-${field.key}`;
  return (
    <Field id={id} label={field.label} hint={field.hint} error={undefined} extra={extra}>
      <select
        id={id}
        name={field.key}
        aria-describedby={field.hint ? `${id}-hint` : undefined}
        className={`${inputClass} w-full`}
        value={value}
        onChange={(e) => setField(field.key, e.target.value)}
      >
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * Versions, explicit values and names under "Advanced": the chosen target's own fields, as its
 * declaration asks for them (lib/targets/target.ts TargetField), around the explicit kernel values.
 * Open from the start when any of them is set or wrong.
 */
export function AdvancedFields(props: {
  state: ConfigState;
  setField: SetField;
  about: (field: string) => readonly Warning[];
}) {
  const { state, setField, about } = props;
  const { raw, fieldErrors } = state;
  const { input } = state.result;
  const own = targetOf(input.target).fields;
  const text = (
    name: string,
    label: string,
    hint: string | undefined,
    placeholder: string,
    initial = raw[name] ?? '',
  ) => (
    <TextField
      key={name}
      name={name}
      label={label}
      hint={hint}
      placeholder={placeholder}
      initial={initial}
      error={fieldErrors[name]}
      onChange={setField}
      extra={<WarningList warnings={about(name)} />}
    />
  );
  const render = (f: TargetField) =>
    f.control === 'select' ? (
      <TargetSelect
        key={f.key}
        field={f}
        value={f.value(input)}
        setField={setField}
        extra={<WarningList warnings={about(f.key)} />}
      />
    ) : (
      text(f.key, f.label, f.hint, f.placeholder, raw[f.key] ?? f.shown?.(input) ?? '')
    );
  // Decided once per loaded state: the user's own toggling is never undone while typing.
  const [open] = useState(() =>
    [...COMMON_KEYS, ...own.map((f) => f.key)].some((k) => raw[k] !== undefined || fieldErrors[k] !== undefined),
  );
  return (
    <details open={open} className="group rounded-lg border border-slate-200 dark:border-slate-700">
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium text-slate-800 select-none hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-slate-200 dark:hover:bg-slate-900">
        Advanced: versions, explicit values, names
      </summary>
      <div className="space-y-4 px-3 pt-1 pb-3">
        {own.filter((f) => f.group === 'version').map(render)}
        {text(
          'keepalive',
          'Kernel keepalive (idle : interval : probes)',
          'Your own idle time, interval (s) and probe count; the page then checks them instead of choosing.',
          'e.g. 60:10:6',
        )}
        {text('user_timeout', 'TCP_USER_TIMEOUT (ms)', 'Your own value in milliseconds.', 'e.g. 90000')}
        {own.filter((f) => f.group === 'name').map(render)}
      </div>
    </details>
  );
}
