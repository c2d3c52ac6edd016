'use client';
import { startTransition, useEffect, useState } from 'react';
import type { HighlighterCore } from 'shiki/core';
import { whenIdle } from '../idle';

let loading: Promise<HighlighterCore> | undefined;

function load(): Promise<HighlighterCore> {
  loading ??= import('./shiki').then((m) => m.createHighlighter());
  return loading;
}

let wanted = false;
const waiting = new Set<() => void>();

/** A code block is on or near the screen: the highlighter is worth loading now. */
export function wantHighlighter(): void {
  if (wanted) return;
  wanted = true;
  for (const start of waiting) start();
  waiting.clear();
}

/**
 * The highlighter once loaded. Loading starts when the browser is idle after a code block first came
 * near the screen, so a page load that shows no code (a phone, before scrolling) does none of it.
 */
export function useHighlighter(): HighlighterCore | undefined {
  const [highlighter, setHighlighter] = useState<HighlighterCore>();
  useEffect(() => {
    let live = true;
    let cancel: (() => void) | undefined;
    const run = () => {
      load().then(
        // A transition: React yields between code blocks instead of colouring them all in one long task.
        (h) => live && startTransition(() => setHighlighter(h)),
        () => undefined, // plain text stays: highlighting is decoration
      );
    };
    const start = () => {
      cancel = whenIdle(run, 1000, 200);
    };
    if (wanted) start();
    else waiting.add(start);
    return () => {
      live = false;
      waiting.delete(start);
      cancel?.();
    };
  }, []);
  return highlighter;
}
