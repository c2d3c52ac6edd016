'use client';
import { useState } from 'react';
import { middlebox, settableRange } from '@/lib/middleboxes';
import { formatDuration, parseDuration } from '@/lib/time';
import {
  confidenceWords,
  entryId,
  entryTimeout,
  isUnverified,
  keepaliveWords,
  parseBoxTimeout,
  timeoutWords,
  type Middlebox,
} from './boxFacts';
/** One box's facts: name, timeout, keepalive behaviour, confidence; unverified entries look unverified. */
export function BoxFacts(props: { box: Middlebox; withSource?: boolean; configured?: string }) {
  const { box, withSource, configured } = props;
  const set = configured ? parseDuration(configured) : undefined;
  const unverified = isUnverified(box);
  return (
    <span className="block text-sm">
      <span className="font-medium text-slate-900 dark:text-slate-100">{box.name}</span>{' '}
      <span
        className={
          'ml-1 inline-block rounded px-1 text-[0.7rem] font-medium uppercase tracking-wide ' +
          (unverified
            ? 'border border-dashed border-amber-600 text-amber-800 dark:border-amber-400 dark:text-amber-300'
            : 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300')
        }
      >
        {confidenceWords(box)}
      </span>
      <span className={`block text-xs text-slate-600 dark:text-slate-400 ${unverified ? 'italic' : ''}`}>
        {set !== undefined
          ? `set to ${formatDuration(set)} (default ${formatDuration(box.defaultSeconds ?? 0)})`
          : timeoutWords(box)}{' '}
        · {keepaliveWords(box)}
      </span>
      {withSource ? (
        <span className="block text-xs text-slate-500 dark:text-slate-400">Source: {box.source}</span>
      ) : null}
    </span>
  );
}

/**
 * The timeout a chosen box is configured to, inside its documented range (lib/middleboxes.ts
 * settableRange); the box keeps its semantics (payload-only or not). A box without a documented
 * range says it cannot be set. Valid values apply as typed; an invalid one is named and not applied.
 */
function TimeoutSetting(props: { box: Middlebox; value: string; onTimeout: (seconds: number | undefined) => void }) {
  const { box, value, onTimeout } = props;
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  // A fixed id, not useId: the page hydrates the configurator as its own root (components/island.tsx),
  // where useId's tree-position ids differ from the ones the build rendered; a box is on the path once.
  const id = `via-timeout-${box.id}`;
  const range = settableRange(box);
  if (!range || box.defaultSeconds === null) {
    return (
      <span className="block text-xs text-slate-600 dark:text-slate-400">
        Its timeout cannot be set here: no documented range.
      </span>
    );
  }
  return (
    <span className="mt-1 block text-xs">
      <label htmlFor={id} className="mr-1.5 text-slate-700 dark:text-slate-300">
        Configured idle timeout of {box.name}
      </label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={draft}
        placeholder={`${box.defaultSeconds} (default)`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-range${problem ? ` ${id}-error` : ''}`}
        className="w-28 rounded border border-slate-400 bg-white px-1.5 py-0.5 text-sm text-slate-900 dark:border-slate-500 dark:bg-slate-950 dark:text-slate-100"
        onChange={(e) => {
          setDraft(e.target.value);
          const r = parseBoxTimeout(box, e.target.value);
          if ('problem' in r) setProblem(r.problem);
          else {
            setProblem(undefined);
            onTimeout(r.seconds);
          }
        }}
      />
      <span id={`${id}-range`} className="ml-1.5 text-slate-600 dark:text-slate-400">
        seconds or 30m; from {formatDuration(range[0])} to {formatDuration(range[1])}
      </span>
      {problem ? (
        <span id={`${id}-error`} className="block font-medium text-red-700 dark:text-red-400">
          {problem}
        </span>
      ) : null}
    </span>
  );
}

/** The boxes already on the path (`via` entries), each removable with its own labelled button. */
export function BoxChips(props: {
  selected: readonly string[];
  onRemove: (id: string) => void;
  onTimeout: (id: string, seconds: number | undefined) => void;
}) {
  const { selected, onRemove, onTimeout } = props;
  if (selected.length === 0) return null;
  return (
    <ul aria-label="Boxes on the path" className="space-y-1.5">
      {selected.map((entry) => {
        const id = entryId(entry);
        const box = middlebox(id);
        const unverified = box ? isUnverified(box) : true;
        return (
          <li
            key={id}
            className={
              'flex items-start gap-2 rounded-md border px-2.5 py-1.5 ' +
              (unverified
                ? 'border-dashed border-amber-500 bg-amber-50/60 dark:border-amber-500/70 dark:bg-amber-950/30'
                : 'border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900')
            }
          >
            <span className="min-w-0 flex-1">
              {box ? <BoxFacts box={box} withSource configured={entryTimeout(entry)} /> : id}
              {box && box.defaultSeconds !== null ? (
                <TimeoutSetting box={box} value={entryTimeout(entry)} onTimeout={(s) => onTimeout(id, s)} />
              ) : null}
            </span>
            <button
              type="button"
              onClick={() => onRemove(id)}
              aria-label={`Remove ${box?.name ?? id}`}
              className="inline-flex size-6 flex-none items-center justify-center rounded text-lg leading-none text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-teal-600 dark:hover:bg-slate-700 dark:hover:text-white"
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
