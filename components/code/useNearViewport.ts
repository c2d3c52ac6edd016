'use client';
import { startTransition, useEffect, useState, type RefObject } from 'react';

/** True while the element is on screen or within one screen height of it. */
export function useNearViewport(ref: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver !== 'function') {
      setNear(true);
      return;
    }
    // Inside a box that skips off-screen work (content-visibility: auto, the snippet cards) the element
    // has no layout until the browser draws that box again, which it does only about half a screen
    // away: watch the box itself, so that "near" means within one screen height as intended.
    let watched: Element = element;
    for (let e: Element | null = element; e; e = e.parentElement) {
      if (getComputedStyle(e).contentVisibility === 'auto') {
        watched = e;
        break;
      }
    }
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) startTransition(() => setNear(last.isIntersecting));
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(watched);
    return () => observer.disconnect();
  }, [ref]);
  return near;
}
