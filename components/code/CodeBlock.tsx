'use client';
import { Fragment, useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { HighlighterCore } from 'shiki/core';
import type { Language } from '@/lib/catalog';
import { THEMES } from './themes';
import { wantHighlighter } from './useHighlighter';
import { useNearViewport } from './useNearViewport';

type Lines = ReturnType<HighlighterCore['codeToTokens']>['tokens'];

/**
 * Tokens of `text` while the block is near the screen; away from it, the last tokens while the text is
 * unchanged (scrolled-past blocks stay coloured), else none: an edit re-tokenizes visible blocks only.
 */
function useTokens(
  highlighter: HighlighterCore | undefined,
  near: boolean,
  text: string,
  language: Language,
): Lines | undefined {
  const last = useRef<{ text: string; language: Language; lines: Lines }>(undefined);
  const lines = useMemo(() => {
    if (!highlighter || !near) return undefined;
    if (text === '') return [];
    try {
      return highlighter.codeToTokens(text, { lang: language, themes: THEMES }).tokens;
    } catch {
      return undefined;
    }
  }, [highlighter, near, text, language]);
  useEffect(() => {
    if (lines) last.current = { text, language, lines };
  }, [lines, text, language]);
  if (lines || !highlighter) return lines;
  const kept = last.current;
  return kept && kept.text === text && kept.language === language ? kept.lines : undefined;
}

/**
 * A snippet's text: plain until the highlighter arrives, then the same characters in coloured spans.
 * The <pre> box is identical in both states, so highlighting causes no layout shift. Unwrapped, a long
 * line scrolls sideways inside the block (focusable, so the keyboard can scroll it); wrapped, it breaks
 * at the block's edge, anywhere if it must (components/code/wrap.ts holds the choice).
 */
export function CodeBlock(props: {
  text: string;
  language: Language;
  highlighter: HighlighterCore | undefined;
  wrap: boolean;
}) {
  const { text, language, highlighter, wrap } = props;
  const ref = useRef<HTMLPreElement>(null);
  // Only blocks on or near the screen are tokenized: the others keep plain text (same box) until they come near.
  const near = useNearViewport(ref);
  useEffect(() => {
    if (near) wantHighlighter();
  }, [near]);
  // The header comments (they carry the share query, so they change with every input) and the body are
  // tokenized apart: an edit that leaves the body alone re-tokenizes a few comment lines only.
  const cut = text.indexOf('\n\n');
  const head = cut < 0 ? '' : text.slice(0, cut);
  const body = cut < 0 ? text : text.slice(cut + 2);
  const headLines = useTokens(highlighter, near, head, language);
  const bodyLines = useTokens(highlighter, near, body, language);
  const lines = headLines && bodyLines ? (cut < 0 ? bodyLines : [...headLines, [], ...bodyLines]) : undefined;
  return (
    <pre
      ref={ref}
      tabIndex={0}
      data-wrap={wrap}
      className={`code ${wrap ? 'whitespace-pre-wrap [overflow-wrap:anywhere]' : 'overflow-x-auto'} focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-teal-600 rounded-b-lg bg-slate-50 px-4 py-3 font-mono text-[0.8rem] leading-relaxed text-slate-900 dark:bg-slate-900 dark:text-slate-100`}
    >
      <code>
        {lines
          ? lines.map((line, i) => (
              <Fragment key={i}>
                {line.map((token, j) => (
                  <span key={j} style={token.htmlStyle as CSSProperties | undefined}>
                    {token.content}
                  </span>
                ))}
                {i < lines.length - 1 ? '\n' : null}
              </Fragment>
            ))
          : text}
      </code>
    </pre>
  );
}
