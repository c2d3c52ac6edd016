'use client';
import type { Preset } from '@/lib/presets';
import { presetPath } from '@/lib/link';

/**
 * Named scenarios as plain links to their own static pages (app/p/[preset]/page.tsx, pre-rendered
 * at build, so they work without JavaScript); with JavaScript a click loads the preset in place and
 * the URL query holds it. The active one is derived from the state and marked with aria-current.
 * At 375 px the links wrap, the long titles inside their pill too: nothing scrolls sideways.
 */
export function PresetLinks(props: {
  presets: readonly Preset[];
  active: string | undefined;
  onOpen: (query: string) => void;
}) {
  const { presets, active, onOpen } = props;
  return (
    <nav aria-labelledby="presets-title" className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:gap-3">
      <h2 id="presets-title" className="flex-none text-sm font-medium text-slate-800 dark:text-slate-200">
        Common setups
      </h2>
      <ul className="flex min-w-0 flex-wrap gap-1.5">
        {presets.map((p) => (
          <li key={p.id} className="min-w-0">
            <a
              href={presetPath(p.id)}
              title={p.description}
              aria-current={p.id === active ? 'true' : undefined}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
                e.preventDefault();
                onOpen(p.query);
              }}
              className={
                'flex min-h-6 items-center rounded-xl border px-2.5 py-0.5 text-xs sm:rounded-full sm:whitespace-nowrap ' +
                'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-teal-600 ' +
                'aria-[current=true]:border-teal-700 aria-[current=true]:bg-teal-700 aria-[current=true]:text-white ' +
                'border-slate-300 text-slate-700 hover:border-teal-600 hover:text-teal-800 ' +
                'dark:border-slate-600 dark:text-slate-300 dark:hover:text-teal-300'
              }
            >
              {p.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
