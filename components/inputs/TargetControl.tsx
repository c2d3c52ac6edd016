'use client';
import { TARGETS, TARGET_LABELS, type TargetId } from '@/lib/catalog';

/** The target as a segmented control: a native radio group, so arrow keys move between options. */
export function TargetControl(props: { value: TargetId; onChange: (name: string, value: string) => void }) {
  const { value, onChange } = props;
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium text-slate-800 dark:text-slate-200">
        The software whose connections drop
      </legend>
      <div className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-800">
        {TARGETS.map((target) => (
          <label key={target} className="min-w-0 flex-auto">
            <input
              type="radio"
              name="target"
              value={target}
              checked={value === target}
              onChange={() => onChange('target', target)}
              className="peer sr-only"
            />
            <span
              className={
                'block cursor-pointer rounded-md px-2.5 py-1.5 text-center text-sm whitespace-nowrap text-slate-700 ' +
                'peer-checked:bg-white peer-checked:font-semibold peer-checked:text-teal-800 peer-checked:shadow-sm ' +
                'peer-focus-visible:outline-2 peer-focus-visible:outline-teal-600 hover:bg-white/60 ' +
                'dark:text-slate-300 dark:peer-checked:bg-slate-950 dark:peer-checked:text-teal-300 dark:hover:bg-slate-900/60'
              }
            >
              {TARGET_LABELS[target]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
