'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * How long the summary must stay unchanged before it is announced. Keystrokes of someone typing a
 * number come a few hundred milliseconds apart; a second without change means the edit is done,
 * while still being heard right after it.
 */
export const SETTLE_MS = 1000;

/**
 * `text` once it has stayed the same for SETTLE_MS, and only when that differs from what was said (or
 * shown at load) before: one announcement per settled change, none per keystroke, none at load.
 */
export function useSettled(text: string): string {
  const [said, setSaid] = useState('');
  const last = useRef(text);
  useEffect(() => {
    if (text === last.current) return;
    const timer = window.setTimeout(() => {
      last.current = text;
      setSaid(text);
    }, SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  return said;
}
