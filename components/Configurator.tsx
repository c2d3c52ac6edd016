'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { PRESETS } from '@/lib/presets';
import { InputPanel } from './inputs/InputPanel';
import { PresetLinks } from './inputs/PresetLinks';
import { replayEarlyInput } from './earlyInput';
import { Notice } from './Notice';
import { Results } from './results/Results';
import { useConfig } from './useConfig';

/**
 * The interactive page: inputs on the left, results on the right, all state in the URL query. It
 * takes the query it starts from, not its answer: the answer is computed where it renders, at build
 * and again in the browser as components/island.tsx hydrates it from the same query, so the page
 * carries its answer once, as HTML.
 */
export function Configurator(props: { query: string }) {
  const { state, setField, openQuery, dismissNotice } = useConfig(props.query);
  const inputs = useRef<HTMLElement>(null);
  useEffect(() => {
    // Edits made between the first paint and now. A link with settings replaces the whole form
    // once the engine has read it, so there only that link's state counts.
    const form = inputs.current?.querySelector('form');
    if (form && window.location.search === '') replayEarlyInput(form);
  }, []);
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    // Clearing first makes a repeated message ("Copied") be read again.
    setMessage('');
    window.setTimeout(() => setMessage(text), 50);
  }, []);
  return (
    <div className="mx-auto grid max-w-[1600px] gap-6 px-4 pb-10 sm:px-6 lg:grid-cols-[minmax(20rem,26rem)_1fr] lg:gap-8">
      <div className="min-w-0 space-y-3 lg:col-span-2">
        <Notice errors={state.notice} onDismiss={dismissNotice} />
        <PresetLinks presets={PRESETS} active={state.result.presetId} onOpen={openQuery} />
      </div>
      <aside
        ref={inputs}
        aria-label="Inputs"
        className="min-w-0 space-y-5 lg:sticky lg:top-0 lg:max-h-dvh lg:overflow-y-auto lg:py-4 lg:pr-2"
      >
        {/* Controls that cannot work without JavaScript say so; the preset links above are static pages. */}
        <noscript>
          <p
            className="rounded-md border border-amber-400 p-2 text-sm text-amber-800 dark:border-amber-600 dark:text-amber-300"
            data-testid="inputs-need-js"
          >
            These inputs need JavaScript. Without it, the common setups above open their own pages, and the command-line
            tool takes any query.
          </p>
        </noscript>
        <InputPanel state={state} setField={setField} />
      </aside>
      <Results result={state.result} stale={Object.keys(state.fieldErrors)} announce={announce} />
      <p aria-live="polite" role="status" className="sr-only" data-testid="announcer">
        {message}
      </p>
    </div>
  );
}
