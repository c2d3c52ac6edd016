'use client';
import { useSyncExternalStore } from 'react';

/**
 * Whether code blocks wrap long lines: one choice for the whole page, kept for as long as the page is
 * open (edits, another target, cards coming and going), not stored anywhere: a reload starts unwrapped.
 */
let wrapped = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setWrapped(value: boolean): void {
  if (value === wrapped) return;
  wrapped = value;
  for (const l of listeners) l();
}

/** The page's wrap choice; false in the exported HTML, which has no script to change it. */
export function useWrapped(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => wrapped,
    () => false,
  );
}
