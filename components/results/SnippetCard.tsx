'use client';
import type { HighlighterCore } from 'shiki/core';
import type { Snippet, Warning } from '@/lib/types';
import { CodeBlock } from '../code/CodeBlock';
import { setWrapped, useWrapped } from '../code/wrap';
import { CopyButton, buttonClass } from './CopyButton';
import { WarningList } from './WarningList';

/**
 * One snippet: what it is, the file name and where it goes, its warnings, the text and a copy button.
 * Off-screen cards skip style, layout and paint (content-visibility: auto), as do the timeline and
 * the table: on a phone all of them start below the inputs, and the browser's work before the first
 * paint is what Lighthouse's phone model multiplies by four. The 20rem placeholder is about a card of
 * ten lines; once shown, a card keeps its real size (the `auto` keyword).
 */
export function SnippetCard(props: {
  snippet: Snippet;
  warnings: readonly Warning[];
  highlighter: HighlighterCore | undefined;
  announce: (message: string) => void;
}) {
  const { snippet, warnings, highlighter, announce } = props;
  const titleId = `snippet-${snippet.id}-title`;
  const wrap = useWrapped();
  return (
    <section
      aria-labelledby={titleId}
      id={`snippet-${snippet.id}`}
      data-snippet={snippet.id}
      className="overflow-hidden rounded-lg border border-slate-200 [contain-intrinsic-size:auto_20rem] [content-visibility:auto] dark:border-slate-700"
    >
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-700">
        <div className="min-w-0">
          <h3 id={titleId} className="font-semibold text-slate-900 dark:text-slate-100">
            {snippet.title}
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <code className="font-mono text-slate-800 dark:text-slate-200">{snippet.filename}</code>
            <span aria-hidden="true"> → </span>
            <span className="sr-only">goes to </span>
            {snippet.destination}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* One choice for every block of the page; aria-pressed tells a screen reader which way it is. */}
          <button type="button" className={buttonClass} aria-pressed={wrap} onClick={() => setWrapped(!wrap)}>
            Wrap lines
          </button>
          <CopyButton text={snippet.text} label="Copy" what={snippet.title} named announce={announce} />
        </div>
      </header>
      <WarningList warnings={warnings} className="px-4 pt-3" />
      <CodeBlock text={snippet.text} language={snippet.language} highlighter={highlighter} wrap={wrap} />
    </section>
  );
}
