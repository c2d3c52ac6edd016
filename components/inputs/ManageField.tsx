'use client';
import { MANAGE_KINDS, MANAGE_LABELS, type ManageKind } from '../../lib/catalog';
import type { FieldError } from '@/lib/url';

/** The query value after one checkbox changed: the checked kinds in MANAGE_KINDS order ('' when none). */
export function toggledManage(value: string, kind: ManageKind, on: boolean): string {
  const selected = value.split(',');
  return MANAGE_KINDS.filter((k) => (k === kind ? on : selected.includes(k))).join(',');
}

/**
 * "Roll out with": native checkboxes (Tab reaches each, Space toggles), one per config-management
 * output; the query key `manage` holds the checked ones in MANAGE_KINDS order, none by default.
 */
export function ManageField(props: {
  value: string;
  error: FieldError | undefined;
  onChange: (name: string, value: string) => void;
}) {
  const { value, error, onChange } = props;
  const selected = value.split(',');
  return (
    <fieldset aria-describedby={error ? 'field-manage-error' : 'field-manage-hint'}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800 dark:text-slate-200">Roll out with</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1.5">
        {MANAGE_KINDS.map((kind) => (
          <label
            key={kind}
            className="inline-flex min-h-6 cursor-pointer items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300"
          >
            <input
              type="checkbox"
              name="manage"
              value={kind}
              checked={selected.includes(kind)}
              onChange={(e) => onChange('manage', toggledManage(value, kind, e.target.checked))}
              className="size-4 rounded border-slate-400 accent-teal-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
            />
            {MANAGE_LABELS[kind]}
          </label>
        ))}
      </div>
      <p id="field-manage-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Adds the settings as Ansible tasks, cloud-init user data or an AKS node pool block.
      </p>
      {error ? (
        <p id="field-manage-error" role="alert" className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
    </fieldset>
  );
}
