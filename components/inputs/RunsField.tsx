'use client';
import {
  CODE_LANGUAGES,
  CODE_LANGUAGE_LABELS,
  NO_LANGUAGE,
  SIDES,
  SIDE_LABELS,
  type CodeLanguage,
} from '../../lib/filter';
import type { FieldError } from '@/lib/url';

/** The languages a `lang` query value selects: every one when it is empty (the default), none for `none`. */
export function selectedLanguages(value: string): readonly CodeLanguage[] {
  if (value === '') return CODE_LANGUAGES;
  if (value === NO_LANGUAGE) return [];
  const ids = value.split(',');
  return CODE_LANGUAGES.filter((l) => ids.includes(l));
}

/** The `lang` value after one checkbox changed: '' (the default) when all are checked, `none` when none is. */
export function toggledLanguage(value: string, language: CodeLanguage, on: boolean): string {
  const now = selectedLanguages(value);
  const next = CODE_LANGUAGES.filter((l) => (l === language ? on : now.includes(l)));
  if (next.length === CODE_LANGUAGES.length) return '';
  return next.length === 0 ? NO_LANGUAGE : next.join(',');
}

const box =
  'size-4 rounded border-slate-400 accent-teal-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600';
const option = 'inline-flex min-h-6 cursor-pointer items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300';
const group = 'mb-1 text-xs font-medium text-slate-700 dark:text-slate-300';

/**
 * "What you run": which end, containers or not, which languages (lib/filter.ts). Native radios and
 * checkboxes; the query keys `side`, `containers` and `lang` leave the default (everything shown) out.
 */
export function RunsField(props: {
  raw: Readonly<Record<string, string>>;
  errors: Readonly<Record<string, FieldError>>;
  onChange: (name: string, value: string) => void;
}) {
  const { raw, errors, onChange } = props;
  const side = raw.side ?? '';
  const containers = raw.containers !== 'no';
  const languages = selectedLanguages(raw.lang ?? '');
  const error = errors.side ?? errors.containers ?? errors.lang;
  return (
    <fieldset aria-describedby={error ? 'field-runs-error' : 'field-runs-hint'} data-testid="runs-field">
      <legend className="mb-1.5 text-sm font-medium text-slate-800 dark:text-slate-200">What you run</legend>
      <fieldset className="mb-2">
        <legend className={group}>Which end</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {(['', ...SIDES] as const).map((s) => (
            <label key={s} className={option}>
              <input
                type="radio"
                name="side"
                value={s}
                checked={side === s}
                onChange={() => onChange('side', s)}
                className={box}
              />
              {s === '' ? 'both ends' : SIDE_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className={`${option} mb-2`}>
        <input
          type="checkbox"
          name="containers"
          checked={containers}
          onChange={(e) => onChange('containers', e.target.checked ? '' : 'no')}
          className={box}
        />
        Containers (docker, compose, Kubernetes)
      </label>
      <fieldset>
        <legend className={group}>Code in</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {CODE_LANGUAGES.map((l) => (
            <label key={l} className={option}>
              <input
                type="checkbox"
                name="lang"
                value={l}
                checked={languages.includes(l)}
                onChange={(e) => onChange('lang', toggledLanguage(raw.lang ?? '', l, e.target.checked))}
                className={box}
              />
              {CODE_LANGUAGE_LABELS[l]}
            </label>
          ))}
        </div>
      </fieldset>
      <p id="field-runs-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Only the snippets for what you run are shown, and put in the runbook.
      </p>
      {error ? (
        <p id="field-runs-error" role="alert" className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
          {error.field}: {error.message}
        </p>
      ) : null}
    </fieldset>
  );
}
