'use client';
import { useEffect, useRef, useState } from 'react';
import { searchGroups } from '@/lib/boxKinds';
import type { FieldError } from '@/lib/url';
import { describedBy, inputClass } from './Field';
import { BoxChips, BoxFacts } from './BoxChips';
import { entryId, withTimeout } from './boxFacts';

/**
 * A searchable list of known middleboxes, grouped by kind (the WAI-ARIA combobox pattern with a
 * grouped listbox); the picked ones become chips, where a box's configured timeout can be set.
 * Keyboard: focus, typing or Down opens the list, Up and Down move, Enter picks and closes, Escape
 * closes (and clears the text when already closed), Tab closes and moves on. The list is never a tab
 * stop, and nothing reopens it but the user: not Enter, not Escape, not focus given back by a chip.
 */
export function MiddleboxPicker(props: {
  selected: readonly string[];
  error: FieldError | undefined;
  onChange: (name: string, value: string) => void;
}) {
  const { selected, error, onChange } = props;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Fixed, not useId: the configurator is hydrated as its own root (components/island.tsx), where
  // useId's tree-position ids differ from the build's. The page has one picker.
  const listId = 'via-boxes';
  const search = useRef<HTMLInputElement>(null);
  // Focus given back after a chip is removed must not open the list over the form.
  const quietFocus = useRef(false);
  const id = 'field-via';
  const ids = selected.map(entryId);
  const groups = searchGroups(text, ids);
  const matches = groups.flatMap((g) => g.boxes);
  const current = matches[Math.min(active, matches.length - 1)];
  const set = (entries: readonly string[]) => onChange('via', entries.join(','));
  const add = (boxId: string) => {
    set([...selected, boxId]);
    setText('');
    setActive(0);
    setOpen(false);
  };
  const optionId = (boxId: string) => `${listId}-${boxId}`;
  const showList = open && matches.length > 0;
  const activeId = showList && current ? optionId(current.id) : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Load balancers, NATs and firewalls on the path
      </label>
      <BoxChips
        selected={selected}
        onRemove={(boxId) => {
          set(selected.filter((s) => entryId(s) !== boxId));
          quietFocus.current = true;
          search.current?.focus(); // the removed chip's button is gone: keep the keyboard user in place
        }}
        onTimeout={(boxId, seconds) =>
          set(selected.map((s) => (entryId(s) === boxId ? withTimeout(boxId, seconds) : s)))
        }
      />
      <div className="relative">
        <input
          ref={search}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          placeholder="Search: firewall, VPN, AWS NAT, Azure…"
          className={`${inputClass} w-full`}
          value={text}
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, true, error)}
          onFocus={() => {
            if (!quietFocus.current) setOpen(true);
            quietFocus.current = false;
          }}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (!open) {
                setOpen(true);
                return;
              }
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive((a) => (Math.min(a, matches.length - 1) + step + matches.length) % Math.max(1, matches.length));
            } else if (e.key === 'Enter') {
              // Never submits or reopens: Enter picks the active option of an open list, else does nothing.
              e.preventDefault();
              if (showList && current) add(current.id);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              if (open) setOpen(false);
              else setText('');
            } else if (e.key === 'Tab') {
              setOpen(false); // focus moves on by default; the list is not a tab stop
            }
          }}
        />
        <div
          id={listId}
          role="listbox"
          tabIndex={-1}
          hidden={!showList}
          aria-label="Known middleboxes"
          className="absolute z-20 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-600 dark:bg-slate-900"
        >
          {showList
            ? groups.map((g) => (
                <div key={g.kind} role="group" aria-labelledby={`${listId}-group-${g.kind}`}>
                  <div
                    id={`${listId}-group-${g.kind}`}
                    role="presentation"
                    className="px-3 pb-0.5 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
                  >
                    {g.label}
                  </div>
                  {g.boxes.map((box) => (
                    <div
                      key={box.id}
                      id={optionId(box.id)}
                      role="option"
                      aria-selected={box === current}
                      className="cursor-pointer px-3 py-1.5 aria-selected:bg-teal-50 dark:aria-selected:bg-teal-950"
                      onMouseDown={(e) => e.preventDefault()}
                      onMouseEnter={() => setActive(matches.indexOf(box))}
                      onClick={() => add(box.id)}
                    >
                      <BoxFacts box={box} />
                    </div>
                  ))}
                </div>
              ))
            : null}
        </div>
        {open && matches.length === 0 ? (
          <p
            role="status"
            className="absolute z-20 mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-600 shadow-lg dark:border-slate-600 dark:bg-slate-900 dark:text-slate-400"
          >
            No box matches “{text}”: pick a generic entry (type “firewall” or “VPN”), or enter the timeout below.
          </p>
        ) : null}
      </div>
      <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        Pick every box the connection crosses; the shortest timeout wins. Set a box’s timeout on its chip if you changed
        it.
      </p>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
